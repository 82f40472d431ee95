// PostgreSQL databases for the test run (TEST_DATABASE=postgres), one per
// test file, like the SQLite run's one file copy per test file.
//
// global-setup.ts migrates a template database once per run; each test file
// clones it with CREATE DATABASE ... TEMPLATE (tens of milliseconds) before it
// imports the app, and drops its clone after its last test.
//
// Several runs may share one server (two developers, two CI jobs, test:pg
// started twice), so every name says who owns it:
//
//   thumbsmith_test_<host>_<runner pid>_<start time>_template
//   thumbsmith_test_<host>_<runner pid>_<start time>_f<worker pid>_<random>
//
// A run drops only its own databases, and leftovers of runs that are over:
// the runner process is gone (same host), or the run started more than
// LEFTOVER_HOURS ago (any host: a pid cannot be checked on another machine).
import crypto from "node:crypto";
import os from "node:os";
import pg from "pg";

const PREFIX = "thumbsmith_test_";
const LEFTOVER_HOURS = 24;
const HOST = crypto.createHash("sha1").update(os.hostname()).digest("hex").slice(0, 6);

// The role and server that scripts/ci-services.sh sets up.
export function postgresServerUrl() {
  return process.env.TEST_POSTGRES_URL || "postgresql://thumbsmith:thumbsmith@127.0.0.1:5432/postgres";
}

/** The prefix of every database this run creates. */
export function runPrefix(runnerPid = process.pid, startedAt = Date.now()) {
  return `${PREFIX}${HOST}_${runnerPid}_${Math.floor(startedAt / 1000).toString(36)}`;
}

export function templateName(prefix: string) {
  return `${prefix}_template`;
}

/** A database name for one test file of the run; unique even for two files in one worker. */
export function fileDatabaseName(prefix: string) {
  return `${prefix}_f${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
}

export function databaseUrl(name: string) {
  const url = new URL(postgresServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export function databaseNameOf(url: string) {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

export async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>) {
  const serverUrl = postgresServerUrl();
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect().catch((error: Error) => {
    throw new Error(
      `PostgreSQL is not reachable at ${serverUrl} (${error.message}). Run \`bash scripts/ci-services.sh\` to install and start it, or set TEST_POSTGRES_URL.`,
    );
  });
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function createDatabase(admin: pg.Client, name: string, template?: string) {
  await admin.query(`CREATE DATABASE ${quote(name)}${template ? ` TEMPLATE ${quote(template)}` : ""}`);
}

export async function dropDatabase(admin: pg.Client, name: string) {
  await admin.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`);
}

export function processIsAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether a test database is a leftover of a run that is over (see the top of this file). */
export function isLeftover(name: string, now = Date.now()) {
  const match = /^thumbsmith_test_([0-9a-f]{6})_(\d+)_([0-9a-z]+)_/.exec(name);
  if (!match) {
    // Before runs named their host and start: thumbsmith_test_<runner pid>.
    const legacy = /^thumbsmith_test_(\d+)$/.exec(name);
    return legacy ? !processIsAlive(Number(legacy[1])) : false;
  }
  const [, host, pid, started] = match;
  if (now - parseInt(started, 36) * 1000 > LEFTOVER_HOURS * 3600_000) return true;
  return host === HOST && !processIsAlive(Number(pid));
}

/** Drops the test databases `shouldDrop` picks; a drop that fails (another run dropping it too) is skipped. */
export async function dropTestDatabases(admin: pg.Client, shouldDrop: (name: string) => boolean) {
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
    [PREFIX],
  );
  for (const { datname } of rows) {
    if (!shouldDrop(datname)) continue;
    await dropDatabase(admin, datname).catch((error: Error) =>
      console.warn(`could not drop test database ${datname}: ${error.message}`),
    );
  }
}
