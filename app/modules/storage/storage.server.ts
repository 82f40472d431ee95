// The process's one storage, chosen by STORAGE_DRIVER.
import path from "node:path";
import { env } from "~/utils/env.server";
import { createLocalStorage } from "./local-storage.server";
import { createS3Storage } from "./s3-storage.server";
import type { Storage } from "./storage";

function createStorage(): Storage {
  if (env.STORAGE_DRIVER === "s3") {
    return createS3Storage({
      bucket: env.S3_BUCKET!,
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      // Custom endpoints (MinIO and friends) almost always need path style.
      forcePathStyle: env.S3_FORCE_PATH_STYLE ? env.S3_FORCE_PATH_STYLE === "true" : Boolean(env.S3_ENDPOINT),
      prefix: env.S3_PREFIX,
    });
  }
  return createLocalStorage(path.join(env.DATA_DIR, "files"));
}

export const storage: Storage = createStorage();
