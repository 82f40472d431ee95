import type { ReactNode } from "react";
import { cn } from "~/utils/misc";

export type Column<Row> = {
  header: ReactNode;
  /** Numbers line up on the right, heading and cells alike. */
  align?: "left" | "right";
  /** Extra classes of this column's cells. */
  className?: string | ((row: Row) => string | undefined);
  cell(row: Row): ReactNode;
};

/**
 * A plain table of rows, one row per item, columns described once: the
 * admin pages' lists and the credit ledger. The caller says what is empty
 * (the table is not drawn then).
 */
export function DataTable<Row>({
  rows,
  columns,
  rowKey,
  rowTestId,
  alignTop,
  className,
}: {
  rows: Row[];
  columns: Column<Row>[];
  rowKey(row: Row, index: number): string;
  /** A data-testid on each row, for the end-to-end tests. */
  rowTestId?: string;
  /** Cells that can wrap to several lines start at the top. */
  alignTop?: boolean;
  className?: string;
}) {
  const right = (column: Column<Row>) => (column.align === "right" ? "text-right" : null);
  return (
    <table className={cn("mt-4 w-full text-left text-sm", className)}>
      <thead className="text-zinc-400">
        <tr>
          {columns.map((column, index) => (
            <th key={index} scope="col" className={cn("py-2", right(column), "font-medium")}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, rowIndex) => (
          <tr key={rowKey(row, rowIndex)} className={cn("border-t border-white/5", alignTop && "align-top")} data-testid={rowTestId}>
            {columns.map((column, index) => (
              <td key={index} className={cn("py-2", right(column), typeof column.className === "function" ? column.className(row) : column.className)}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
