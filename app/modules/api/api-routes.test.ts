/// <reference types="vite/client" />
// The spec and the routes cannot disagree: every operation in the OpenAPI
// document is served by the route file its path names, with the same
// declaration the route validates with, and every API route file serves
// only operations the document has.
import { expect, test } from "vitest";
import { flatRoutePath } from "#tests/support/remix-test-build";
import type { ApiEndpoint } from "./endpoint";
import { routeFileStem } from "./endpoint";
import { API_ENDPOINTS } from "./endpoints";
import { buildOpenApiDocument } from "./openapi.server";

const routeFiles = Object.entries(import.meta.glob<{ endpoints?: ApiEndpoint[] }>("../../routes/api.v1.*.ts", { eager: true })).filter(
  ([file]) => !file.endsWith(".test.ts"),
);
const stemOf = (file: string) => file.replace(/^.*\/routes\//, "").replace(/\.ts$/, "");

test("every API route file declares the operations it serves, and each is in the spec under the file's own path", () => {
  expect(routeFiles.length).toBeGreaterThan(0);
  for (const [file, module] of routeFiles) {
    expect(module.endpoints, `${file} must export endpoints (apiRoute's)`).toBeDefined();
    for (const endpoint of module.endpoints!) {
      expect(routeFileStem(endpoint.path), `${endpoint.operationId} is served by ${file}`).toBe(stemOf(file));
      expect(API_ENDPOINTS, `${endpoint.operationId} is in the spec`).toContain(endpoint);
    }
  }
});

test("every operation in the spec has a route that serves it", () => {
  const served = new Set(routeFiles.flatMap(([, module]) => module.endpoints ?? []));
  for (const endpoint of API_ENDPOINTS) expect(served.has(endpoint), `${endpoint.method.toUpperCase()} ${endpoint.path} has a route`).toBe(true);
});

test("the generated document lists exactly the declared operations, with unique operation ids", () => {
  const document = buildOpenApiDocument();
  expect(document.openapi).toBe("3.1.0");
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, { operationId?: string }>)
      .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
      .map(([method, operation]) => `${method} ${path} ${operation.operationId}`),
  );
  expect(operations.sort()).toEqual(API_ENDPOINTS.map((endpoint) => `${endpoint.method} ${endpoint.path} ${endpoint.operationId}`).sort());
  expect(new Set(API_ENDPOINTS.map((endpoint) => endpoint.operationId)).size).toBe(API_ENDPOINTS.length);
});

test("the Remix path of each route file is the spec path with {param} as :param", () => {
  for (const endpoint of API_ENDPOINTS) {
    expect(`/${flatRoutePath(routeFileStem(endpoint.path))}`).toBe(endpoint.path.replace(/\{(\w+)\}/g, ":$1"));
  }
});
