// Rename and delete one portrait. Posted by the cards on /portraits (with a
// fetcher, or as a plain form without JavaScript).
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUserId } from "~/modules/auth/auth.server";
import { PortraitNameSchema } from "~/modules/portraits/portrait-name";
import { deletePortrait, renamePortrait } from "~/modules/portraits/portraits.server";

const PortraitActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rename"), name: PortraitNameSchema }),
  z.object({ intent: z.literal("delete") }),
]);

export async function loader() {
  return redirect("/portraits");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  const portraitId = params.portraitId ?? "";
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: PortraitActionSchema });
  // A fetcher wants data back; a plain form post (no JavaScript) wants a page.
  const wantsPage = request.headers.get("Accept")?.includes("text/html") ?? false;
  if (submission.status !== "success") {
    if (wantsPage) {
      const message = Object.values(submission.error ?? {}).flat()[0] ?? "That change could not be made.";
      throw new Response(message, { status: 400 });
    }
    return json({ result: submission.reply() }, { status: 400 });
  }
  const done =
    submission.value.intent === "rename"
      ? await renamePortrait(userId, portraitId, submission.value.name)
      : await deletePortrait(userId, portraitId);
  if (!done) throw new Response("Not found", { status: 404 });
  if (wantsPage) return redirect("/portraits");
  return json({ result: submission.reply() });
}
