// kie.ai's callback for one task. Answers fast, changes nothing it should not:
// an unknown token or a bad signature is refused (401); a callback for another
// task, a replay, or one for a finished generation is acknowledged and ignored.
import { isRunning, ThumbnailStatus } from "~/modules/generations/lifecycle";
import { prisma } from "~/utils/db.server";
import { notifyKieTask } from "./kie-callbacks.server";
import { parseTask, type KieTaskState } from "./kie-client.server";
import { readKieConfig } from "./kie-config.server";
import { verifyKieSignature } from "./kie-signature.server";

type CallbackBody = { data?: { taskId?: string; state?: KieTaskState; resultJson?: string | null; failMsg?: string | null } };

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
  const taskId = body.data?.taskId ?? "";
  const secret = readKieConfig()?.KIE_WEBHOOK_HMAC_KEY;
  if (
    secret &&
    !verifyKieSignature({
      taskId,
      timestamp: request.headers.get("X-Webhook-Timestamp"),
      signature: request.headers.get("X-Webhook-Signature"),
      secret,
    })
  ) {
    return { status: 401, message: "Bad signature." };
  }
  if (!taskId || taskId !== thumbnail.providerTaskId) return { status: 200, message: "Ignored: not this task." };
  if (thumbnail.status !== ThumbnailStatus.rendering || !isRunning(thumbnail.generation.status)) {
    return { status: 200, message: "Ignored: already handled." };
  }
  if (body.data?.state !== "success" && body.data?.state !== "fail") return { status: 200, message: "Noted." };
  try {
    // The waiting renderer (if it runs in this process) downloads the result;
    // otherwise polling finds the same state.
    notifyKieTask(parseTask({ taskId, state: body.data.state, resultJson: body.data.resultJson, failMsg: body.data.failMsg }));
  } catch {
    return { status: 200, message: "Ignored: unreadable result; polling will fetch it." };
  }
  return { status: 200, message: "OK" };
}
