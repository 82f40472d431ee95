// Every user's running and failed generations, with their errors.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable, type Column } from "~/components/data-table";
import { Pager } from "~/components/pager";
import { panelClass } from "~/components/panel";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { StatusBadge } from "~/components/status-badge";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "~/components/ui/tabs";
import { ADMIN_GENERATION_FILTERS } from "~/modules/admin/generation-filters";
import { listGenerationsForAdmin } from "~/modules/admin/generations.server";
import { requireAdmin } from "~/modules/auth/admin.server";
import { dateTimeFormat } from "~/utils/misc";

const FilterSchema = z.object({
  status: z.enum(ADMIN_GENERATION_FILTERS).catch("running"),
  page: z.coerce.number().int().min(1).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  const { status, page } = FilterSchema.parse({ status: params.get("status") ?? undefined, page: params.get("page") ?? 1 });
  return json(await listGenerationsForAdmin({ filter: status, page }));
}

const tabLabels = { running: "Running", failed: "Failed" } as const;

export default function AdminGenerationsRoute() {
  const { generations, filter, total, page, pageCount } = useLoaderData<typeof loader>();
  return (
    // Each tab is a link: the filter lives in the URL, so it pages and reloads.
    <Tabs value={filter}>
      <TabsList aria-label="Generations by outcome">
        {ADMIN_GENERATION_FILTERS.map((value) => (
          <TabsTrigger key={value} value={value} asChild>
            <Link to={`?status=${value}`}>{tabLabels[value]}</Link>
          </TabsTrigger>
        ))}
      </TabsList>
      <TabsContent value={filter} className={panelClass}>
        <h2 className="font-semibold">
          {tabLabels[filter]} generations <span className="text-zinc-400">({total})</span>
        </h2>
        {generations.length === 0 ? (
          <p className="mt-4 text-sm text-zinc-400">{filter === "running" ? "Nothing is running." : "No failed generations."}</p>
        ) : (
          <DataTable rows={generations} columns={columnsFor(filter)} rowKey={(generation) => generation.id} rowTestId="admin-generation-row" alignTop />
        )}
        <Pager page={page} pageCount={pageCount} label="Generation pages" />
      </TabsContent>
    </Tabs>
  );
}

type GenerationRow = ReturnType<typeof useLoaderData<typeof loader>>["generations"][number];

/** The last column is where a running batch is, or why a failed one failed. */
function columnsFor(filter: (typeof ADMIN_GENERATION_FILTERS)[number]): Column<GenerationRow>[] {
  return [
    { header: "Created (UTC)", className: "text-zinc-400", cell: (generation) => dateTimeFormat.format(new Date(generation.createdAt)) },
    {
      header: "User",
      cell: (generation) => (
        <>
          <Link to={`/admin/users/${generation.user.id}`} className="break-all text-brand-400 hover:text-brand-300">
            {generation.user.email}
          </Link>
          <p className="text-xs text-zinc-400">{generation.keywords}</p>
        </>
      ),
    },
    { header: "Provider", cell: (generation) => generation.providerLabel },
    { header: "Status", cell: (generation) => <StatusBadge status={generation.status} /> },
    filter === "running"
      ? {
          header: "Step",
          cell: (generation) => (
            <span className="text-zinc-300">
              {generation.currentStep ?? "Waiting for a runner"} · {generation.progress}%
            </span>
          ),
        }
      : {
          header: "Error",
          cell: (generation) => (
            <>
              <p className="text-red-300">{generation.errorMessage ?? "No message"}</p>
              {generation.thumbnailErrors.length > 0 ? (
                <ul className="mt-1 list-disc pl-4 text-xs text-zinc-400" aria-label="Thumbnail errors">
                  {generation.thumbnailErrors.map((message) => (
                    <li key={message}>{message}</li>
                  ))}
                </ul>
              ) : null}
            </>
          ),
        },
  ];
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
