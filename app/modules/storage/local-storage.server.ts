import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { assertValidKey, assertValidPrefix, contentTypeOfKey, isValidKey } from "./keys";
import type { Storage, StoredEntry } from "./storage";

// put's temp files: "<target>.<12 hex>.tmp", which is never a valid key.
const TEMP_FILE = /\.[0-9a-f]{12}\.tmp$/;

function isMissing(error: unknown) {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

/** The files under `dir`, depth first; a folder that vanishes meanwhile (a concurrent sweep) is skipped. */
async function* walkFiles(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await fsp.opendir(dir);
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  for await (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walkFiles(full);
    else if (entry.isFile()) yield full;
  }
}

/** Removes stale temp files under `dir`, then `dir` itself when it is left empty and was not touched since `olderThan`. */
async function removeStaleUnder(dir: string, olderThan: Date, isRoot: boolean): Promise<number> {
  // Read before the children go: removing an entry touches the folder.
  const touched = await fsp.stat(dir).then((s) => s.mtime, (error) => (isMissing(error) ? null : Promise.reject(error)));
  if (!touched) return 0;
  let removed = 0;
  for (const entry of await fsp.readdir(dir, { withFileTypes: true }).catch((error) => (isMissing(error) ? [] : Promise.reject(error)))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      removed += await removeStaleUnder(full, olderThan, false);
    } else if (entry.isFile() && TEMP_FILE.test(entry.name)) {
      const stat = await fsp.stat(full).catch((error) => (isMissing(error) ? null : Promise.reject(error)));
      if (stat && stat.mtime < olderThan) {
        await fsp.rm(full, { force: true });
        removed += 1;
      }
    }
  }
  if (!isRoot && touched < olderThan) {
    // Fails harmlessly (ENOTEMPTY) when the folder still holds something.
    await fsp.rmdir(dir).catch(() => undefined);
  }
  return removed;
}

/** Files under one directory (DATA_DIR/files by default). */
export function createLocalStorage(root: string): Storage {
  const pathOf = (key: string) => {
    assertValidKey(key);
    return path.join(root, ...key.split("/"));
  };

  return {
    async put(key, data) {
      const target = pathOf(key);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      // Write beside the target, then rename: readers never see half a file.
      const temp = `${target}.${crypto.randomBytes(6).toString("hex")}.tmp`;
      try {
        await fsp.writeFile(temp, data, { flag: "wx" }).catch(async (error) => {
          if (!isMissing(error)) throw error;
          // The sweep removed the folder (old and empty) between mkdir and
          // the write: make it again, once.
          await fsp.mkdir(path.dirname(target), { recursive: true });
          await fsp.writeFile(temp, data, { flag: "wx" });
        });
        await fsp.rename(temp, target);
      } catch (error) {
        await fsp.rm(temp, { force: true });
        throw error;
      }
    },

    async get(key) {
      const file = pathOf(key);
      try {
        const handle = await fsp.open(file, "r");
        const { size } = await handle.stat();
        // 256 KB reads: a thumbnail is a handful of chunks instead of dozens.
        return { body: handle.createReadStream({ highWaterMark: 256 * 1024 }), size, contentType: contentTypeOfKey(key) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },

    async read(key) {
      try {
        return await fsp.readFile(pathOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },

    async delete(key) {
      await fsp.rm(pathOf(key), { force: true });
    },

    async exists(key) {
      return fs.existsSync(pathOf(key));
    },

    async *list({ prefix = "", pageSize = 1000 } = {}) {
      assertValidPrefix(prefix);
      let page: StoredEntry[] = [];
      for await (const file of walkFiles(path.join(root, ...prefix.split("/")))) {
        const key = path.relative(root, file).split(path.sep).join("/");
        // Temp files and anything else that is not a key are not objects.
        if (!isValidKey(key)) continue;
        const stat = await fsp.stat(file).catch((error) => (isMissing(error) ? null : Promise.reject(error)));
        if (!stat) continue;
        page.push({ key, size: stat.size, lastModified: stat.mtime });
        if (page.length >= pageSize) {
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
    },

    async removeStaleTemporaryFiles(olderThan) {
      return removeStaleUnder(root, olderThan, true);
    },
  };
}
