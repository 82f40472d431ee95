// kie.ai's callback for one task. Answers fast, changes nothing itself: an
// unknown token or a bad signature is refused (401); a callback for another
// task, a replay, or one for a finished generation is acknowledged and
// ignored. An accepted callback only wakes the waiting renderer, which asks
// kie.ai for the task's state and result: the body's state and resultJson are
// never used, since kie.ai's signature does not cover them.
import { isRunning, ThumbnailStatus } from "~/modules/generations/lifecycle";
import { prisma } from "~/utils/db.server";
import { recordKieSignatureCheck } from "./kie-callback-health.server";
import { wakeKieTask } from "./kie-callbacks.server";
import { readKieConfig } from "./kie-config.server";
import { verifyKieSignature } from "./kie-signature.server";

type CallbackBody = { data?: { taskId?: unknown } };

export type WebhookOutcome = { status: 200 | 400 | 401; message: string };

export async function handleKieCallback(request: Request, token: string): Promise<WebhookOutcome> {
  const thumbnail = token
    ? await prisma.thumbnail.findUnique({
        where: { callbackToken: token },
        select: { providerTaskId: true, status: true, generation: { select: { status: true } } },
      })
    : null;
  if (!thumbnail) return { status: 401, message: "Unknown callback." };

  let body: CallbackBody;
  try {
    body = (await request.json()) as CallbackBody;
  } catch {
    return { status: 400, message: "The callback body is not JSON." };
  }
  const taskId = typeof body?.data?.taskId === "string" ? body.data.taskId : "";
  const secret = readKieConfig()?.KIE_WEBHOOK_HMAC_KEY;
  if (secret) {
    const valid = verifyKieSignature({
      taskId,
      timestamp: request.headers.get("X-Webhook-Timestamp"),
      signature: request.headers.get("X-Webhook-Signature"),
      secret,
    });
    // Only for known tokens: a stranger's bad signatures say nothing about the key.
    recordKieSignatureCheck(valid);
    if (!valid) return { status: 401, message: "Bad signature." };
  }
  if (!taskId || taskId !== thumbnail.providerTaskId) return { status: 200, message: "Ignored: not this task." };
  if (thumbnail.status !== ThumbnailStatus.rendering || !isRunning(thumbnail.generation.status)) {
    return { status: 200, message: "Ignored: already handled." };
  }
  await wakeKieTask(taskId);
  return { status: 200, message: "OK" };
}
