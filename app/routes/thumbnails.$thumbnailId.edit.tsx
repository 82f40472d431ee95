// The editor of one thumbnail: load its recipe, save edits as a new version,
// revert to an earlier one. The page itself is components/thumbnails/editor.
import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { ThumbnailEditor, type EditorActionData } from "~/components/thumbnails/editor/thumbnail-editor";
import { requireUserId } from "~/modules/auth/auth.server";
import { EditSchema, RevertSchema, editableRecipe } from "~/modules/thumbnails/edits";
import { EditError, getThumbnailEditor, revertThumbnail, saveThumbnailVersion } from "~/modules/thumbnails/versions.server";
import { redirectWithToast } from "~/utils/toast.server";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Edit · ${data.editor.keywords} · Thumbsmith` : "Edit thumbnail · Thumbsmith" },
];

// Exported: the route-security test posts every intent it lists.
export const ActionSchema = z.discriminatedUnion("intent", [
  EditSchema.extend({ intent: z.literal("save") }),
  RevertSchema.extend({ intent: z.literal("revert") }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const editor = await getThumbnailEditor(userId, params.thumbnailId ?? "");
  if (!editor) throw new Response("Not found", { status: 404 });
  const { spec, ...rest } = editor;
  return json({ editor: { ...rest, ...editableRecipe(spec) } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  const thumbnailId = params.thumbnailId ?? "";
  const submission = parseWithZod(await readForm(request), { schema: ActionSchema });
  if (submission.status !== "success") {
    const intent: EditorActionData["intent"] = submission.payload.intent === "revert" ? "revert" : "save";
    return json({ intent, result: submission.reply() }, { status: 400 });
  }
  const input = submission.value;
  const editorUrl = `/thumbnails/${thumbnailId}/edit`;
  try {
    if (input.intent === "save") {
      const { intent: _intent, ...edits } = input;
      const saved = await saveThumbnailVersion(userId, thumbnailId, edits);
      if (!saved) throw new Response("Not found", { status: 404 });
      return redirectWithToast(
        editorUrl,
        saved.created
          ? { title: `Saved as version ${saved.version}`, description: "Downloads, ZIPs and the gallery use it now." }
          : { title: "Nothing to save", type: "message", description: `Version ${saved.version} already looks like this.` },
      );
    }
    const reverted = await revertThumbnail(userId, thumbnailId, input.version ?? "previous");
    if (!reverted) throw new Response("Not found", { status: 404 });
    return redirectWithToast(editorUrl, {
      title: `Back to version ${reverted.version}`,
      description: "Later versions stay in the list.",
    });
  } catch (error) {
    if (!(error instanceof EditError)) throw error;
    const result = submission.reply(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] });
    return json({ intent: input.intent, result }, { status: 422 });
  }
}

export default function EditThumbnailRoute() {
  const { editor } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return <ThumbnailEditor editor={editor} actionData={actionData} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
