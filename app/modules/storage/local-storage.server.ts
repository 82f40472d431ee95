import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { assertValidKey, contentTypeOfKey } from "./keys";
import type { Storage } from "./storage";

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
        await fsp.writeFile(temp, data, { flag: "wx" });
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
  };
}
