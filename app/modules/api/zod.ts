// The one zod the API's schemas are written with: extended with .openapi()
// so the same schemas that validate requests describe them in the spec.
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

extendZodWithOpenApi(z);

export { z };
