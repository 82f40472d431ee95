// What a user owns, read generically from the database and the data
// directory, so tests can check that nothing of theirs changed. Tables and
// foreign keys come from the database's own catalog: a table added by a new
// migration is covered without touching this file.
import fs from "node:fs";
import path from "node:path";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";

type ForeignKey = { table: string; column: string; refTable: string; refColumn: string };
type Row = Record<string, unknown>;
export type Catalog = { tables: string[]; foreignKeys: ForeignKey[] };

export async function readCatalog(): Promise<Catalog> {
  if (env.databaseProvider === "postgres") {
    // ::text everywhere: adapter-pg 6.19 cannot read catalog columns of type name.
    const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(
      `SELECT table_name::text AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
    );
    const foreignKeys = await prisma.$queryRawUnsafe<ForeignKey[]>(
      `SELECT cl.relname::text AS "table", att.attname::text AS "column", ref.relname::text AS "refTable", ratt.attname::text AS "refColumn"
       FROM pg_constraint c
       JOIN pg_class cl ON cl.oid = c.conrelid
       JOIN pg_class ref ON ref.oid = c.confrelid
       JOIN LATERAL unnest(c.conkey, c.confkey) AS k(col, refcol) ON true
       JOIN pg_attribute att ON att.attrelid = c.conrelid AND att.attnum = k.col
       JOIN pg_attribute ratt ON ratt.attrelid = c.confrelid AND ratt.attnum = k.refcol
       WHERE c.contype = 'f' AND cl.relnamespace = current_schema()::regnamespace`,
    );
    return { tables: tables.map((t) => t.name).sort(), foreignKeys };
  }
  const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`,
  );
  const foreignKeys = await prisma.$queryRawUnsafe<ForeignKey[]>(
    `SELECT m.name AS "table", f."from" AS "column", f."table" AS "refTable", f."to" AS "refColumn"
     FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'`,
  );
  return { tables: tables.map((t) => t.name).sort(), foreignKeys };
}

/**
 * Every row that belongs to the user, as sorted JSON per table: the rows whose
 * `id` is the user's id, then every row that references an owned row through
 * a foreign key, transitively (portraits, generations, their thumbnails,
 * ledger rows, sessions... and anyone else's row that points at them).
 */
export async function ownedRows(catalog: Catalog, userId: string, { ignoreColumns = {} }: { ignoreColumns?: Record<string, string[]> } = {}) {
  const rows = new Map<string, Row[]>();
  for (const table of catalog.tables) {
    rows.set(table, await prisma.$queryRawUnsafe<Row[]>(`SELECT * FROM "${table}"`));
  }
  const owned = new Map(catalog.tables.map((table) => [table, new Set<Row>()]));
  for (const [table, list] of rows) {
    for (const row of list) if (row.id === userId) owned.get(table)!.add(row);
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const fk of catalog.foreignKeys) {
      const targets = new Set([...(owned.get(fk.refTable) ?? [])].map((row) => row[fk.refColumn]));
      if (targets.size === 0) continue;
      for (const row of rows.get(fk.table) ?? []) {
        const mine = owned.get(fk.table)!;
        if (!mine.has(row) && row[fk.column] != null && targets.has(row[fk.column])) {
          mine.add(row);
          grew = true;
        }
      }
    }
  }
  return Object.fromEntries(
    [...owned].map(([table, set]) => [
      table,
      [...set].map((row) => JSON.stringify(withoutColumns(row, ignoreColumns[table] ?? []), jsonValue)).sort(),
    ]),
  );
}

function withoutColumns(row: Row, columns: string[]) {
  if (columns.length === 0) return row;
  return Object.fromEntries(Object.entries(row).filter(([column]) => !columns.includes(column)));
}

function jsonValue(_key: string, value: unknown) {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  return value;
}

/** Every file under the data directory with its size and modification time. */
export function dataFiles(dir = env.DATA_DIR): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    if (!fs.existsSync(current)) return;
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const stat = fs.statSync(full);
        files[path.relative(dir, full)] = `${stat.size} bytes, modified ${stat.mtimeMs}`;
      }
    }
  };
  walk(dir);
  return files;
}

/** What differs between two snapshots, in words; empty when nothing does. */
export function describeChanges(before: Record<string, string[]>, after: Record<string, string[]>, what: string) {
  const changes: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = new Set(before[key] ?? []);
    const is = new Set(after[key] ?? []);
    const removed = [...was].filter((row) => !is.has(row));
    const added = [...is].filter((row) => !was.has(row));
    if (removed.length || added.length) changes.push(`${what} ${key}: ${removed.length} gone or changed, ${added.length} new or changed`);
  }
  return changes;
}
