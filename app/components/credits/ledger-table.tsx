import { Pager } from "~/components/pager";
import { ledgerReasonLabel } from "~/modules/credits/ledger";
import { cn, dateTimeFormat } from "~/utils/misc";

type LedgerEntry = { id: string; createdAt: string; reason: string; note: string | null; delta: number; balanceAfter: number };

/** A page of a credit ledger (getCreditStatement), newest first, with its pager: the Account page and an admin's user page. */
export function LedgerTable({
  statement,
  pagerLabel,
}: {
  statement: { entries: LedgerEntry[]; page: number; pageCount: number };
  pagerLabel: string;
}) {
  if (statement.entries.length === 0) return <p className="mt-4 text-sm text-zinc-400">No credit changes yet.</p>;
  return (
    <>
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
            <tr key={entry.id} className="border-t border-white/5" data-testid="ledger-row">
              <td className="py-2 text-zinc-400">{dateTimeFormat.format(new Date(entry.createdAt))}</td>
              <td className="py-2">
                {ledgerReasonLabel(entry.reason)}
                {entry.note ? <span className="text-zinc-400"> · {entry.note}</span> : null}
              </td>
              <td className={cn("py-2 text-right font-semibold tabular-nums", entry.delta > 0 ? "text-emerald-400" : "text-red-400")}>
                {entry.delta > 0 ? `+${entry.delta}` : entry.delta}
              </td>
              <td className="py-2 text-right tabular-nums">{entry.balanceAfter}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={statement.page} pageCount={statement.pageCount} label={pagerLabel} />
    </>
  );
}
