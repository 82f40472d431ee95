// Whether kie.ai's signed callbacks keep failing verification. With a wrong
// KIE_WEBHOOK_HMAC_KEY every callback is refused and polling quietly finishes
// the batches, only several times slower, so nothing else would show it.
// The state is in process: each web process judges the callbacks that reach
// it, and a restart (which is how a fixed key takes effect) starts clean.
import { logger } from "~/utils/logger.server";

/** How many refused callbacks in a row, within the window, make it a problem. */
export const REFUSALS_TO_WARN = 3;
/** The window, and how often the warning may be logged again. */
export const REFUSAL_WINDOW_MS = 10 * 60_000;

export const KIE_CALLBACKS_REFUSED_LOG =
  "kie.ai callbacks fail signature verification: KIE_WEBHOOK_HMAC_KEY is probably wrong; falling back to polling";
export const KIE_CALLBACKS_REFUSED_NOTICE =
  "kie.ai callbacks are being refused (check KIE_WEBHOOK_HMAC_KEY); results arrive by polling, more slowly";

// Times of the refusals since the last accepted callback.
let refusals: number[] = [];
let warnedAt = Number.NEGATIVE_INFINITY;

/** Called for each signed callback of a known task, with whether its signature held. */
export function recordKieSignatureCheck(valid: boolean, now = Date.now()) {
  if (valid) {
    refusals = [];
    return;
  }
  refusals = [...refusals.filter((at) => now - at < REFUSAL_WINDOW_MS), now];
  if (refusals.length >= REFUSALS_TO_WARN && now - warnedAt >= REFUSAL_WINDOW_MS) {
    warnedAt = now;
    logger.warn(`${KIE_CALLBACKS_REFUSED_LOG} (${refusals.length} refused in the last ${REFUSAL_WINDOW_MS / 60_000} minutes, none accepted)`);
  }
}

/** Null while callbacks are fine; otherwise since when they have been refused. */
export function kieCallbacksRefused(now = Date.now()): { since: Date; message: string } | null {
  const recent = refusals.filter((at) => now - at < REFUSAL_WINDOW_MS);
  return recent.length >= REFUSALS_TO_WARN ? { since: new Date(recent[0]), message: KIE_CALLBACKS_REFUSED_NOTICE } : null;
}

/** Forgets everything (each test starts from a clean slate). */
export function resetKieCallbackHealth() {
  refusals = [];
  warnedAt = Number.NEGATIVE_INFINITY;
}
