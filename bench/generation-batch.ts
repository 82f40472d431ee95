// A 4 x 3 batch (3 headlines x 4 backgrounds = 12 thumbnails) through the real
// submit path: the Generate action debits, inserts and wakes the in-process
// runner; the times are taken from the event bus, as the gallery sees them.
// Targets (issue 4): first thumbnail under 0.5 s, whole batch under 2 s.
//   npm run bench:generation
import { cleanUp, summarize } from "./setup";
import { subscribeToGeneration } from "~/modules/events/generation-events.server";
import { GenerationStatus, isTerminal } from "~/modules/generations/lifecycle";
import { startGenerationRunner } from "~/modules/generations/queue.server";
import { grantCredits } from "~/modules/credits/credits.server";
import { action } from "~/routes/generate";
import { createTestPortrait, createTestUser, formRequest, sessionCookieFor } from "#tests/utils";
import { prisma } from "~/utils/db.server";

const rounds = Number(process.argv[2] ?? 5);
const user = await createTestUser({ email: "bench@example.com" });
await grantCredits({ email: user.email, amount: rounds + 5 });
const portrait = await createTestPortrait(user.id);
const cookie = await sessionCookieFor(user.id);
const runner = startGenerationRunner({ pollMs: 1000 });

async function oneBatch(round: number) {
  const started = performance.now();
  let firstThumbnail = 0;
  const fields = { portraitId: portrait.id, keywords: `iPhone 17 review, shocking battery, round ${round}`, backgroundCount: "4" };
  const submitted = await action({ request: formRequest("/generate", fields, { cookie }), params: {}, context: {} });
  const generationId = (submitted as Response).headers.get("Location")!.split("/").pop()!;
  const submitMs = performance.now() - started;
  const completedMs = await new Promise<number>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error("batch did not finish in 60 s")), 60_000);
    const unsubscribe = subscribeToGeneration(generationId, (event) => {
      if (event.type === "thumbnail" && !firstThumbnail) firstThumbnail = performance.now() - started;
      if (isTerminal(event.generation.status)) {
        clearTimeout(timeout);
        unsubscribe();
        if (event.generation.status !== GenerationStatus.completed) reject(new Error(`batch ended ${event.generation.status}`));
        else resolve(performance.now() - started);
      }
    });
  });
  return { submitMs, firstThumbnail, completedMs };
}

await oneBatch(0);
const runs = [];
for (let i = 1; i <= rounds; i++) runs.push(await oneBatch(i));
await runner.stop();
await prisma.$disconnect();

const first = summarize(runs.map((r) => r.firstThumbnail));
const whole = summarize(runs.map((r) => r.completedMs));
const submit = summarize(runs.map((r) => r.submitMs));
console.log(`4 backgrounds x 3 headlines = 12 thumbnails through the submit path, ${rounds} batches`);
console.log(`  submit (action)     median ${submit.median.toFixed(0)} ms`);
console.log(`  first thumbnail     median ${first.median.toFixed(0)} ms   p95 ${first.p95.toFixed(0)} ms   target < 500 ms -> ${first.median < 500 ? "met" : "NOT met"}`);
console.log(`  batch completed     median ${whole.median.toFixed(0)} ms   p95 ${whole.p95.toFixed(0)} ms   target < 2000 ms -> ${whole.median < 2000 ? "met" : "NOT met"}`);
console.log(`  (the system this project grew from took 3 to 7 minutes per batch)`);
cleanUp();
