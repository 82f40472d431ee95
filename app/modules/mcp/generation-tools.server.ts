// generate_thumbnails and get_generation: a batch started with the Generate
// page's rules (submitGeneration), followed on the event bus until it is
// done, and read back as the gallery reads it.
import crypto from "node:crypto";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { getGeneration } from "~/modules/generations/generations.server";
import { isTerminal, ThumbnailStatus, type GenerationSnapshot } from "~/modules/generations/lifecycle";
import { submitGeneration } from "~/modules/generations/submit-generation.server";
import { GenerateFormSchema } from "~/modules/generations/validation";
import { waitForGeneration } from "~/modules/generations/wait-for-generation.server";
import { getThumbnailLabels } from "~/modules/thumbnails/thumbnail-labels.server";
import { registerTool, toolResult, ToolRefusal, type ToolContext, type ToolExtra } from "./tool.server";

/** The longest generate_thumbnails waits for its batch; then it answers with the id, and get_generation follows. */
export const GENERATE_WAIT_MAX_SECONDS = 600;

const fields = GenerateFormSchema.shape;

export const GenerateInput = {
  portraitId: fields.portraitId.describe("The portrait to make the thumbnails from (an id from list_portraits)."),
  keywords: fields.keywords.describe("What the video is about, in a few words, e.g. \"iPhone 17 review, shocking battery\". The headlines are written from them."),
  headline: fields.headline.describe("The headline to put on every thumbnail, in the creator's words (up to 5 words). Leave it out to have headlines written from the keywords."),
  backgroundCount: fields.backgroundCount.describe("How many backgrounds to try for each headline (the batch is headlines x backgrounds)."),
  provider: fields.provider.describe("The image service, when the server offers more than one; the server's default when left out."),
  modelDraws: fields.modelDraws.describe("With an image model only: what it draws (the scene, the person too, or everything)."),
  submissionKey: fields.submissionKey.describe(
    "Any text unique to this request. Calling again with the same key answers with the batch it started instead of starting (and paying for) another. Left out, the same request from the same token within 10 minutes counts as a retry.",
  ),
  waitSeconds: z
    .number()
    .int()
    .min(0)
    .max(GENERATE_WAIT_MAX_SECONDS)
    .default(GENERATE_WAIT_MAX_SECONDS)
    .describe(`How long to wait for the batch to finish before answering (0 answers at once). The most is ${GENERATE_WAIT_MAX_SECONDS}; after that, follow it with get_generation.`),
};

const GenerationIdInput = { generationId: z.string().min(1).max(64).describe("A batch's id, from generate_thumbnails.") };

export function registerGenerationTools(server: McpServer, context: ToolContext) {
  registerTool(server, context, {
    name: "generate_thumbnails",
    title: "Generate thumbnails",
    description:
      "Starts a batch of YouTube thumbnails from one of the creator's portraits and the video's keywords, waits until it is made (reporting progress as thumbnails finish), and answers with each thumbnail's id, headline and status. Look at one with get_thumbnail.",
    scope: "generate",
    inputSchema: GenerateInput,
    run: async ({ waitSeconds, ...input }, { caller, origin }, extra) => {
      const submissionKey = input.submissionKey || retryKey(caller.tokenId, input);
      const submitted = await submitGeneration({ userId: caller.userId, ...input, submissionKey });
      if (!submitted.ok) throw new ToolRefusal(refusalMessage(submitted));
      const { generationId, duplicate } = submitted;
      const outcome = await waitForGeneration(caller.userId, generationId, {
        maxMs: waitSeconds * 1000,
        signal: extra.signal,
        onChange: progressReporter(extra),
      });
      const generation = await describeGeneration(caller.userId, generationId, origin);
      if (!outcome || !generation) throw new ToolRefusal("This batch was deleted while it was being made.");
      const started = duplicate
        ? "This request had already started this batch, so nothing new was spent (send a new submissionKey to make another)."
        : `Started a batch of ${generation.thumbnailCount} thumbnails.`;
      return toolResult(`${started} ${statusLine(generation)}`, generation);
    },
  });

  registerTool(server, context, {
    name: "get_generation",
    title: "Get a batch",
    description: "A batch's status and progress, with each thumbnail's id, headline and status.",
    scope: "read",
    readOnly: true,
    inputSchema: GenerationIdInput,
    run: async ({ generationId }, { caller, origin }) => {
      const generation = await describeGeneration(caller.userId, generationId, origin);
      if (!generation) throw new ToolRefusal(`No batch of yours has the id ${generationId}.`);
      return toolResult(statusLine(generation), generation);
    },
  });
}

/**
 * A key for a request sent without one: the same token asking for the same
 * batch within the wait's window is a client retrying (a timeout, a
 * reconnect), which must not pay twice.
 */
function retryKey(tokenId: string, input: Record<string, unknown>) {
  const window = Math.floor(Date.now() / (GENERATE_WAIT_MAX_SECONDS * 1000));
  const request = JSON.stringify([tokenId, window, ...Object.keys(input).sort().map((key) => [key, input[key] ?? null])]);
  return `mcp-${crypto.createHash("sha256").update(request).digest("base64url")}`;
}

function refusalMessage(refused: { status: 400 | 402; fieldErrors: Record<string, string[]>; formErrors: string[] }) {
  const fieldProblems = Object.entries(refused.fieldErrors).flatMap(([field, messages]) => messages.map((message) => `${field}: ${message}`));
  return [...refused.formErrors, ...fieldProblems].join("\n") || "This batch could not be started.";
}

/** Sends notifications/progress (when the client asked for them) each time the batch moves on. */
function progressReporter(extra: ToolExtra) {
  const progressToken = extra._meta?.progressToken;
  let reported = -1;
  const finished = new Set<string>();
  return (generation: GenerationSnapshot, thumbnail: { id: string; status: string } | null) => {
    if (thumbnail && (thumbnail.status === ThumbnailStatus.success || thumbnail.status === ThumbnailStatus.failed)) finished.add(thumbnail.id);
    // The protocol wants every notification's progress higher than the last.
    if (progressToken === undefined || generation.progress <= reported) return;
    reported = generation.progress;
    const message = generation.thumbnailCount > 0 ? `${finished.size} of ${generation.thumbnailCount} thumbnails done` : (generation.currentStep ?? "Starting");
    extra
      .sendNotification({ method: "notifications/progress", params: { progressToken, progress: generation.progress, total: 100, message } })
      // A client that left takes its notifications with it; the batch goes on.
      .catch(() => undefined);
  };
}

/** One of the user's batches as the tools answer it, or null. */
async function describeGeneration(userId: string, generationId: string, origin: string) {
  const generation = await getGeneration(userId, generationId);
  if (!generation) return null;
  const labels = await getThumbnailLabels(userId, generationId);
  return {
    id: generation.id,
    status: generation.status,
    progress: generation.progress,
    keywords: generation.keywords,
    headline: generation.headline,
    provider: generation.providerLabel,
    thumbnailCount: generation.thumbnailCount,
    creditsUsed: generation.creditsUsed,
    errorMessage: generation.errorMessage,
    createdAt: generation.createdAt.toISOString(),
    completedAt: generation.completedAt?.toISOString() ?? null,
    pageUrl: `${origin}/gallery/${generation.id}`,
    thumbnails: generation.thumbnails.map((thumbnail) => ({
      id: thumbnail.id,
      headline: labels.get(thumbnail.id)?.headline ?? null,
      status: thumbnail.status,
      version: thumbnail.version,
      errorMessage: thumbnail.errorMessage,
      note: thumbnail.note,
    })),
  };
}

function statusLine(generation: NonNullable<Awaited<ReturnType<typeof describeGeneration>>>) {
  const made = generation.thumbnails.filter((thumbnail) => thumbnail.status === ThumbnailStatus.success).length;
  if (!isTerminal(generation.status)) {
    return `It is still being made (${generation.progress}%): call get_generation with ${generation.id} to follow it.`;
  }
  if (generation.status === "failed") return `The batch failed: ${generation.errorMessage ?? "no thumbnail could be made"}. Its credits were refunded.`;
  return `${made} of ${generation.thumbnailCount} thumbnails made. Look at one with get_thumbnail.`;
}
