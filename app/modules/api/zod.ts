// The one zod the API's schemas are written with: extended with .openapi()
// so the same schemas that validate requests describe them in the spec.
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

extendZodWithOpenApi(z);

export { z };

/**
 * A moment, sent as an ISO 8601 string. Domain functions hand back Dates;
 * this takes either, so a handler returns what the domain gave it.
 */
export const isoDateTime = () =>
  z.preprocess((value) => (value instanceof Date ? value.toISOString() : value), z.string().datetime()).openapi({ type: "string", format: "date-time" });
