import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { ErrorList } from "~/components/forms";
import { AnalysisNotice, CutoutSwitch, PortraitViews, type AnalysedPortrait } from "~/components/portrait-analysis";
import { ConfirmDialog } from "~/components/ui/alert-dialog";
import { Button } from "~/components/ui/button";
import { PORTRAIT_NAME_MAX, PortraitNameSchema } from "~/modules/portraits/portrait-name";
import type { action as portraitAction } from "~/routes/portraits_.$portraitId";

const RenameSchema = z.object({ intent: z.literal("rename"), name: PortraitNameSchema });

type Portrait = AnalysedPortrait;

export function PortraitCard({ portrait }: { portrait: Portrait }) {
  const [renaming, setRenaming] = useState(false);
  const deleter = useFetcher<typeof portraitAction>();
  const deleting = deleter.state !== "idle";
  const actionUrl = `/portraits/${portrait.id}`;

  return (
    <li
      aria-label={portrait.name}
      className="group overflow-hidden rounded-xl bg-ink-900 ring-1 ring-white/5 transition-opacity data-[deleting=true]:opacity-40"
      data-deleting={deleting}
    >
      <PortraitViews portrait={portrait} />
      <div className="flex flex-col gap-2 p-3">
        {renaming ? (
          <RenameForm portrait={portrait} actionUrl={actionUrl} onDone={() => setRenaming(false)} />
        ) : (
          <>
            <p className="truncate font-medium" title={portrait.name}>
              {portrait.name}
            </p>
            <p className="text-xs text-zinc-400">
              {portrait.width}×{portrait.height}
              {portrait.hasAlpha ? " · transparent background" : ""}
            </p>
            <AnalysisNotice portrait={portrait} />
            {portrait.analysis.cutoutVersion ? <CutoutSwitch portrait={portrait} /> : null}
            <div className="flex flex-wrap gap-2">
              <Button size="sm" variant="secondary" onClick={() => setRenaming(true)} aria-label={`Rename ${portrait.name}`}>
                Rename
              </Button>
              <ConfirmDialog
                trigger={
                  <Button size="sm" variant="ghost" aria-label={`Delete ${portrait.name}`} disabled={deleting}>
                    Delete
                  </Button>
                }
                title={`Delete “${portrait.name}”?`}
                description="The photo is removed from your library. Thumbnails you already generated from it are kept."
                action={
                  <deleter.Form method="post" action={actionUrl}>
                    <Button type="submit" variant="danger" name="intent" value="delete">
                      Delete portrait
                    </Button>
                  </deleter.Form>
                }
              />
            </div>
          </>
        )}
      </div>
    </li>
  );
}

function RenameForm({ portrait, actionUrl, onDone }: { portrait: Portrait; actionUrl: string; onDone: () => void }) {
  const fetcher = useFetcher<typeof portraitAction>();
  const [form, fields] = useForm({
    id: `rename-${portrait.id}`,
    constraint: getZodConstraint(RenameSchema),
    lastResult: fetcher.data?.result,
    defaultValue: { name: portrait.name },
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RenameSchema }),
    onSubmit: () => undefined,
  });
  const accepted = fetcher.state === "idle" && fetcher.data?.result?.status === "success";
  // Close once the server accepted the new name.
  useEffect(() => {
    if (accepted) onDone();
  }, [accepted, onDone]);

  return (
    <fetcher.Form method="post" action={actionUrl} className="flex flex-col gap-2" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="rename" />
      <label htmlFor={fields.name.id} className="text-xs font-medium text-zinc-400">
        New name
      </label>
      <input
        {...getInputProps(fields.name, { type: "text" })}
        maxLength={PORTRAIT_NAME_MAX}
        autoFocus
        className="h-9 rounded-lg bg-ink-800 px-2 text-sm ring-1 ring-white/10 focus:outline-none focus:ring-2 focus:ring-brand-400 aria-[invalid=true]:ring-red-500"
      />
      <ErrorList id={fields.name.errorId} errors={fields.name.errors} />
      <div className="flex gap-2">
        <Button size="sm" type="submit" disabled={fetcher.state !== "idle"}>
          Save
        </Button>
        <Button size="sm" type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </fetcher.Form>
  );
}
