import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { ErrorList } from "~/components/forms";
import { panelClass } from "~/components/panel";
import { FeedPreview } from "~/components/generation/feed-preview";
import { thumbnailSrc } from "~/components/generation/thumbnail-card";
import { Button } from "~/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { PALETTES } from "~/modules/design/palettes";
import { BACKGROUND_KINDS } from "~/modules/design/plan";
import { EditSchema, TOPIC_CHOICES, type ThumbnailEdits } from "~/modules/thumbnails/edits";
import { cn } from "~/utils/misc";
import { ChecksPanel } from "./checks-panel";
import { CHOICE_GROUPS, NUDGES, optionsOf, type ChoiceGroupSpec } from "./choices";
import { ChoiceGroup, Range } from "./controls";
import type { EditorActionData, EditorData } from "./types";
import { previewQuery, usePreview } from "./use-preview";
import { VersionsPanel } from "./versions-panel";

const TOPIC_LABELS: Record<(typeof TOPIC_CHOICES)[number], string> = { background: "As the background", screen: "On a screen", off: "Off" };

/** The form of a thumbnail's recipe beside the server's drawing of it, with the versions and the checks. */
export function EditorForm({ editor, edits, actionData }: { editor: EditorData; edits: ThumbnailEdits; actionData?: EditorActionData }) {
  const navigation = useNavigation();
  const saving = navigation.state !== "idle" && navigation.formData?.get("intent") === "save";
  const reverting = navigation.state !== "idle" && navigation.formData?.get("intent") === "revert";
  const [form, fields] = useForm({
    id: "edit-form",
    lastResult: actionData?.intent === "save" ? actionData.result : undefined,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditSchema }),
  });
  const [draft, setDraft] = useState(edits);
  const set = <K extends keyof ThumbnailEdits>(name: K, value: ThumbnailEdits[K]) => setDraft((d) => ({ ...d, [name]: value }));
  const preview = usePreview(editor.id, draft, edits);
  const src = preview.src ?? thumbnailSrc(editor);
  const words = draft.headline.split(/\s+/).filter(Boolean).slice(0, 5);
  const palette = PALETTES[draft.paletteIndex];
  // A choice the image model made on a plate travels with the form unchanged.
  const choice = (spec: ChoiceGroupSpec) =>
    editor.onPlate && spec.onPlate === "kept" ? (
      <input key={spec.name} type="hidden" name={spec.name} value={draft[spec.name]} />
    ) : (
      <ChoiceGroup
        key={spec.name}
        legend={spec.legend}
        name={spec.name}
        value={draft[spec.name]}
        onChange={(value) => set(spec.name, value as never)}
        options={optionsOf(spec, editor, draft[spec.name])}
        errors={fields[spec.name].errors}
        errorId={fields[spec.name].errorId}
      />
    );
  const textChoices = CHOICE_GROUPS.filter((spec) => spec.section === "text");
  const personChoices = CHOICE_GROUPS.filter((spec) => spec.section === "person");

  return (
    <div className="grid grid-cols-1 gap-8 lg:grid-cols-[minmax(0,1fr)_24rem]">
      {/* Below lg the two columns dissolve (contents) so their parts can interleave: preview, form, versions, checks, feed. */}
      <div className="contents lg:order-2 lg:flex lg:min-w-0 lg:flex-col lg:gap-6">
        <Form method="post" {...getFormProps(form)} className={cn("order-2 flex min-w-0 flex-col gap-6", panelClass, "p-4 sm:p-6 lg:order-none")}>
          <div className="flex flex-col gap-1.5">
            <label htmlFor={fields.headline.id} className="text-sm font-medium text-zinc-200">
              Headline
            </label>
            <input
              id={fields.headline.id}
              name={fields.headline.name}
              value={draft.headline}
              onChange={(e) => set("headline", e.target.value)}
              required
              maxLength={60}
              autoComplete="off"
              aria-invalid={fields.headline.errors ? true : undefined}
              aria-describedby={`${fields.headline.id}-hint${fields.headline.errors ? ` ${fields.headline.errorId}` : ""}`}
              className="h-11 w-full min-w-0 rounded-lg bg-ink-800 px-3 text-zinc-100 ring-1 ring-white/10 focus:outline-none focus:ring-2 focus:ring-brand-400 aria-[invalid=true]:ring-red-500"
            />
            <p id={`${fields.headline.id}-hint`} className="text-xs text-zinc-400">
              Up to 5 words, in any language.
            </p>
            <ErrorList id={fields.headline.errorId} errors={fields.headline.errors} />
          </div>

          <div className="flex flex-col gap-1.5">
            <span id="accent-label" className="text-sm font-medium text-zinc-200">
              Accented word
            </span>
            <input type="hidden" name="accentIndex" value={draft.accentIndex} />
            <Select
              value={draft.accentIndex < words.length ? String(draft.accentIndex) : ""}
              onValueChange={(value) => set("accentIndex", Number(value))}
              disabled={words.length === 0}
            >
              <SelectTrigger aria-labelledby="accent-label" className="data-[placeholder]:text-zinc-300">
                <SelectValue placeholder="Chosen for you" />
              </SelectTrigger>
              <SelectContent>
                {words.map((word, index) => (
                  <SelectItem key={`${index}-${word}`} value={String(index)}>
                    {word}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>

          {textChoices.map(choice)}

          <fieldset className="flex flex-col gap-2">
            <legend className="mb-2 text-sm font-medium text-zinc-200">Palette</legend>
            <div className="flex flex-wrap gap-2">
              {PALETTES.map((p, index) => (
                <label key={p.name} className="relative cursor-pointer">
                  <input
                    type="radio"
                    name="paletteIndex"
                    value={index}
                    checked={draft.paletteIndex === index}
                    onChange={() => set("paletteIndex", index)}
                    className="peer sr-only"
                  />
                  <span className="sr-only">{p.name}</span>
                  <span
                    aria-hidden
                    title={p.name}
                    className="block h-9 w-9 rounded-full ring-2 ring-transparent ring-offset-2 ring-offset-ink-900 peer-checked:ring-white peer-focus-visible:ring-brand-400"
                    style={{ background: `linear-gradient(135deg, ${p.a} 0 55%, ${p.accent} 55% 100%)` }}
                  />
                </label>
              ))}
            </div>
            <p className="text-xs text-zinc-400">{palette ? `Palette: ${palette.name}` : null}</p>
          </fieldset>

          {editor.onPlate ? (
            <>
              <input type="hidden" name="backgroundKind" value={draft.backgroundKind} />
              {personChoices.map(choice)}
              {NUDGES.map((nudge) => (
                <input key={nudge.name} type="hidden" name={nudge.name} value={draft[nudge.name]} />
              ))}
              <p className="text-sm text-zinc-400">The scene and the person are the image model’s picture: only the lettering, colours and prop change.</p>
            </>
          ) : (
            <>
              {editor.onScene ? (
                <>
                  <input type="hidden" name="backgroundKind" value={draft.backgroundKind} />
                  <p className="text-sm text-zinc-400">The scene is the image model’s picture; your photo on it moves and changes as on any thumbnail.</p>
                </>
              ) : (
                <div className="flex flex-col gap-1.5">
                  <span id="background-label" className="text-sm font-medium text-zinc-200">
                    Background
                  </span>
                  <input type="hidden" name="backgroundKind" value={draft.backgroundKind} />
                  <Select value={draft.backgroundKind} onValueChange={(v) => set("backgroundKind", v as ThumbnailEdits["backgroundKind"])}>
                    <SelectTrigger aria-labelledby="background-label">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {BACKGROUND_KINDS.map((kind) => (
                        <SelectItem key={kind} value={kind}>
                          {kind[0].toUpperCase() + kind.slice(1)}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                </div>
              )}
              {personChoices.map(choice)}
              <fieldset className="flex flex-col gap-3">
                <legend className="mb-1 text-sm font-medium text-zinc-200">Nudge the person</legend>
                {NUDGES.map((nudge) => (
                  <Range
                    key={nudge.name}
                    label={nudge.label}
                    name={nudge.name}
                    value={draft[nudge.name]}
                    min={nudge.min}
                    max={nudge.max}
                    step={nudge.step}
                    shown={nudge.shown(draft[nudge.name])}
                    onChange={(v) => set(nudge.name, v)}
                  />
                ))}
              </fieldset>
            </>
          )}

          {editor.topicAvailable && draft.topicPlace ? (
            <div className="flex flex-col gap-1.5">
              <span id="topic-label" className="text-sm font-medium text-zinc-200">
                Topic image
              </span>
              <input type="hidden" name="topicPlace" value={draft.topicPlace} />
              <Select value={draft.topicPlace} onValueChange={(v) => set("topicPlace", v as ThumbnailEdits["topicPlace"])}>
                <SelectTrigger aria-labelledby="topic-label">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {TOPIC_CHOICES.map((place) => (
                    <SelectItem key={place} value={place}>
                      {TOPIC_LABELS[place]}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
          ) : null}

          {editor.propAvailable ? (
            <label className="flex items-center gap-2 text-sm text-zinc-200">
              <input type="checkbox" name="prop" value="on" checked={draft.prop === "on"} onChange={(e) => set("prop", e.target.checked ? "on" : "off")} className="h-4 w-4 accent-brand-500" />
              Show the prop
            </label>
          ) : null}

          <ErrorList id={form.errorId} errors={form.errors} />
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" name="intent" value="save" disabled={saving}>
              {saving ? "Saving…" : "Save as a new version"}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setDraft(edits)} disabled={previewQuery(draft) === previewQuery(edits)}>
              Discard changes
            </Button>
          </div>
        </Form>

        <div className="order-3 min-w-0 lg:order-none">
          <VersionsPanel editor={editor} reverting={reverting} result={actionData?.intent === "revert" ? actionData.result : undefined} />
        </div>
        <div className="order-4 min-w-0 lg:order-none">
          <ChecksPanel checks={editor.checks} />
        </div>
      </div>

      <div className="contents lg:order-1 lg:flex lg:min-w-0 lg:flex-col lg:gap-6">
        {/* On a phone the preview stays in sight while the form scrolls under it. */}
        <figure className="sticky top-16 z-10 order-1 -mx-4 min-w-0 bg-ink-950/95 px-4 pb-2 pt-2 backdrop-blur sm:mx-0 sm:px-0 lg:static lg:order-none lg:bg-transparent lg:p-0 lg:backdrop-blur-none">
          <img
            src={src}
            alt="Preview of the edited thumbnail"
            width={1280}
            height={720}
            data-testid="editor-preview"
            className="aspect-video w-full rounded-2xl object-cover ring-1 ring-white/10"
          />
          <figcaption className="mt-2 text-sm text-zinc-400">
            <span role="status">
              {preview.error ? (
                <span className="text-amber-300">{preview.error}</span>
              ) : preview.drawing ? (
                "Drawing…"
              ) : preview.src ? (
                "Preview of your changes (not saved yet)"
              ) : (
                `Version ${editor.version}, as saved`
              )}
            </span>
          </figcaption>
        </figure>
        <div className="order-5 min-w-0 lg:order-none">
          <FeedPreview src={src} title={`${editor.keywords} | I did not expect this`} sizes={["sidebar", "home"]} />
        </div>
      </div>
    </div>
  );
}
