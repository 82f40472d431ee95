// An S3-protocol server on loopback (s3rver) with one bucket, for tests of
// the S3 storage driver.
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";

export async function startS3rver(bucket: string) {
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: fs.mkdtempSync(path.join(os.tmpdir(), "thumbsmith-s3rver-")),
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const address = (await server.run()) as AddressInfo;
  return { endpoint: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}
