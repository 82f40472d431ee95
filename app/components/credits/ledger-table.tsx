import { DataTable, type Column } from "~/components/data-table";
import { Pager } from "~/components/pager";
import { ledgerReasonLabel } from "~/modules/credits/ledger";
import { dateTimeFormat } from "~/utils/misc";

type LedgerEntry = { id: string; createdAt: string; reason: string; note: string | null; delta: number; balanceAfter: number };

const columns: Column<LedgerEntry>[] = [
  { header: "Date (UTC)", className: "text-zinc-400", cell: (entry) => dateTimeFormat.format(new Date(entry.createdAt)) },
  {
    header: "What",
    cell: (entry) => (
      <>
        {ledgerReasonLabel(entry.reason)}
        {entry.note ? <span className="text-zinc-400"> · {entry.note}</span> : null}
      </>
    ),
  },
  {
    header: "Change",
    align: "right",
    className: (entry) => `font-semibold tabular-nums ${entry.delta > 0 ? "text-emerald-400" : "text-red-400"}`,
    cell: (entry) => (entry.delta > 0 ? `+${entry.delta}` : entry.delta),
  },
  { header: "Balance", align: "right", className: "tabular-nums", cell: (entry) => entry.balanceAfter },
];

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
      <DataTable rows={statement.entries} columns={columns} rowKey={(entry) => entry.id} rowTestId="ledger-row" />
      <Pager page={statement.page} pageCount={statement.pageCount} label={pagerLabel} />
    </>
  );
}
