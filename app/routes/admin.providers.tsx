// Provider health: configured or not, what it is set to use (kie.ai's model), setup notices (kie.ai callbacks
// refused for a wrong webhook key), and the last day's failed thumbnails.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable, type Column } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { Panel } from "~/components/panel";
import { getProviderHealth, RECENT_FAILURES_SHOWN } from "~/modules/admin/provider-health.server";
import { requireAdmin } from "~/modules/auth/admin.server";
import { cn, dateTimeFormat } from "~/utils/misc";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  // The number comes with the data: a .server module's constants do not reach the browser.
  return json({ providers: await getProviderHealth(), shown: RECENT_FAILURES_SHOWN });
}

export default function AdminProvidersRoute() {
  const { providers, shown } = useLoaderData<typeof loader>();
  return (
    <div className="flex flex-col gap-6">
      {providers.map((provider) => (
        <Panel
          key={provider.name}
          title={provider.label}
          titleId={`provider-${provider.name}`}
          titleClassName="text-lg font-bold"
          headerClassName="justify-start"
          aside={
            <>
              <span
                className={cn(
                  "rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1",
                  provider.configured ? "bg-emerald-500/15 text-emerald-300 ring-emerald-500/30" : "bg-zinc-500/15 text-zinc-300 ring-zinc-500/30",
                )}
              >
                {provider.configured ? "Configured" : "Not configured"}
              </span>
              {provider.setting ? <span className="text-sm text-zinc-300">{provider.setting}</span> : null}
            </>
          }
          data-testid={`provider-${provider.name}`}
        >
          {provider.notice ? (
            <p role="alert" className="mt-3 rounded-lg bg-amber-500/10 px-3 py-2 text-sm text-amber-200 ring-1 ring-amber-500/30">
              {provider.notice}
            </p>
          ) : null}
          <h3 className="mt-4 text-sm font-medium text-zinc-400">
            Failed thumbnails in the last 24 hours: <span className="text-zinc-100">{provider.failureCount}</span>
            {provider.failureCount > shown ? ` (the latest ${shown} below)` : null}
          </h3>
          {provider.recentFailures.length > 0 ? (
            <DataTable rows={provider.recentFailures} columns={failureColumns} rowKey={(failure) => failure.id} alignTop className="mt-2" />
          ) : null}
        </Panel>
      ))}
    </div>
  );
}

type FailureRow = ReturnType<typeof useLoaderData<typeof loader>>["providers"][number]["recentFailures"][number];

const failureColumns: Column<FailureRow>[] = [
  { header: "When (UTC)", className: "text-zinc-400", cell: (failure) => dateTimeFormat.format(new Date(failure.updatedAt)) },
  {
    header: "User",
    cell: (failure) => (
      <Link to={`/admin/users/${failure.generation.user.id}`} className="break-all text-brand-400 hover:text-brand-300">
        {failure.generation.user.email}
      </Link>
    ),
  },
  { header: "Error", className: "text-red-300", cell: (failure) => failure.errorMessage ?? "No message" },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
