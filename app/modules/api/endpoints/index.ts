// Every API operation, in the order the reference shows them. A route file
// under app/routes/api.v1.* serves each (api-routes.test.ts checks both ways).
import type { ApiEndpoint } from "../endpoint";
import * as account from "./account";
import * as compareSets from "./compare-sets";
import * as generations from "./generations";
import * as portraits from "./portraits";
import * as thumbnails from "./thumbnails";
import * as webhooks from "./webhooks";

const isEndpoint = (value: unknown): value is ApiEndpoint =>
  typeof value === "object" && value !== null && "operationId" in value && "method" in value;

export const API_ENDPOINTS: readonly ApiEndpoint[] = [account, portraits, generations, thumbnails, compareSets, webhooks].flatMap((module) =>
  Object.values<unknown>(module).filter(isEndpoint),
);
