// A client for kie.ai's jobs API (the image-edit model of KIE_MODEL, see
// kie-models.server.ts) and its file upload API, with the error handling the provider needs: typed errors with
// words for the creator, a client-side rate limiter, and retries by a stated
// policy. See docs/decisions/007-kie-provider.md.
import { setTimeout as sleep } from "node:timers/promises";
import { DownloadError, downloadPublicImage } from "~/modules/net/public-download.server";
import { kieCalls } from "~/modules/ops/metrics.server";
import { buildKieTask, DEFAULT_KIE_MODEL, type KieModelSettings } from "./kie-models.server";

export type KieTaskState = "waiting" | "queuing" | "generating" | "success" | "fail";

export type KieTask = {
  taskId: string;
  state: KieTaskState;
  resultUrls: string[];
  failMessage: string | null;
};

/** An error from kie.ai; `message` is written for the creator, `retryable` drives the retry policy. */
export class KieError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** The account cannot be used at all (401, 402): the whole generation fails and is refunded. */
export class KieAccountError extends KieError {}

/** `model` names the model in a refusal: a request kie.ai finds invalid is usually one built for another model. */
function errorFor(code: number, detail: string, model?: string): KieError {
  switch (code) {
    case 401:
      return new KieAccountError("the kie.ai API key was refused (check KIE_API_KEY)", code, false);
    case 402:
      return new KieAccountError("the kie.ai account has no credits left", code, false);
    case 422:
      return new KieError(`kie.ai refused the request${model ? ` for ${model}` : ""} (${detail || "invalid parameters"})`, code, false);
    case 429:
      return new KieError("kie.ai is rate limiting requests", code, true);
    case 455:
      return new KieError("kie.ai is under maintenance", code, true);
    case 501:
      return new KieError(`kie.ai could not generate this image${detail ? ` (${detail})` : ""}`, code, true);
    default:
      return new KieError(`kie.ai answered with an error (${code}${detail ? `: ${detail}` : ""})`, code, code >= 500);
  }
}

/**
 * At most `limit` calls in any `windowMs`. A call counts from when it ends,
 * not when it starts (the server saw it somewhere in between), so a burst
 * never lands inside the server's window twice. `acquire()` waits for a free
 * slot and returns the function that marks the call finished.
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
    return ready.then(() => () => {
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
  /** Attempts for retryable failures, with exponential backoff from retryBaseMs. */
  maxAttempts?: number;
  retryBaseMs?: number;
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
  const { apiKey, baseUrl, uploadBaseUrl, maxAttempts = 5, retryBaseMs = 1000 } = options;
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
          signal: AbortSignal.timeout(60_000),
        });
      } catch (error) {
        outcome = "unreachable";
        throw new KieError(`kie.ai could not be reached (${(error as Error).message})`, null, true);
      }
      const text = await response.text();
      let body: Envelope<T>;
      try {
        body = JSON.parse(text) as Envelope<T>;
      } catch {
        throw new KieError(`kie.ai sent an unreadable answer (HTTP ${response.status})`, response.status, true);
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

  /** Runs `attempt`, retrying retryable errors with exponential backoff. */
  async function withRetries<T>(attempt: () => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof KieError) || !error.retryable || tries >= maxAttempts) throw error;
        await sleep(retryBaseMs * 2 ** (tries - 1));
      }
    }
  }

  return {
    /** Uploads an image through the file upload API; returns its (temporary) download URL. */
    uploadImage(bytes: Buffer, { fileName, mimeType }: { fileName: string; mimeType: string }) {
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
      });
    },

    /** Creates one image task on the configured model; returns its task id. Rate limited and retried on 429. */
    createTask({ prompt, imageUrls, callBackUrl }: { prompt: string; imageUrls: string[]; callBackUrl?: string }) {
      const { model, input } = buildKieTask(modelSettings, { prompt, imageUrls });
      return withRetries(async () => {
        const finished = await acquireCreate();
        const data = await call<{ taskId: string }>(
          "createTask",
          `${baseUrl}/api/v1/jobs/createTask`,
          { method: "POST", body: JSON.stringify({ model, ...(callBackUrl ? { callBackUrl } : {}), input }) },
          model,
        ).finally(finished);
        if (!data.taskId) throw new KieError("kie.ai did not return a task id", null, true);
        return data.taskId;
      });
    },

    /** The task's current state, with result URLs parsed from resultJson. */
    getTask(taskId: string): Promise<KieTask> {
      return withRetries(async () => {
        const data = await call<{ taskId: string; state: KieTaskState; resultJson?: string | null; failMsg?: string | null }>(
          "recordInfo",
          `${baseUrl}/api/v1/jobs/recordInfo?taskId=${encodeURIComponent(taskId)}`,
        );
        return parseTask(data);
      });
    },

    /**
     * Downloads a result at once (its URL expires). The URL is only as
     * trustworthy as the answer it came from, so it goes through the guarded
     * download (public addresses, size and time caps, image bytes). An
     * expired link is retried, then reported; a refused one is not retried.
     */
    downloadResult(url: string) {
      return withRetries(async () => {
        try {
          const image = await downloadPublicImage(url, options.allowPrivateResultUrls ? { isAllowedAddress: () => true } : {});
          kieCalls.inc({ endpoint: "download", outcome: "ok" });
          return image;
        } catch (error) {
          kieCalls.inc({ endpoint: "download", outcome: error instanceof DownloadError && error.status ? String(error.status) : "failed" });
          if (!(error instanceof DownloadError)) throw error;
          const { status } = error;
          if (status) {
            throw new KieError(`the generated image could not be downloaded (HTTP ${status}; its link may have expired)`, status, status >= 500 || status === 404 || status === 403);
          }
          throw new KieError(`the generated image could not be downloaded (${error.message})`, null, error.retryable);
        }
      });
    },
  };
}

export type KieClient = ReturnType<typeof createKieClient>;

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
