// Provider health: configured or not, what it is set to use (kie.ai's model), setup notices (kie.ai callbacks
// refused for a wrong webhook key), and the last day's failed thumbnails.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
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
        <section
          key={provider.name}
          aria-labelledby={`provider-${provider.name}`}
          className="rounded-2xl bg-ink-900 p-6 ring-1 ring-white/5"
          data-testid={`provider-${provider.name}`}
        >
          <div className="flex flex-wrap items-center gap-3">
            <h2 id={`provider-${provider.name}`} className="text-lg font-bold">
              {provider.label}
            </h2>
            <span
              className={cn(
                "rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1",
                provider.configured ? "bg-emerald-500/15 text-emerald-300 ring-emerald-500/30" : "bg-zinc-500/15 text-zinc-300 ring-zinc-500/30",
              )}
            >
              {provider.configured ? "Configured" : "Not configured"}
            </span>
            {provider.setting ? <span className="text-sm text-zinc-300">{provider.setting}</span> : null}
          </div>
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
            <table className="mt-2 w-full text-left text-sm">
              <thead className="text-zinc-400">
                <tr>
                  <th scope="col" className="py-2 font-medium">When (UTC)</th>
                  <th scope="col" className="py-2 font-medium">User</th>
                  <th scope="col" className="py-2 font-medium">Error</th>
                </tr>
              </thead>
              <tbody>
                {provider.recentFailures.map((failure) => (
                  <tr key={failure.id} className="border-t border-white/5 align-top">
                    <td className="py-2 text-zinc-400">{dateTimeFormat.format(new Date(failure.updatedAt))}</td>
                    <td className="py-2">
                      <Link to={`/admin/users/${failure.generation.user.id}`} className="break-all text-brand-400 hover:text-brand-300">
                        {failure.generation.user.email}
                      </Link>
                    </td>
                    <td className="py-2 text-red-300">{failure.errorMessage ?? "No message"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
