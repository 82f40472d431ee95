// The layering of the house, as a test rather than a habit. Floors only look
// down: the pure design code imports no other module, utils/ is
// infrastructure that knows no domain, routes sit on top and never on each
// other, app/ never reaches into server/ (which composes it), and no file
// reaches itself through others. When a rule fails, move the concept to the
// floor where both sides can see it, not the import around it.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { startWebServerJobs, type AppEntry } from "./composition-root";

type Graph = Map<string, string[]>;

const SOURCE = /\.(ts|tsx)$/;
const isTest = (file: string) => /\.test\.tsx?$/.test(file);

function sourceFiles(root: string) {
  return fs
    .readdirSync(root, { recursive: true, encoding: "utf8" })
    .map((file) => path.join(root, file).split(path.sep).join("/"))
    .filter((file) => SOURCE.test(file) && !file.startsWith("app/generated/"));
}

/** The project file an import names (through the tsconfig aliases or a relative path), or null for a package. */
function resolveImport(from: string, specifier: string, files: Set<string>) {
  let base: string;
  if (specifier.startsWith("~/")) base = `app/${specifier.slice(2)}`;
  else if (specifier.startsWith("#server/")) base = `server/${specifier.slice("#server/".length)}`;
  else if (specifier.startsWith(".")) base = path.posix.join(path.posix.dirname(from), specifier);
  else return null;
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`];
  return candidates.find((candidate) => files.has(candidate)) ?? null;
}

/** Every file of app/ and server/ with the project files it imports: static, dynamic, type-only and re-exports alike. */
function importGraph(): Graph {
  const files = [...sourceFiles("app"), ...sourceFiles("server")];
  const known = new Set(files);
  const graph: Graph = new Map();
  for (const file of files) {
    const source = fs.readFileSync(file, "utf8");
    const targets = new Set<string>();
    for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      const target = resolveImport(file, specifier, known);
      if (target) targets.add(target);
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** Every import circle, each as one path round it (a -> b -> ... -> a), found with Tarjan's strongly connected components. */
function importCircles(graph: Graph) {
  let next = 0;
  const index = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (file: string) => {
    index.set(file, next);
    lowest.set(file, next++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        lowest.set(file, Math.min(lowest.get(file)!, lowest.get(target)!));
      } else if (onStack.has(target)) {
        lowest.set(file, Math.min(lowest.get(file)!, index.get(target)!));
      }
    }
    if (lowest.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)!.includes(file)) components.push(component);
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return components.map((component) => circleThrough(graph, new Set(component)));
}

/** One path from the component's first file (alphabetically) back to itself, staying inside the component. */
function circleThrough(graph: Graph, component: Set<string>) {
  const start = [...component].sort()[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const target of graph.get(file)!) {
      if (!component.has(target)) continue;
      if (target === start) {
        const path = [start];
        for (let at: string | undefined = file; at && at !== start; at = cameFrom.get(at)) path.unshift(at);
        path.unshift(start);
        return path.join(" -> ");
      }
      if (!cameFrom.has(target)) {
        cameFrom.set(target, file);
        queue.push(target);
      }
    }
  }
  return [...component].join(", ");
}

/** "a imports b" for every import from a file matching `from` into a file matching `to`. */
function importsBetween(graph: Graph, from: (file: string) => boolean, to: (target: string, file: string) => boolean) {
  return [...graph].flatMap(([file, targets]) => (from(file) ? targets.filter((target) => to(target, file)).map((target) => `${file} imports ${target}`) : []));
}

const graph = importGraph();
const DESIGN = "app/modules/design/";

describe("the layering", () => {
  test("no import circles anywhere in app/ and server/", () => {
    expect(importCircles(graph)).toEqual([]);
  });

  // server/ composes the app (Express, the Remix handler, the runner,
  // migrations on boot); app/ must never reach back into it, or the domain
  // would depend on its own entry point.
  test("app/ imports nothing from server/", () => {
    expect(importsBetween(graph, (file) => file.startsWith("app/"), (target) => target.startsWith("server/"))).toEqual([]);
  });

  test("utils/ never imports modules/: infrastructure knows no domain", () => {
    expect(importsBetween(graph, (file) => file.startsWith("app/utils/"), (target) => target.startsWith("app/modules/"))).toEqual([]);
  });

  // The ground floor: the plan, palettes, props, headlines, the recipe and
  // the frame's geometry. It builds on nothing of ours and stays safe to
  // ship to the browser (no server modules, no Node built-ins).
  test("the design folder imports no other module of the app, no server code and no Node built-ins", () => {
    const outside = importsBetween(graph, (file) => file.startsWith(DESIGN) && !isTest(file), (target) => !target.startsWith(DESIGN));
    const server = [...graph.keys()]
      .filter((file) => file.startsWith(DESIGN) && !isTest(file))
      .flatMap((file) =>
        [...fs.readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)]
          .map(([, specifier]) => specifier)
          .filter((specifier) => /\.server(\.ts)?$/.test(specifier) || specifier.startsWith("node:") || ["fs", "path", "sharp"].includes(specifier))
          .map((specifier) => `${file} imports ${specifier}`),
      );
    expect([...outside, ...server]).toEqual([]);
  });

  // A route's test imports the route it tests; routes themselves share
  // through modules and components.
  test("routes never import routes", () => {
    const isRoute = (file: string) => file.startsWith("app/routes/");
    expect(importsBetween(graph, (file) => isRoute(file) && !isTest(file), isRoute)).toEqual([]);
  });
});

describe("the start-up wiring", () => {
  test("the entry module exports what the composition root starts", () => {
    // Checked by the type checker (npm run typecheck): a starter renamed or
    // removed in app/entry.server.tsx fails here, not at the first boot.
    const fitsAppEntry = (entry: typeof import("~/entry.server")): AppEntry => entry;
    expect(typeof fitsAppEntry).toBe("function");
  });

  function fakeEntry() {
    const started: string[] = [];
    const job = (name: string) => {
      started.push(name);
      return { stop: async () => undefined };
    };
    const entry: AppEntry = {
      startGenerationRunner: ({ slots = 1 } = {}) => job(`runner x${slots}`),
      startPortraitAnalysisJob: () => job("portrait analysis"),
      startStorageSweepJob: () => job("storage sweep"),
      startAuthCleanupJob: () => job("auth cleanup"),
      startWebhookSender: () => job("webhook sender"),
      endGenerationStreams: () => 0,
      closeGenerationEventBus: async () => undefined,
      startRenderThreads: () => void started.push("render threads"),
    };
    return { entry, started };
  }

  test("RUNNER=inline: the web server makes generations, analyses portraits, sweeps storage, sends webhooks and cleans up sessions", () => {
    const { entry, started } = fakeEntry();
    const jobs = startWebServerJobs(entry, { runner: "inline" });
    expect(jobs.runner).not.toBeNull();
    expect([...new Set(started)].sort()).toEqual(["auth cleanup", "portrait analysis", "render threads", "runner x1", "storage sweep", "webhook sender"]);
  });

  test("RUNNER=off: the web server only cleans up sessions and draws previews; the workers do the rest", () => {
    const { entry, started } = fakeEntry();
    const jobs = startWebServerJobs(entry, { runner: "off" });
    expect(jobs.runner).toBeNull();
    expect(started.sort()).toEqual(["auth cleanup", "render threads"]);
  });
});
