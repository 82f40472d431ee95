// The render thread from its TypeScript source (tests, benchmarks, `npm run
// dev`): production runs the compiled server-build/render-thread.js instead.
// tsx's scoped import, because `--import tsx` in a worker's execArgv does not
// load this module graph on Node 20 (ERR_UNKNOWN_FILE_EXTENSION).
import { tsImport } from "tsx/esm/api";

const thread = await tsImport("./render-thread.server.ts", import.meta.url);
export default thread.default;
