// Readiness, for a load balancer or an orchestrator deciding whether to send
// this instance traffic: the database answers a query and the image store
// answers a listing. /healthz (liveness) only says the process is up.
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";

export const READINESS_TIMEOUT_MS = 5_000;

type Probe = () => Promise<unknown>;
export type Readiness = { status: "ready" | "unavailable"; database: "ok" | "unavailable"; storage: "ok" | "unavailable" };

const probeDatabase: Probe = () => prisma.$queryRaw`SELECT 1`;

// One page of one entry under a fixed folder: on S3 a real ListObjects call
// (reachability, credentials, bucket), on disk a read of the data folder.
const probeStorage: Probe = async () => {
  for await (const page of storage.list({ prefix: "readyz/", pageSize: 1 })) return page;
};

async function passes(name: string, probe: Probe, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return true;
  } catch (error) {
    logger.error({ err: error }, `readiness: the ${name} check failed`);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness({
  database = probeDatabase,
  files = probeStorage,
  timeoutMs = READINESS_TIMEOUT_MS,
}: { database?: Probe; files?: Probe; timeoutMs?: number } = {}): Promise<Readiness> {
  const [databaseOk, storageOk] = await Promise.all([passes("database", database, timeoutMs), passes("storage", files, timeoutMs)]);
  return {
    status: databaseOk && storageOk ? "ready" : "unavailable",
    database: databaseOk ? "ok" : "unavailable",
    storage: storageOk ? "ok" : "unavailable",
  };
}
