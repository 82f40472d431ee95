// A Remix server build made from the app's own route modules (loaded by
// Vitest), so server tests can mount createApp on a loopback port and send
// real HTTP requests through Express to real actions, without `npm run build`.
// Documents are rendered as a short plain page: these tests are about what
// reaches the actions, not about markup.
import fs from "node:fs";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import * as compareNew from "~/routes/compare.new";
import * as gallery from "~/routes/gallery_.$generationId";
import * as generate from "~/routes/generate";
import * as login from "~/routes/login";
import * as mcp from "~/routes/mcp";
import * as sessionCheck from "~/routes/session-check";
import * as portraits from "~/routes/portraits";
import * as portrait from "~/routes/portraits_.$portraitId";
import * as kieCallback from "~/routes/resources.kie.callback.$token";
import * as generationEvents from "~/routes/resources.generations.$generationId.events";
import type { ManifestRoute } from "./route-manifest";

const routeModules = {
  "routes/login": { path: "login", module: login },
  "routes/mcp": { path: "mcp", module: mcp },
  "routes/session-check": { path: "session-check", module: sessionCheck },
  "routes/generate": { path: "generate", module: generate },
  "routes/gallery_.$generationId": { path: "gallery/:generationId", module: gallery },
  "routes/compare.new": { path: "compare/new", module: compareNew },
  "routes/portraits": { path: "portraits", module: portraits },
  "routes/portraits_.$portraitId": { path: "portraits/:portraitId", module: portrait },
  "routes/resources.kie.callback.$token": { path: "resources/kie/callback/:token", module: kieCallback },
  "routes/resources.generations.$generationId.events": { path: "resources/generations/:generationId/events", module: generationEvents },
};

/**
 * Every API route file (app/routes/api.*), under the path Remix's flat routes
 * give it. Read from the folder (not import.meta.glob): scale-out tests load
 * this file under plain tsx too.
 */
const routesDir = path.resolve("app/routes");
const apiRouteModules = Object.fromEntries(
  await Promise.all(
    fs
      .readdirSync(routesDir)
      .filter((file) => /^api\..*\.ts$/.test(file) && !file.endsWith(".test.ts"))
      .map(async (file) => {
        const stem = file.replace(/\.ts$/, "");
        const module = (await import(/* @vite-ignore */ path.join(routesDir, file))) as Record<string, unknown>;
        return [`routes/${stem}`, { path: flatRoutePath(stem), module }] as const;
      }),
  ),
);

/** api.v1.generations.$generationId.events → api/v1/generations/:generationId/events ([.] is a literal dot, $ alone a splat). */
export function flatRoutePath(stem: string) {
  return stem
    .split(/(?<!\[)\.(?!\])/)
    .map((part) => (part === "$" ? "*" : part.replace(/^\$/, ":").replace(/\[\.\]/g, ".")))
    .join("/");
}

export function createTestBuild(): ServerBuild {
  const routes: ServerBuild["routes"] = {
    root: { id: "root", path: "", module: { default: () => null } },
  };
  for (const [id, { path, module }] of Object.entries({ ...routeModules, ...apiRouteModules })) {
    routes[id] = { id, parentId: "root", path, module: module as ServerBuild["routes"][string]["module"] };
  }
  return buildOf(routes, {
    default: (_request, status, headers) => new Response(`page (${status})`, { status, headers }),
    // Remix is silent about errors in test mode; a 500 here must say why.
    handleError: (error) => console.error(error),
  });
}

/**
 * Every route of the app (readRouteManifest), with the app's own root and
 * server entry: pages are rendered by React as in production, error
 * boundaries and all. `onError` hears what Remix's handleError hears.
 */
export async function createManifestBuild(manifest: ManifestRoute[], { onError }: { onError?: (error: unknown) => void } = {}): Promise<ServerBuild> {
  const entry = await import("~/entry.server");
  const routes: ServerBuild["routes"] = {};
  for (const route of manifest) {
    routes[route.id] = {
      id: route.id,
      parentId: route.parentId,
      path: route.path,
      index: route.index,
      caseSensitive: undefined,
      module: route.module as ServerBuild["routes"][string]["module"],
    };
  }
  return buildOf(routes, { default: entry.default, handleError: (error) => onError?.(error) });
}

function buildOf(routes: ServerBuild["routes"], entryModule: ServerBuild["entry"]["module"]): ServerBuild {
  return {
    mode: "test",
    entry: { module: entryModule },
    routes,
    assets: {
      url: "/build/manifest-test.js",
      version: "test",
      entry: { module: "/build/entry.client.js", imports: [] },
      routes: Object.fromEntries(
        Object.entries(routes).map(([id, route]) => [
          id,
          {
            id,
            parentId: route.parentId,
            path: route.path,
            index: route.index,
            module: `/build/${id}.js`,
            hasAction: "action" in route.module,
            hasLoader: "loader" in route.module,
            hasClientAction: false,
            hasClientLoader: false,
            hasErrorBoundary: "ErrorBoundary" in route.module,
          },
        ]),
      ),
    },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_routeConfig: false, v3_singleFetch: false, v3_lazyRouteDiscovery: true, unstable_optimizeDeps: false } as ServerBuild["future"],
    isSpaMode: false,
  };
}
