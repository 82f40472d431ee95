// Where Scalar's browser bundle (the API reference's viewer) comes from: the
// build copies it out of the dev dependency into public/vendor/, which the
// production image ships; a checkout that was not built reads the package.
import { createRequire } from "node:module";
import path from "node:path";

export const SCALAR_BUNDLE_FILE = path.resolve("public/vendor/scalar-api-reference.js");

export function scalarPackageBundle() {
  // The package exports no subpath for it: found beside its entry point.
  return path.join(path.dirname(createRequire(import.meta.url).resolve("@scalar/api-reference")), "browser", "standalone.js");
}
