// The app's routes as Remix itself sees them: remix.config.js read by
// @remix-run/dev (flat routes under app/routes, ignoredRouteFiles applied),
// so a file added to app/routes is in this list the moment it exists.
import fs from "node:fs";
import path from "node:path";
import { readConfig } from "@remix-run/dev/dist/config.js";
import type { ActionFunction, LoaderFunction } from "@remix-run/node";

export type RouteModule = {
  loader?: LoaderFunction;
  action?: ActionFunction;
  /** The schema the action parses its form with; a discriminated union on `intent` when it takes several. */
  ActionSchema?: unknown;
  /** Or only the intent values the action dispatches on (an object of them or an array). */
  INTENTS?: Record<string, string> | readonly string[];
};

export type ManifestRoute = {
  id: string;
  /** Relative to app/, e.g. routes/gallery_.$generationId.tsx */
  file: string;
  /** The full URL pattern, parents included, e.g. /gallery/:generationId */
  pattern: string;
  /** Dynamic segments of the pattern, in order. */
  params: string[];
  /** As Remix's config has them, for a server build made of these routes (remix-test-build.ts). */
  parentId?: string;
  path?: string;
  index?: boolean;
  module: RouteModule;
  source: string;
};

export async function readRouteManifest(root = process.cwd()): Promise<ManifestRoute[]> {
  const config = await readConfig(root);
  const routes = Object.values(config.routes);
  const byId = new Map(routes.map((route) => [route.id, route]));

  function fullPattern(id: string): string {
    const route = byId.get(id)!;
    const parent = route.parentId ? fullPattern(route.parentId) : "";
    return [parent, route.path ?? ""].filter(Boolean).join("/").replace(/\/+/g, "/");
  }

  return Promise.all(
    routes.map(async (route) => {
      const file = path.join(config.appDirectory, route.file);
      // A splat (api.$.ts, the API's JSON 404) takes any rest of the path: it is filled like a param named "splat".
      const pattern = `/${fullPattern(route.id)}`.replace(/\/+/g, "/").replace(/\*$/, ":splat");
      const params = [...pattern.matchAll(/:([A-Za-z0-9_]+)\??/g)].map((match) => match[1]);
      return {
        id: route.id,
        file: route.file,
        pattern,
        params,
        parentId: route.parentId,
        path: route.path,
        index: route.index,
        module: (await import(/* @vite-ignore */ file)) as RouteModule,
        source: fs.readFileSync(file, "utf8"),
      };
    }),
  );
}

/** Fills a pattern's params: /gallery/:generationId -> /gallery/abc. Optional static segments (foo?) are kept. */
export function fillPattern(pattern: string, values: Record<string, string>) {
  return pattern
    .replace(/:([A-Za-z0-9_]+)\??/g, (_, name: string) => encodeURIComponent(values[name]))
    .replace(/\?(?=\/|$)/g, "");
}

/** Every combination of the candidate values of each param. */
export function paramCombinations(params: string[], candidates: (param: string) => readonly string[]) {
  let combinations: Record<string, string>[] = [{}];
  for (const param of params) {
    combinations = combinations.flatMap((partial) => candidates(param).map((value) => ({ ...partial, [param]: value })));
  }
  return combinations;
}
