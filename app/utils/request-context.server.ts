// The request a piece of code runs for, so that a log line written deep in a
// domain module carries the request's id without every function passing it.
import { AsyncLocalStorage } from "node:async_hooks";

type RequestContext = { requestId: string };

// Kept on globalThis: Express (server-build/) enters the context and the
// Remix build (build/) reads it, and each bundle has its own copy of this
// module, so a module-level instance would be two instances.
const key = Symbol.for("thumbsmith.requestContext");
const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>;
const storage = (holder[key] ??= new AsyncLocalStorage<RequestContext>());

export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
