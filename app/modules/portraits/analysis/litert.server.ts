// Runs the MediaPipe .tflite models on the CPU through LiteRT.js
// (WebAssembly), in Node, offline. The runtime and each model are loaded once
// per process, on first use; inference calls are queued one at a time because
// the wasm runtime is single-threaded and not re-entrant.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import { loadAndCompile, loadLiteRt, Tensor, type CompiledModel } from "@litertjs/core";
import { logger } from "~/utils/logger.server";

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

export const MODEL_FILES = {
  faceFullRange: () => path.join(packageDir("@mediapipe/face_detection"), "face_detection_full_range.tflite"),
  faceShortRange: () => path.join(packageDir("@mediapipe/face_detection"), "face_detection_short_range.tflite"),
  selfie: () => path.join(packageDir("@mediapipe/selfie_segmentation"), "selfie_segmentation.tflite"),
  selfieLandscape: () => path.join(packageDir("@mediapipe/selfie_segmentation"), "selfie_segmentation_landscape.tflite"),
} as const;
export type ModelName = keyof typeof MODEL_FILES;

let runtime: Promise<void> | undefined;
const models = new Map<ModelName, Promise<CompiledModel>>();
let queue: Promise<unknown> = Promise.resolve();

/**
 * LiteRT.js is written for browsers: it loads its Emscripten glue with
 * `importScripts` and reads `self.ModuleFactory`, and probes `navigator.gpu`.
 * The glue itself supports Node (it reads the .wasm next to it with fs) once
 * it sees `require`, `__filename` and `__dirname`, so the shim evaluates it
 * with those, from the file in node_modules. Nothing is fetched.
 */
async function startRuntime() {
  const wasmDir = path.join(packageDir("@litertjs/core"), "wasm");
  const g = globalThis as Record<string, unknown>;
  const saved = { self: g.self, importScripts: g.importScripts, Module: g.Module };
  const warn = console.warn;
  g.self = globalThis;
  g.importScripts = (file: string) => {
    const code = fs.readFileSync(file, "utf8");
    const factory = vm.runInThisContext(`(function (require, __filename, __dirname) {${code}\n;return ModuleFactory;})`, {
      filename: file,
    }) as (req: NodeRequire, filename: string, dirname: string) => unknown;
    g.ModuleFactory = factory(createRequire(file), file, path.dirname(file));
  };
  // Emscripten's stderr: LiteRT logs INFO/WARNING lines on every model load.
  g.Module = {
    printErr: (line: string) => {
      if (!/^(INFO|WARNING):/.test(line)) logger.error({ line }, "LiteRT reported an error");
    },
  };
  // Without navigator.gpu the default environment warns that it found no
  // WebGPU device, which is expected here: we only use the wasm CPU kernels.
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith("Failed to create default WebGPU device")) return;
    warn(...args);
  };
  try {
    await loadLiteRt(`${wasmDir}/`);
  } finally {
    console.warn = warn;
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete g[key];
      else g[key] = value;
    }
  }
}

function getModel(name: ModelName) {
  let model = models.get(name);
  if (!model) {
    runtime ??= startRuntime().catch((error) => {
      runtime = undefined;
      throw error;
    });
    model = runtime.then(() => loadAndCompile(new Uint8Array(fs.readFileSync(MODEL_FILES[name]())), { accelerator: "wasm" }));
    model.catch(() => models.delete(name));
    models.set(name, model);
  }
  return model;
}

/**
 * Runs one model on one NHWC float32 input and returns copies of its outputs,
 * in the model's output order. Calls are serialized process-wide.
 */
export function runModel(name: ModelName, input: Float32Array, shape: number[]): Promise<Float32Array[]> {
  const job = queue.then(async () => {
    const model = await getModel(name);
    const tensor = new Tensor(input, shape);
    try {
      const outputs = await model.run([tensor]);
      try {
        return outputs.map((output) => output.toTypedArray() as Float32Array);
      } finally {
        for (const output of outputs) output.delete();
      }
    } finally {
      tensor.delete();
    }
  });
  queue = job.catch(() => undefined);
  return job;
}
