// Every user's running and failed generations, with their errors.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Pager } from "~/components/pager";
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
      <TabsContent value={filter} className="rounded-2xl bg-ink-900 p-6 ring-1 ring-white/5">
        <h2 className="font-semibold">
          {tabLabels[filter]} generations <span className="text-zinc-400">({total})</span>
        </h2>
        {generations.length === 0 ? (
          <p className="mt-4 text-sm text-zinc-400">{filter === "running" ? "Nothing is running." : "No failed generations."}</p>
        ) : (
          <table className="mt-4 w-full text-left text-sm">
            <thead className="text-zinc-400">
              <tr>
                <th scope="col" className="py-2 font-medium">Created (UTC)</th>
                <th scope="col" className="py-2 font-medium">User</th>
                <th scope="col" className="py-2 font-medium">Provider</th>
                <th scope="col" className="py-2 font-medium">Status</th>
                <th scope="col" className="py-2 font-medium">{filter === "running" ? "Step" : "Error"}</th>
              </tr>
            </thead>
            <tbody>
              {generations.map((generation) => (
                <tr key={generation.id} className="border-t border-white/5 align-top" data-testid="admin-generation-row">
                  <td className="py-2 text-zinc-400">{dateTimeFormat.format(new Date(generation.createdAt))}</td>
                  <td className="py-2">
                    <Link to={`/admin/users/${generation.user.id}`} className="break-all text-brand-400 hover:text-brand-300">
                      {generation.user.email}
                    </Link>
                    <p className="text-xs text-zinc-400">{generation.keywords}</p>
                  </td>
                  <td className="py-2">{generation.providerLabel}</td>
                  <td className="py-2">
                    <StatusBadge status={generation.status} />
                  </td>
                  <td className="py-2">
                    {filter === "running" ? (
                      <span className="text-zinc-300">
                        {generation.currentStep ?? "Waiting for a runner"} · {generation.progress}%
                      </span>
                    ) : (
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
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager page={page} pageCount={pageCount} label="Generation pages" />
      </TabsContent>
    </Tabs>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
