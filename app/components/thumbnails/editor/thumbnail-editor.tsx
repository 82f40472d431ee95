// The editor of one thumbnail: change the recipe, watch the server draw it,
// save it as a new version, go back to an earlier one. Every re-render is
// local and costs no credits (docs/decisions/019-thumbnail-recipes.md).
import { Link } from "@remix-run/react";
import { thumbnailSrc } from "~/components/generation/thumbnail-card";
import { PageHeader } from "~/components/page-header";
import { ChecksPanel } from "./checks-panel";
import { EditorForm } from "./editor-form";
import type { EditorActionData, EditorData } from "./types";

export type { EditorActionData, EditorData } from "./types";

export function ThumbnailEditor({ editor, actionData }: { editor: EditorData; actionData?: EditorActionData }) {
  return (
    <>
      <PageHeader
        title="Edit thumbnail"
        description={`${editor.keywords} · version ${editor.version}. Edits are drawn on this server and cost no credits.`}
        actions={
          <Link to={`/gallery/${editor.generationId}`} className="text-sm text-brand-400 hover:text-brand-300">
            ← Back to the batch
          </Link>
        }
      />
      {editor.edits ? (
        // A new version (a save, a revert) starts the form again from its recipe.
        <EditorForm key={editor.version} editor={editor} edits={editor.edits} actionData={actionData} />
      ) : (
        <div className="grid grid-cols-1 gap-8 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <div className="flex flex-col gap-4">
            <img src={thumbnailSrc(editor)} alt="The thumbnail" width={1280} height={720} className="aspect-video w-full rounded-2xl object-cover ring-1 ring-white/10" />
            <p role="note" className="rounded-xl bg-ink-900 p-4 text-sm text-zinc-300 ring-1 ring-white/5">
              The image model drew this thumbnail’s text into the picture, so its words and layout cannot be changed here. Batches
              with <strong>Text by Thumbsmith</strong> (the default) keep their headline editable.
            </p>
          </div>
          <aside className="flex flex-col gap-6">
            <ChecksPanel checks={editor.checks} />
          </aside>
        </div>
      )}
    </>
  );
}
