// npm run build:server: compiles the processes production runs to plain
// JavaScript in server-build/, so `npm start` needs node and the production
// dependencies only (see docs/decisions/010-compiled-server-and-composition-root.md).
//
// Like the Epic Stack's other/build-server.ts, with one difference: our
// modules import each other without file extensions and through the `~/`
// alias, which Node cannot resolve, so each entry is bundled with its own
// imports while every package stays an external import from node_modules.
// The Remix app is not in these bundles: server-build/index.js and worker.js
// load build/index.js (from `remix build`) at run time.
//
// Each output sits one folder below the project root, as its source does, so
// paths computed from import.meta.url (build/, public/, prisma/) are the same
// from the sources under tsx (`npm run dev`) and from the compiled files.
import fs from "node:fs";
import path from "node:path";
import esbuild from "esbuild";
import { SCALAR_BUNDLE_FILE, scalarPackageBundle } from "../app/modules/api/api-docs-bundle";
import remixConfig from "../remix.config.js";

// Packages stay imports from node_modules, except those Node cannot import
// by itself (remix.config.js lists them for build/index.js: emojilib's main
// file is JSON), which the render thread's bundle needs too.
const bundled = new Set<string>(remixConfig.serverDependenciesToBundle as string[]);
const packagesExternal: esbuild.Plugin = {
  name: "packages-external",
  setup(build) {
    build.onResolve({ filter: /^[^./~#]/ }, (args) => (bundled.has(args.path) ? undefined : { path: args.path, external: true }));
  },
};

const outdir = "server-build";
const entryPoints = {
  index: "server/index.ts", // npm start: migrations, Express, Remix, runner
  worker: "server/worker.ts", // npm run worker
  credits: "scripts/credits.ts", // npm run credits (admin CLI)
  "render-thread": "app/modules/rendering/render-thread.server.ts", // the render threads (app/modules/rendering/render-pool.server.ts)
};

fs.rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints,
  outdir,
  bundle: true,
  plugins: [packagesExternal],
  platform: "node",
  target: "node20",
  format: "esm",
  logLevel: "info",
});

// The API reference's viewer (Scalar's browser bundle) is a dev dependency:
// its package brings about 200 MB of tooling the server never runs. Only the
// one file the page loads is copied beside the public files.
fs.mkdirSync(path.dirname(SCALAR_BUNDLE_FILE), { recursive: true });
fs.copyFileSync(scalarPackageBundle(), SCALAR_BUNDLE_FILE);
