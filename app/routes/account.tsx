import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { PageHeader } from "~/components/page-header";
import { requireUserId } from "~/modules/auth/auth.server";
import { getCreditStatement } from "~/modules/credits/credits.server";
import { ledgerReasonLabel } from "~/modules/credits/ledger";
import { env } from "~/utils/env.server";
import { cn, formatCredits } from "~/utils/misc";

export const meta: MetaFunction = () => [{ title: "Account · Thumbsmith" }];

const PageSchema = z.coerce.number().int().min(1).catch(1);

export async function loader({ request }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const page = PageSchema.parse(new URL(request.url).searchParams.get("page") ?? 1);
  const statement = await getCreditStatement(userId, { page });
  return json({ statement, creditsPerGeneration: env.CREDITS_PER_GENERATION });
}

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default function AccountRoute() {
  const { statement, creditsPerGeneration } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Account" description="Your credits, and every change that explains them." />
      <div className="grid gap-6 md:grid-cols-[280px_1fr]">
        <section aria-labelledby="balance-heading" className="h-fit rounded-2xl bg-ink-900 p-6 ring-1 ring-white/5">
          <h2 id="balance-heading" className="text-sm font-medium text-zinc-400">
            Credit balance
          </h2>
          <p className="mt-2 text-5xl font-black" data-testid="account-balance">
            {statement.balance}
          </p>
          <p className="mt-3 text-sm text-zinc-400">
            One generation costs {formatCredits(creditsPerGeneration)}. A generation that fails is refunded.
          </p>
        </section>
        <section aria-labelledby="ledger-heading" className="rounded-2xl bg-ink-900 p-6 ring-1 ring-white/5">
          <h2 id="ledger-heading" className="font-semibold">
            History
          </h2>
          {statement.entries.length === 0 ? (
            <p className="mt-4 text-sm text-zinc-400">No credit changes yet.</p>
          ) : (
            <table className="mt-4 w-full text-left text-sm">
              <thead className="text-zinc-400">
                <tr>
                  <th scope="col" className="py-2 font-medium">Date (UTC)</th>
                  <th scope="col" className="py-2 font-medium">What</th>
                  <th scope="col" className="py-2 text-right font-medium">Change</th>
                  <th scope="col" className="py-2 text-right font-medium">Balance</th>
                </tr>
              </thead>
              <tbody>
                {statement.entries.map((entry) => (
                  <tr key={entry.id} className="border-t border-white/5">
                    <td className="py-2 text-zinc-400">{dateFormat.format(new Date(entry.createdAt))}</td>
                    <td className="py-2">
                      {ledgerReasonLabel(entry.reason)}
                      {entry.note ? <span className="text-zinc-500"> · {entry.note}</span> : null}
                    </td>
                    <td className={cn("py-2 text-right font-semibold tabular-nums", entry.delta > 0 ? "text-emerald-400" : "text-red-400")}>
                      {entry.delta > 0 ? `+${entry.delta}` : entry.delta}
                    </td>
                    <td className="py-2 text-right tabular-nums">{entry.balanceAfter}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {statement.pageCount > 1 ? (
            <nav aria-label="Ledger pages" className="mt-4 flex justify-between text-sm">
              {statement.page > 1 ? <Link className="text-brand-400" to={`?page=${statement.page - 1}`}>← Newer</Link> : <span />}
              {statement.page < statement.pageCount ? <Link className="text-brand-400" to={`?page=${statement.page + 1}`}>Older →</Link> : null}
            </nav>
          ) : null}
        </section>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
