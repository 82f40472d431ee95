// The health checks, one probe per dependency, each given up after a
// timeout, and the two answers built from them:
// - /healthz (Docker's HEALTHCHECK, a liveness probe): the process answers
//   and the database answers a query. It also carries the providers'
//   notices, setup problems that slow batches without stopping them. The
//   image store is not probed: a slow S3 should not get the container
//   restarted.
// - /readyz (a load balancer or orchestrator deciding whether to send this
//   instance traffic): the database answers a query and the image store
//   answers a listing.
// Each answer names every check and its result; the status code is 200 when
// all pass, 503 otherwise.
import { providerNotices } from "~/modules/providers/registry.server";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";

export const CHECK_TIMEOUT_MS = 5_000;

type Probe = () => Promise<unknown>;
type Result = "ok" | "unavailable";
export type Health = { status: "ok" | "unavailable"; database: Result; notices: ReturnType<typeof providerNotices> };
export type Readiness = { status: "ready" | "unavailable"; database: Result; storage: Result };

const probeDatabase: Probe = () => prisma.$queryRaw`SELECT 1`;

// One page of one entry under a fixed folder: on S3 a real ListObjects call
// (reachability, credentials, bucket), on disk a read of the data folder.
const probeStorage: Probe = async () => {
  for await (const page of storage.list({ prefix: "readyz/", pageSize: 1 })) return page;
};

async function check(name: string, probe: Probe, timeoutMs: number): Promise<Result> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return "ok";
  } catch (error) {
    logger.error({ err: error }, `health check: the ${name} check failed`);
    return "unavailable";
  } finally {
    clearTimeout(timer);
  }
}

/** For /healthz: the database, plus the providers' notices. */
export async function checkHealth({
  database = probeDatabase,
  timeoutMs = CHECK_TIMEOUT_MS,
}: { database?: Probe; timeoutMs?: number } = {}): Promise<Health> {
  const databaseResult = await check("database", database, timeoutMs);
  return { status: databaseResult, database: databaseResult, notices: providerNotices() };
}

/** For /readyz: the database and the image store. */
export async function checkReadiness({
  database = probeDatabase,
  files = probeStorage,
  timeoutMs = CHECK_TIMEOUT_MS,
}: { database?: Probe; files?: Probe; timeoutMs?: number } = {}): Promise<Readiness> {
  const [databaseResult, storageResult] = await Promise.all([check("database", database, timeoutMs), check("storage", files, timeoutMs)]);
  return {
    status: databaseResult === "ok" && storageResult === "ok" ? "ready" : "unavailable",
    database: databaseResult,
    storage: storageResult,
  };
}
