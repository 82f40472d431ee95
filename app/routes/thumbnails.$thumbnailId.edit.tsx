// The editor of one thumbnail: change the recipe, watch the server draw it,
// save it as a new version, go back to an earlier one. Every re-render is
// local and costs no credits (docs/decisions/019-thumbnail-recipes.md).
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { z } from "zod";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { FeedPreview } from "~/components/generation/feed-preview";
import { thumbnailSrc } from "~/components/generation/thumbnail-card";
import { PageHeader } from "~/components/page-header";
import { LegibilityChecks } from "~/components/thumbnails/legibility-checks";
import { Button } from "~/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { Tooltip } from "~/components/ui/tooltip";
import { requireUserId } from "~/modules/auth/auth.server";
import { PALETTES } from "~/modules/design/palettes";
import { BACKGROUND_KINDS } from "~/modules/design/plan";
import { EditSchema, editsFromSpec, type ThumbnailEdits } from "~/modules/thumbnails/edits";
import { PERSON_OFFSET_X, PERSON_OFFSET_Y, PERSON_SCALE } from "~/modules/design/recipe";
import { EditError, getThumbnailEditor, revertThumbnail, saveThumbnailVersion } from "~/modules/thumbnails/versions.server";
import { cn, dateTimeFormat } from "~/utils/misc";
import { redirectWithToast } from "~/utils/toast.server";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Edit · ${data.editor.keywords} · Thumbsmith` : "Edit thumbnail · Thumbsmith" },
];

const VERSION_MESSAGE = "Choose a version by its number.";

// Exported: the route-security test posts every intent it lists.
export const ActionSchema = z.discriminatedUnion("intent", [
  EditSchema.extend({ intent: z.literal("save") }),
  z.object({
    intent: z.literal("revert"),
    // Left out: "Undo last save", the version before the current one.
    version: z
      .number({ invalid_type_error: VERSION_MESSAGE })
      .int(VERSION_MESSAGE)
      .min(1, VERSION_MESSAGE)
      .optional(),
  }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const editor = await getThumbnailEditor(userId, params.thumbnailId ?? "");
  if (!editor) throw new Response("Not found", { status: 404 });
  const { spec, ...rest } = editor;
  // The page needs the form's values, not the stored recipe (which names storage keys).
  return json({ editor: { ...rest, edits: spec ? editsFromSpec(spec) : null, onPlate: Boolean(spec?.plate) } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  const thumbnailId = params.thumbnailId ?? "";
  const submission = parseWithZod(await readForm(request), { schema: ActionSchema });
  if (submission.status !== "success") {
    return json({ intent: submission.payload.intent === "revert" ? "revert" : "save", result: submission.reply() }, { status: 400 });
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

type Editor = ReturnType<typeof useLoaderData<typeof loader>>["editor"];

export default function EditThumbnailRoute() {
  const { editor } = useLoaderData<typeof loader>();
  const current = thumbnailSrc(editor);
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
        <EditorForm key={editor.version} editor={editor} edits={editor.edits} />
      ) : (
        <div className="grid grid-cols-1 gap-8 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <div className="flex flex-col gap-4">
            <img src={current} alt="The thumbnail" width={1280} height={720} className="aspect-video w-full rounded-2xl object-cover ring-1 ring-white/10" />
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

function previewQuery(edits: ThumbnailEdits) {
  return new URLSearchParams(Object.entries(edits).map(([name, value]) => [name, String(value)])).toString();
}

type Preview = { src: string | null; error: string | null; drawing: boolean };

/** The server's drawing of the edits, asked for once the creator pauses (about 250 ms). */
function usePreview(thumbnailId: string, edits: ThumbnailEdits, saved: ThumbnailEdits): Preview {
  const [preview, setPreview] = useState<Preview>({ src: null, error: null, drawing: false });
  const query = previewQuery(edits);
  const unchanged = query === previewQuery(saved);
  const objectUrl = useRef<string | null>(null);

  useEffect(() => {
    if (unchanged) {
      setPreview({ src: null, error: null, drawing: false });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setPreview((p) => ({ ...p, drawing: true }));
      try {
        const response = await fetch(`/resources/thumbnails/${thumbnailId}/preview?${query}`, { signal: controller.signal });
        if (!response.ok) {
          const message = response.status === 422 ? await response.text() : "The preview could not be drawn. Try again.";
          setPreview((p) => ({ ...p, error: message, drawing: false }));
          return;
        }
        const url = URL.createObjectURL(await response.blob());
        if (objectUrl.current) URL.revokeObjectURL(objectUrl.current);
        objectUrl.current = url;
        setPreview({ src: url, error: null, drawing: false });
      } catch (error) {
        if (controller.signal.aborted) return;
        setPreview((p) => ({ ...p, error: "The preview could not be drawn. Try again.", drawing: false }));
      }
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [thumbnailId, query, unchanged]);

  useEffect(() => () => void (objectUrl.current && URL.revokeObjectURL(objectUrl.current)), []);
  return unchanged ? { src: null, error: null, drawing: false } : preview;
}

const TREATMENT_LABELS = { cutout: "Cut-out", circle: "Circle", rounded: "Rounded frame" } as const;

function EditorForm({ editor, edits }: { editor: Editor; edits: ThumbnailEdits }) {
  const actionData = useActionData<typeof action>();
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
  const treatments = (["cutout", "circle", "rounded"] as const).filter((t) => t !== "cutout" || editor.hasCutout || draft.treatment === "cutout");

  return (
    <div className="grid grid-cols-1 gap-8 lg:grid-cols-[minmax(0,1fr)_24rem]">
      {/* Below lg the two columns dissolve (contents) so their parts can interleave: preview, form, versions, checks, feed. */}
      <div className="contents lg:order-2 lg:flex lg:min-w-0 lg:flex-col lg:gap-6">
        <Form method="post" {...getFormProps(form)} className="order-2 flex min-w-0 flex-col gap-6 rounded-2xl bg-ink-900 p-4 ring-1 ring-white/5 sm:p-6 lg:order-none">
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

          {editor.onPlate ? (
            <input type="hidden" name="layout" value={draft.layout} />
          ) : (
            <ChoiceGroup
              legend="Text side"
              name="layout"
              value={draft.layout}
              onChange={(v) => set("layout", v)}
              options={[
                { value: "person-right", label: "Text left" },
                { value: "person-left", label: "Text right" },
              ]}
            />
          )}
          <ChoiceGroup
            legend="Text position"
            name="textPosition"
            value={draft.textPosition}
            onChange={(v) => set("textPosition", v)}
            options={[
              { value: "top", label: "Top" },
              { value: "middle", label: "Middle" },
            ]}
          />

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
              <input type="hidden" name="treatment" value={draft.treatment} />
              <input type="hidden" name="outline" value={draft.outline} />
              <input type="hidden" name="scale" value={draft.scale} />
              <input type="hidden" name="offsetX" value={draft.offsetX} />
              <input type="hidden" name="offsetY" value={draft.offsetY} />
              <p className="text-sm text-zinc-400">The scene and the person are the image model’s picture: only the lettering, colours and prop change.</p>
            </>
          ) : (
            <>
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
              <ChoiceGroup
                legend="Person"
                name="treatment"
                value={draft.treatment}
                onChange={(v) => set("treatment", v)}
                options={treatments.map((t) => ({ value: t, label: TREATMENT_LABELS[t] }))}
                errors={fields.treatment.errors}
                errorId={fields.treatment.errorId}
              />
              <ChoiceGroup
                legend="Outline"
                name="outline"
                value={draft.outline}
                onChange={(v) => set("outline", v)}
                options={[
                  { value: "white", label: "White" },
                  { value: "glow", label: "Glow" },
                ]}
              />
              <fieldset className="flex flex-col gap-3">
                <legend className="mb-1 text-sm font-medium text-zinc-200">Nudge the person</legend>
                <Range label="Size" name="scale" value={draft.scale} min={PERSON_SCALE.min} max={PERSON_SCALE.max} step={0.05} shown={`${Math.round(draft.scale * 100)}%`} onChange={(v) => set("scale", v)} />
                <Range label="Left / right" name="offsetX" value={draft.offsetX} min={-PERSON_OFFSET_X} max={PERSON_OFFSET_X} step={10} shown={`${draft.offsetX} px`} onChange={(v) => set("offsetX", v)} />
                <Range label="Up / down" name="offsetY" value={draft.offsetY} min={-PERSON_OFFSET_Y} max={PERSON_OFFSET_Y} step={10} shown={`${draft.offsetY} px`} onChange={(v) => set("offsetY", v)} />
              </fieldset>
            </>
          )}

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
          <VersionsPanel editor={editor} reverting={reverting} error={actionData?.intent === "revert" ? actionData.result : undefined} />
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

function ChoiceGroup<V extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  errors,
  errorId,
}: {
  legend: string;
  name: string;
  value: V;
  options: { value: V; label: string }[];
  onChange(value: V): void;
  errors?: string[];
  errorId?: string;
}) {
  return (
    <fieldset aria-describedby={errors?.length ? errorId : undefined}>
      <legend className="mb-2 text-sm font-medium text-zinc-200">{legend}</legend>
      <div className="flex flex-wrap gap-2">
        {options.map((option) => (
          <label key={option.value} className="cursor-pointer">
            <input type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} className="peer sr-only" />
            <span className="block rounded-lg bg-ink-800 px-3 py-1.5 text-sm text-zinc-300 ring-1 ring-white/10 peer-checked:bg-brand-700 peer-checked:text-white peer-focus-visible:ring-2 peer-focus-visible:ring-brand-400">
              {option.label}
            </span>
          </label>
        ))}
      </div>
      <ErrorList id={errorId} errors={errors} />
    </fieldset>
  );
}

function Range({
  label,
  name,
  value,
  min,
  max,
  step,
  shown,
  onChange,
}: {
  label: string;
  name: string;
  value: number;
  min: number;
  max: number;
  step: number;
  shown: string;
  onChange(value: number): void;
}) {
  const id = `range-${name}`;
  return (
    <div className="flex flex-col gap-1">
      <div className="flex justify-between text-sm">
        <label htmlFor={id} className="text-zinc-300">
          {label}
        </label>
        <output htmlFor={id} className="text-zinc-400">
          {shown}
        </output>
      </div>
      <input
        id={id}
        type="range"
        name={name}
        min={min}
        max={max}
        step={step}
        value={value}
        aria-valuetext={shown}
        onChange={(e) => onChange(Number(e.target.value))}
        className="accent-brand-500"
      />
    </div>
  );
}

function VersionsPanel({ editor, reverting, error }: { editor: Editor; reverting: boolean; error?: { error?: Record<string, string[] | null> | null } }) {
  // A thumbnail never saved has no rows yet: its first image is version 1.
  const versions = editor.versions.length > 0 ? editor.versions : [{ number: editor.version, createdAt: null, byteSize: 0 }];
  const canUndo = versions.some((v) => v.number < editor.version);
  const errors = error?.error ? Object.values(error.error).flat() : undefined;
  return (
    <section aria-labelledby="versions-heading" className="flex flex-col gap-4 rounded-2xl bg-ink-900 p-6 ring-1 ring-white/5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="versions-heading" className="font-semibold">
          Versions
        </h2>
        <Form method="post">
          <Tooltip content={canUndo ? "Go back to the version before this one" : "There is no earlier version yet"}>
            <Button type="submit" name="intent" value="revert" variant="secondary" size="sm" aria-disabled={!canUndo || reverting} onClick={(e) => (!canUndo || reverting) && e.preventDefault()}>
              Undo last save
            </Button>
          </Tooltip>
        </Form>
      </div>
      <ErrorList errors={errors} />
      <ol aria-label="Versions" className="flex flex-col gap-2">
        {versions.map((version) => {
          const current = version.number === editor.version;
          return (
            <li key={version.number} className={cn("flex flex-wrap items-center justify-between gap-2 rounded-lg px-3 py-2", current ? "bg-white/5" : null)}>
              <span className="text-sm">
                <span className="font-medium">Version {version.number}</span>
                <span className="text-zinc-400"> · {version.createdAt ? `${dateTimeFormat.format(new Date(version.createdAt))} UTC` : "as generated"}</span>
                {current ? <span className="ml-2 rounded bg-brand-500/20 px-1.5 text-xs font-semibold text-brand-300">Current</span> : null}
              </span>
              {current ? null : (
                <Form method="post">
                  <input type="hidden" name="version" value={version.number} />
                  <Button type="submit" name="intent" value="revert" variant="ghost" size="sm" disabled={reverting}>
                    Revert to this version<span className="sr-only"> (version {version.number})</span>
                  </Button>
                </Form>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function ChecksPanel({ checks }: { checks: Editor["checks"] }): ReactNode {
  return (
    <section aria-labelledby="checks-heading" className="flex flex-col gap-3 rounded-2xl bg-ink-900 p-6 ring-1 ring-white/5">
      <h2 id="checks-heading" className="font-semibold">
        Legibility of the saved version
      </h2>
      {checks ? <LegibilityChecks checks={checks} /> : <p className="text-sm text-zinc-400">The checks could not be measured.</p>}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
