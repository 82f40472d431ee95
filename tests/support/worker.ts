// A generation runner in its own process, for the restart test: it runs the
// same modules as `npm run worker`, straight from the sources. With
// TEST_RENDER_LOG set, every cell it starts rendering is appended to that file.
import { startGenerationRunner } from "~/modules/generations/runner.server";
import { localProvider } from "~/modules/providers/local/compositor.server";
import { recordRenders } from "./render-log";

if (process.env.TEST_RENDER_LOG) recordRenders(localProvider, process.env.TEST_RENDER_LOG);
startGenerationRunner({ pollMs: 100 });
console.log("worker ready");
