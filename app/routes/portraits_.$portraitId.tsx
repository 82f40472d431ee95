// Rename, delete, choose the face and switch the cut-out of one portrait.
// Posted by the cards on /portraits (with a fetcher, or as a plain form
// without JavaScript).
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUserId } from "~/modules/auth/auth.server";
import { choosePortraitFace, FaceChoiceError, setPortraitCutout } from "~/modules/portraits/portrait-analysis.server";
import { PortraitNameSchema } from "~/modules/portraits/portrait-name";
import { deletePortrait, renamePortrait } from "~/modules/portraits/portraits.server";
import { createToastHeaders, redirectWithToast, type ToastInput } from "~/utils/toast.server";
import { readForm } from "~/utils/form.server";

const FACE_MESSAGE = "Choose a face by its number.";

// Exported: the route-security test posts every intent it lists.
export const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rename"), name: PortraitNameSchema }),
  z.object({ intent: z.literal("delete") }),
  z.object({
    intent: z.literal("set-face"),
    faceIndex: z
      .number({ required_error: FACE_MESSAGE, invalid_type_error: FACE_MESSAGE })
      .int(FACE_MESSAGE)
      .min(0, FACE_MESSAGE),
  }),
  z.object({
    intent: z.literal("set-cutout"),
    enabled: z
      .enum(["true", "false"], { errorMap: () => ({ message: "Say whether the cut-out is on (true) or off (false)." }) })
      .transform((value) => value === "true"),
  }),
]);

type PortraitChange = z.infer<typeof ActionSchema>;

function applyChange(userId: string, portraitId: string, change: PortraitChange) {
  switch (change.intent) {
    case "rename":
      return renamePortrait(userId, portraitId, change.name);
    case "delete":
      return deletePortrait(userId, portraitId);
    case "set-face":
      return choosePortraitFace(userId, portraitId, change.faceIndex);
    case "set-cutout":
      return setPortraitCutout(userId, portraitId, change.enabled);
  }
}

function confirmationOf(change: PortraitChange): ToastInput {
  switch (change.intent) {
    case "rename":
      return { title: "Portrait renamed", description: `It is now called “${change.name}”.` };
    case "delete":
      return { title: "Portrait deleted", description: "Thumbnails made from it are kept." };
    case "set-face":
      return { title: "Face chosen", description: `The cut-out is now built around face ${change.faceIndex + 1}.` };
    case "set-cutout":
      return change.enabled
        ? { title: "Cut-out on", description: "Thumbnails will use the person cut out of this photo." }
        : { title: "Cut-out off", description: "Thumbnails will use a framed photo." };
  }
}

export async function loader() {
  return redirect("/portraits");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  const portraitId = params.portraitId ?? "";
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: ActionSchema });
  // A fetcher wants data back; a plain form post (no JavaScript) wants a page.
  const wantsPage = request.headers.get("Accept")?.includes("text/html") ?? false;
  if (submission.status !== "success") {
    if (wantsPage) {
      const message = Object.values(submission.error ?? {}).flat()[0] ?? "That change could not be made.";
      throw new Response(message, { status: 400 });
    }
    return json({ result: submission.reply() }, { status: 400 });
  }
  let done;
  try {
    done = await applyChange(userId, portraitId, submission.value);
  } catch (error) {
    if (!(error instanceof FaceChoiceError)) throw error;
    if (wantsPage) throw new Response(error.message, { status: error.status });
    return json({ result: submission.reply({ formErrors: [error.message] }) }, { status: error.status });
  }
  if (!done) throw new Response("Not found", { status: 404 });
  const confirmation = confirmationOf(submission.value);
  if (wantsPage) return redirectWithToast("/portraits", confirmation);
  return json({ result: submission.reply() }, { headers: await createToastHeaders(confirmation) });
}
