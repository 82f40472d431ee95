// A generation runner in its own process, for the restart test: it runs the
// same modules as `npm run worker`, straight from the sources.
import { startGenerationRunner } from "~/modules/generations/runner.server";

startGenerationRunner({ pollMs: 100 });
console.log("worker ready");
