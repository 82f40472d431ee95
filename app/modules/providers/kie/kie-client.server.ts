// A client for kie.ai's jobs API (the image-edit model of KIE_MODEL, see
// kie-models.server.ts) and its file upload API, with the error handling the provider needs: typed errors with
// words for the creator, a client-side rate limiter, and retries by a stated
// policy: what is temporary and what is definite is the providers' shared rule
// (provider-answers.server.ts). See docs/decisions/007-kie-provider.md and
// 120-provider-outages.md.
import { setTimeout as sleep } from "node:timers/promises";
import { DownloadError, downloadPublicImage } from "~/modules/net/public-download.server";
import { kieCalls } from "~/modules/ops/metrics.server";
import { describeNoAnswer, kindOfStatus, retryTemporary } from "../provider-answers.server";
import { buildKieTask, DEFAULT_KIE_MODEL, type KieModelSettings } from "./kie-models.server";

export type KieTaskState = "waiting" | "queuing" | "generating" | "success" | "fail";

export type KieTask = {
  taskId: string;
  state: KieTaskState;
  resultUrls: string[];
  failMessage: string | null;
};

/**
 * An error from kie.ai; `message` is written for the creator. `retryable`
 * says the answer was temporary (provider-answers.server.ts): asking again
 * may give another.
 */
export class KieError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    readonly retryable: boolean,
    /** kie.ai's own words (its `msg`), when it sent any. */
    readonly detail = "",
  ) {
    super(message);
  }
}

/** The account cannot be used at all (401, 402): the whole generation fails and is refunded. */
export class KieAccountError extends KieError {}

/**
 * kie.ai's answer about a task is that it has no such task (recordInfo's 404,
 * or 422 "recordInfo is null"): it never existed or has expired. Definite:
 * no amount of asking brings it back.
 */
export class KieTaskGoneError extends KieError {}

/**
 * kie.ai's documented codes (docs.kie.ai, "Get Task Details"): 401, 402, 404
 * (task not found), 422 (validation), 429, 455 (maintenance), 500 (retry
 * later), 501 (generation failed), 505 (feature disabled). `model` names the
 * model in a refusal: a request kie.ai finds invalid is usually one built for
 * another model.
 */
function errorFor(code: number, detail: string, model?: string): KieError {
  const error = (message: string, temporary: boolean, Kind = KieError) => new Kind(message, code, temporary, detail);
  switch (code) {
    case 401:
      return error("the kie.ai API key was refused (check KIE_API_KEY)", false, KieAccountError);
    case 402:
      return error("the kie.ai account has no credits left", false, KieAccountError);
    case 422:
      return error(`kie.ai refused the request${model ? ` for ${model}` : ""} (${detail || "invalid parameters"})`, false);
    case 429:
      return error("kie.ai is rate limiting requests", true);
    case 455:
      return error("kie.ai is under maintenance", true);
    case 501:
      return error(`kie.ai could not generate this image${detail ? ` (${detail})` : ""}`, false);
    default:
      return error(`kie.ai answered with an error (${code}${detail ? `: ${detail}` : ""})`, kindOfStatus(code) === "temporary");
  }
}

/**
 * At most `limit` calls in any `windowMs`. A call counts from when it ends,
 * not when it starts (the server saw it somewhere in between), so a burst
 * never lands inside the server's window twice. `acquire()` waits for a free
 * slot and returns the function that marks the call finished; `counted:
 * false` gives the slot back (a create that made no task: during an outage
 * the backoff paces the retries, and the budget stays for creates that count).
 */
export function createRateLimiter({ limit, windowMs }: { limit: number; windowMs: number }) {
  const slots: { endedAt: number }[] = [];
  let chain = Promise.resolve();
  return function acquire() {
    const slot = { endedAt: Number.POSITIVE_INFINITY };
    const ready = chain.then(async () => {
      for (;;) {
        const now = Date.now();
        while (slots.length && now - slots[0].endedAt >= windowMs) slots.shift();
        if (slots.length < limit) {
          slots.push(slot);
          return;
        }
        const oldest = slots[0].endedAt;
        await sleep(Number.isFinite(oldest) ? windowMs - (now - oldest) + 1 : 10);
        slots.sort((a, b) => a.endedAt - b.endedAt);
      }
    });
    chain = ready;
    return ready.then(() => (counted = true) => {
      if (!counted) {
        const index = slots.indexOf(slot);
        if (index >= 0) slots.splice(index, 1);
        return;
      }
      slot.endedAt = Date.now();
      slots.sort((a, b) => a.endedAt - b.endedAt);
    });
  };
}

export type KieClientOptions = {
  apiKey: string;
  /** https://api.kie.ai in production. */
  baseUrl: string;
  /** https://kieai.redpandaai.co in production. */
  uploadBaseUrl: string;
  /** Creates per window (kie.ai allows 20 per 10 s; stay under it). */
  createLimit?: { limit: number; windowMs: number };
  /**
   * Attempts for temporary failures of a call given no deadline, with capped
   * exponential backoff from retryBaseMs up to retryCapMs (jitter from `random`).
   */
  maxAttempts?: number;
  retryBaseMs?: number;
  retryCapMs?: number;
  random?: () => number;
  /** How long one request may go unanswered before it counts as no answer (temporary). */
  requestTimeoutMs?: number;
  /**
   * Tests only: result downloads may reach loopback and private addresses
   * (the fake kie.ai runs on loopback). Off, they must resolve to public ones.
   */
  allowPrivateResultUrls?: boolean;
  /** The model tasks are created for, and its size setting (default: google/nano-banana-edit). */
  modelSettings?: KieModelSettings;
};

type Envelope<T> = { code?: number; msg?: string; data?: T; success?: boolean };

export function createKieClient(options: KieClientOptions) {
  const { apiKey, baseUrl, uploadBaseUrl, maxAttempts = 5, retryBaseMs = 1000, retryCapMs = 30_000, requestTimeoutMs = 60_000 } = options;
  const backoff = { baseMs: retryBaseMs, capMs: retryCapMs, random: options.random };
  const acquireCreate = createRateLimiter(options.createLimit ?? { limit: 18, windowMs: 10_000 });
  const modelSettings = options.modelSettings ?? { model: DEFAULT_KIE_MODEL, resolution: "2K", quality: "basic" };

  /** One HTTP call, counted by endpoint and outcome: "ok", "unreachable", "unreadable" or kie.ai's error code. */
  async function call<T>(endpoint: string, url: string, init: RequestInit = {}, model?: string): Promise<T> {
    let outcome = "unreadable";
    try {
      let response: Response;
      try {
        response = await fetch(url, {
          ...init,
          headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json", ...init.headers },
          signal: AbortSignal.timeout(requestTimeoutMs),
        });
      } catch (error) {
        outcome = "unreachable";
        throw new KieError(`kie.ai could not be reached (${describeNoAnswer(error)})`, null, true);
      }
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        outcome = "unreachable";
        throw new KieError(`kie.ai could not be reached (${describeNoAnswer(error)})`, null, true);
      }
      let body: Envelope<T>;
      try {
        body = JSON.parse(text) as Envelope<T>;
      } catch {
        // A proxy's error page in front of kie.ai, or a cut answer: as temporary as its status.
        const temporary = response.ok || kindOfStatus(response.status) === "temporary";
        throw new KieError(`kie.ai sent an unreadable answer (HTTP ${response.status})`, response.status, temporary);
      }
      // kie.ai reports errors in the body's code, sometimes with HTTP 200.
      const code = body.code ?? response.status;
      if (!response.ok || code !== 200) {
        const error = errorFor(code === 200 ? response.status : code, body.msg ?? "", model);
        outcome = String(error.code);
        throw error;
      }
      if (body.data === undefined) throw new KieError("kie.ai sent an answer without data", code, true);
      outcome = "ok";
      return body.data;
    } finally {
      kieCalls.inc({ endpoint, outcome });
    }
  }

  /**
   * Runs `attempt`, retrying temporary errors with capped backoff: until
   * `until` (epoch ms) when given, else for maxAttempts attempts.
   */
  function withRetries<T>(attempt: () => Promise<T>, until?: number): Promise<T> {
    return retryTemporary(attempt, {
      isTemporary: isTemporaryKieError,
      backoff,
      ...(until === undefined ? { maxAttempts } : { deadline: until }),
    });
  }

  return {
    /** Uploads an image through the file upload API; returns its (temporary) download URL. */
    uploadImage(bytes: Buffer, { fileName, mimeType, until }: { fileName: string; mimeType: string; until?: number }) {
      return withRetries(async () => {
        const data = await call<{ downloadUrl?: string; fileUrl?: string }>("upload", `${uploadBaseUrl}/api/file-base64-upload`, {
          method: "POST",
          body: JSON.stringify({
            base64Data: `data:${mimeType};base64,${bytes.toString("base64")}`,
            uploadPath: "thumbsmith/portraits",
            fileName,
          }),
        });
        const url = data.downloadUrl ?? data.fileUrl;
        if (!url) throw new KieError("kie.ai did not return the uploaded file's address", null, true);
        return url;
      }, until);
    },

    /**
     * Creates one image task on the configured model; returns its task id.
     * Rate limited; temporary answers (429, 5xx, no answer) are retried until
     * `until`, or maxAttempts times without it.
     */
    createTask({ prompt, imageUrls, callBackUrl, until }: { prompt: string; imageUrls: string[]; callBackUrl?: string; until?: number }) {
      const { model, input } = buildKieTask(modelSettings, { prompt, imageUrls });
      return withRetries(async () => {
        const finished = await acquireCreate();
        const data = await call<{ taskId: string }>(
          "createTask",
          `${baseUrl}/api/v1/jobs/createTask`,
          { method: "POST", body: JSON.stringify({ model, ...(callBackUrl ? { callBackUrl } : {}), input }) },
          model,
        ).then(
          (answer) => (finished(), answer),
          (error: unknown) => {
            // A 429 was counted at kie.ai; an outage's answer or no answer made no task.
            finished(error instanceof KieError && error.code === 429);
            throw error;
          },
        );
        if (!data.taskId) throw new KieError("kie.ai did not return a task id", null, true);
        return data.taskId;
      }, until);
    },

    /**
     * The task's current state, with result URLs parsed from resultJson: one
     * ask, not retried (the caller polls, see pollTask). kie.ai saying it has
     * no such task is a KieTaskGoneError.
     */
    async getTask(taskId: string): Promise<KieTask> {
      try {
        const data = await call<{ taskId: string; state: KieTaskState; resultJson?: string | null; failMsg?: string | null }>(
          "recordInfo",
          `${baseUrl}/api/v1/jobs/recordInfo?taskId=${encodeURIComponent(taskId)}`,
        );
        return parseTask(data);
      } catch (error) {
        if (error instanceof KieError && !(error instanceof KieAccountError) && (error.code === 404 || error.code === 422)) {
          const said = error.detail ? ` (${error.detail})` : "";
          throw new KieTaskGoneError(`kie.ai no longer knows this thumbnail's task${said}; it may have expired`, error.code, false, error.detail);
        }
        throw error;
      }
    },

    /**
     * Downloads a result at once (its URL expires). The URL is only as
     * trustworthy as the answer it came from, so it goes through the guarded
     * download (public addresses, size and time caps, image bytes). The
     * task is paid for: temporary failures (5xx, 429, no answer) are retried
     * until `until` (maxAttempts times without it); an expired link is tried
     * maxAttempts times, then reported; a refused one is not retried.
     */
    downloadResult(url: string, { until }: { until?: number } = {}) {
      // A link that says gone may not have reached kie.ai's file host yet: a
      // few tries, not until the deadline like the temporary answers.
      let goneAnswers = 0;
      const isTemporary = (error: unknown) =>
        isTemporaryKieError(error) && (!LINK_GONE.has((error as KieError).code ?? 0) || ++goneAnswers < maxAttempts);
      const attempt = async () => {
        try {
          const image = await downloadPublicImage(url, {
            timeoutMs: requestTimeoutMs,
            ...(options.allowPrivateResultUrls ? { isAllowedAddress: () => true } : {}),
          });
          kieCalls.inc({ endpoint: "download", outcome: "ok" });
          return image;
        } catch (error) {
          kieCalls.inc({ endpoint: "download", outcome: error instanceof DownloadError && error.status ? String(error.status) : "failed" });
          if (!(error instanceof DownloadError)) throw error;
          const { status } = error;
          if (status) {
            const gone = LINK_GONE.has(status);
            throw new KieError(
              `the generated image could not be downloaded (HTTP ${status}${gone ? "; its link may have expired" : ""})`,
              status,
              gone || kindOfStatus(status) === "temporary",
            );
          }
          throw new KieError(`the generated image could not be downloaded (${error.message})`, null, error.retryable);
        }
      };
      return retryTemporary(attempt, { isTemporary, backoff, ...(until === undefined ? { maxAttempts } : { deadline: until }) });
    },
  };
}

export type KieClient = ReturnType<typeof createKieClient>;

/** What an expired result link answers. */
const LINK_GONE = new Set([403, 404, 410]);

/** Whether kie.ai's answer was temporary: asking again may give another. */
export function isTemporaryKieError(error: unknown) {
  return error instanceof KieError && error.retryable;
}

/** A task record (recordInfo's data, or a callback's data) in the provider's terms. */
export function parseTask(data: { taskId: string; state: KieTaskState; resultJson?: string | null; failMsg?: string | null }): KieTask {
  let resultUrls: string[] = [];
  if (data.state === "success") {
    try {
      resultUrls = (JSON.parse(data.resultJson ?? "{}") as { resultUrls?: string[] }).resultUrls ?? [];
    } catch {
      throw new KieError("kie.ai sent an unreadable result", null, true);
    }
  }
  return { taskId: data.taskId, state: data.state, resultUrls, failMessage: data.failMsg ?? null };
}
