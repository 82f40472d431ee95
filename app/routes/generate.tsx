import crypto from "node:crypto";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useHydrated } from "remix-utils/use-hydrated";
import { ErrorList, Field } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { EmptyState, PageHeader } from "~/components/page-header";
import { panelClass } from "~/components/panel";
import { TopicImagePicker } from "~/components/topic-image-picker";
import { Button } from "~/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { requireUserId } from "~/modules/auth/auth.server";
import { getCreditBalance } from "~/modules/credits/credits.server";
import {
  BACKGROUNDS_DEFAULT,
  BACKGROUNDS_MAX,
  BACKGROUNDS_MIN,
  GenerateFormSchema,
} from "~/modules/generations/validation";
import { submitGeneration } from "~/modules/generations/submit-generation.server";
import { listPortraits } from "~/modules/portraits/portraits.server";
import type { ModelDraws } from "~/modules/providers/provider";
import { offeredProviders } from "~/modules/providers/registry.server";
import { TOPIC_IMAGE_FIELD } from "~/modules/topic-images/constants";
import { readFormWithTopicImages } from "~/modules/topic-images/topic-image-upload.server";
import { startFromVideo } from "~/modules/youtube/video-lookup.server";
import { startLinkOfVideoParam } from "~/modules/youtube/video-url";
import { env } from "~/utils/env.server";
import type { VideoLookupAnswer } from "~/modules/youtube/video-url";
import { cn, formatCredits } from "~/utils/misc";
import { redirectWithToast } from "~/utils/toast.server";

/** The three ways an image model can make a batch, the default first. */
const MODEL_DRAWS_CHOICES = [
  {
    value: "scene",
    label: "Scene + your photo (recommended)",
    hint: "the model paints a scene about your topic, Thumbsmith puts in your own cut-out and sets the headline. Your face is exactly yours, the text exactly right, and you can edit both later.",
  },
  {
    value: "person",
    label: "Model draws you",
    hint: "the model paints you into the scene from your photo; Thumbsmith sets the headline. Looks more blended, but faces can drift from yours.",
  },
  {
    value: "everything",
    label: "Model writes the text",
    hint: "the model draws everything, headline included. Styles vary, words can come out garbled, and the text cannot be edited.",
  },
] as const satisfies readonly { value: ModelDraws; label: string; hint: string }[];

export const meta: MetaFunction = () => [{ title: "Generate · Thumbsmith" }];

// The form the action parses, under the name the route-security test reads
// (it posts a valid form naming another user's portrait).
export { GenerateFormSchema as ActionSchema };

export async function loader({ request }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const [portraits, balance] = await Promise.all([listPortraits(userId), getCreditBalance(userId)]);
  return json({
    portraits,
    balance,
    cost: env.CREDITS_PER_GENERATION,
    promptCount: env.PROMPTS_PER_GENERATION,
    // The services this server has set up, the default first. An image
    // model draws whole scenes: with one, the creator picks what it draws.
    services: offeredProviders(),
    // One key per rendering of the form: posting it twice makes one generation.
    submissionKey: crypto.randomBytes(16).toString("hex"),
    // Opened from a video's Generate button: its link fills the field (and is
    // looked up at once with scripts). A bad id is dropped, not an error.
    startVideoUrl: startLinkOfVideoParam(new URL(request.url).searchParams.get("video")),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  // Topic images come with the form, each under the portrait upload's size limit.
  const { form, uploads } = await readFormWithTopicImages(request, {
    maxFileBytes: env.PORTRAIT_MAX_MB * 1_000_000,
    maxFieldBytes: env.FORM_MAX_KB * 1024,
  });
  // A video to start from is looked up here, whatever the page showed: its title fills empty keywords.
  const start = await startFromVideo({ videoUrl: String(form.get("videoUrl") ?? ""), keywords: String(form.get("keywords") ?? "") });
  if (!start.ok) {
    return json({ result: parseWithZod(form, { schema: GenerateFormSchema }).reply({ fieldErrors: { videoUrl: [start.error] } }) }, { status: 400 });
  }
  const { video } = start;
  if (video) form.set("keywords", start.keywords);
  const submission = parseWithZod(form, { schema: GenerateFormSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const { useVideoStyle, ...fields } = submission.value;
  const submitted = await submitGeneration({ userId, ...fields, video, useVideoStyle, topicImageUploads: uploads });
  if (!submitted.ok) {
    return json({ result: submission.reply({ fieldErrors: submitted.fieldErrors, formErrors: submitted.formErrors }) }, { status: submitted.status });
  }
  // A form sent twice lands here too, on the one batch it made: "started" is still true.
  return redirectWithToast(`/gallery/${submitted.generationId}`, {
    title: "Generation started",
    description: "Thumbnails appear here as they finish.",
  });
}

export default function GenerateRoute() {
  const { portraits, balance, cost, promptCount, submissionKey, services, startVideoUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formAction === "/generate";
  const [form, fields] = useForm({
    id: "generate-form",
    constraint: getZodConstraint(GenerateFormSchema),
    lastResult: actionData?.result,
    defaultValue: { portraitId: portraits[0]?.id, backgroundCount: String(BACKGROUNDS_DEFAULT), videoUrl: startVideoUrl ?? undefined },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => {
      // With a video link and no keywords, the server fills them from the title.
      if (String(formData.get("videoUrl") ?? "").trim() && !String(formData.get("keywords") ?? "").trim()) formData.set("keywords", "from the video");
      return parseWithZod(formData, { schema: GenerateFormSchema });
    },
  });
  const [backgrounds, setBackgrounds] = useState(BACKGROUNDS_DEFAULT);
  const [service, setService] = useState(services[0]?.name);
  const offersTextChoice = services.find((offered) => offered.name === service)?.drawsScenes ?? false;
  const affordable = balance >= cost;

  const header = (
    <PageHeader title="Generate" description="Pick a portrait, type a few keywords, and get every headline on every background." />
  );

  if (portraits.length === 0) {
    return (
      <>
        {header}
        <EmptyState
          title="Start with a portrait"
          action={
            <Button asChild>
              <Link to="/portraits">Go to Portraits</Link>
            </Button>
          }
        >
          <p>Every thumbnail is built around a photo of you. Add one on the Portraits page first.</p>
        </EmptyState>
      </>
    );
  }

  return (
    <>
      {header}
      <Form method="post" encType="multipart/form-data" className={cn("grid gap-8 md:grid-cols-2", panelClass)} {...getFormProps(form)}>
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <div className="flex flex-col gap-1.5">
          <label id="portrait-label" htmlFor={fields.portraitId.id} className="text-sm font-medium text-zinc-200">
            Portrait
          </label>
          <Select name={fields.portraitId.name} defaultValue={fields.portraitId.initialValue as string | undefined}>
            <SelectTrigger id={fields.portraitId.id} aria-labelledby="portrait-label" className="h-16">
              <SelectValue placeholder="Pick a portrait" />
            </SelectTrigger>
            <SelectContent>
              {portraits.map((p) => (
                <SelectItem
                  key={p.id}
                  value={p.id}
                  media={<img src={`/resources/portraits/${p.id}/preview`} alt="" className="h-12 w-12 rounded-md object-cover" />}
                >
                  {p.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          {/* The select above sends its value only once scripts run (Radix adds its form field after
              hydration); without them this plain one does, so the form (and its topic images) still posts. */}
          <noscript>
            <select
              name={fields.portraitId.name}
              defaultValue={fields.portraitId.initialValue as string | undefined}
              aria-label="Portrait (without JavaScript)"
              className="h-11 rounded-lg bg-ink-800 px-3 text-zinc-100 ring-1 ring-white/10"
            >
              {portraits.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </noscript>
          <ErrorList id={fields.portraitId.errorId} errors={fields.portraitId.errors} />
        </div>
        <VideoStart
          urlField={{ ...getInputProps(fields.videoUrl, { type: "url" }) }}
          errors={fields.videoUrl.errors}
          errorId={fields.videoUrl.errorId}
          styleName={fields.useVideoStyle.name}
          lookUpAtOnce={Boolean(startVideoUrl)}
          onTitle={(keywords) => form.update({ name: fields.keywords.name, value: keywords })}
        />
        <Field
          labelProps={{ children: "Keywords" }}
          inputProps={{ ...getInputProps(fields.keywords, { type: "text" }), placeholder: "iPhone 17 review, shocking battery" }}
          errors={fields.keywords.errors}
          hint="Separate ideas with commas: each becomes a headline."
        />
        <div className="flex flex-col gap-1.5">
          <label htmlFor={fields.backgroundCount.id} className="text-sm font-medium text-zinc-200">
            Backgrounds
          </label>
          <div className="flex items-center gap-4">
            <input
              {...getInputProps(fields.backgroundCount, { type: "range" })}
              min={BACKGROUNDS_MIN}
              max={BACKGROUNDS_MAX}
              onChange={(e) => setBackgrounds(Number(e.currentTarget.value))}
              className="w-full accent-brand-500"
            />
            <span className="w-8 text-right text-lg font-bold tabular-nums" aria-hidden>
              {backgrounds}
            </span>
          </div>
          <p className="text-xs text-zinc-400">
            {promptCount} headlines × {backgrounds} backgrounds = {promptCount * backgrounds} thumbnails.
          </p>
          <ErrorList id={fields.backgroundCount.errorId} errors={fields.backgroundCount.errors} />
        </div>
        <Field
          labelProps={{ children: "Headline (optional)" }}
          inputProps={{ ...getInputProps(fields.headline, { type: "text" }), placeholder: "Leave empty to write them from the keywords" }}
          errors={fields.headline.errors}
          hint="Up to 5 words, used on every thumbnail instead of the ones made from the keywords. It is never cut: one that would not fit is refused here."
        />
        <TopicImagePicker errors={form.allErrors[TOPIC_IMAGE_FIELD]} errorId={`${form.id}-topic-images-error`} />
        {services.length > 1 ? (
          <fieldset className="space-y-2 md:col-span-2" aria-describedby={fields.provider.errorId}>
            <legend className="text-sm font-medium">Made by</legend>
            <div className="flex flex-wrap gap-x-6 gap-y-2">
              {services.map((offered) => (
                <label key={offered.name} className="flex items-center gap-2 text-sm">
                  <input
                    type="radio"
                    name={fields.provider.name}
                    value={offered.name}
                    checked={service === offered.name}
                    onChange={() => setService(offered.name)}
                    className="accent-brand-500"
                  />
                  <span>{offered.drawsScenes ? offered.label : `${offered.label} (offline)`}</span>
                </label>
              ))}
            </div>
            <ErrorList id={fields.provider.errorId} errors={fields.provider.errors} />
          </fieldset>
        ) : null}
        {offersTextChoice ? (
          <fieldset className="space-y-2 md:col-span-2">
            <legend className="text-sm font-medium">What the image model draws</legend>
            {MODEL_DRAWS_CHOICES.map((choice) => (
              <label key={choice.value} className="flex items-start gap-2 text-sm">
                <input
                  type="radio"
                  name={fields.modelDraws.name}
                  value={choice.value}
                  defaultChecked={choice.value === "scene"}
                  className="mt-1 accent-brand-500"
                />
                <span>
                  {choice.label}: <span className="text-zinc-400">{choice.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
        ) : null}
        <div className="flex flex-wrap items-center justify-between gap-4 border-t border-white/5 pt-6 md:col-span-2">
          <p className="text-sm text-zinc-400">
            Costs {formatCredits(cost)}. You have {formatCredits(balance)}. A batch that fails is refunded.
          </p>
          <div className="flex flex-col items-end gap-2">
            <ErrorList id={form.errorId} errors={form.errors} />
            <Button type="submit" size="lg" disabled={submitting || !affordable}>
              {submitting ? "Starting…" : `Generate ${promptCount * backgrounds} thumbnails`}
            </Button>
            {!affordable ? <p className="text-sm text-red-400">Not enough credits for another generation.</p> : null}
          </div>
        </div>
      </Form>
    </>
  );
}

/**
 * "Start from a YouTube video": with scripts, Look up shows the video's title
 * and picture and fills the keywords; without them the link is posted with
 * the form and the action looks it up. Opened from a video's Generate button
 * (`lookUpAtOnce`), the pre-filled link is looked up as soon as scripts run.
 */
function VideoStart({
  urlField,
  errors,
  errorId,
  styleName,
  lookUpAtOnce,
  onTitle,
}: {
  urlField: React.InputHTMLAttributes<HTMLInputElement> & { key?: string };
  errors?: string[];
  errorId: string;
  styleName: string;
  lookUpAtOnce: boolean;
  onTitle: (keywords: string) => void;
}) {
  const hydrated = useHydrated();
  const lookup = useFetcher<VideoLookupAnswer>();
  const { key: _key, defaultValue, ...inputProps } = urlField;
  const [url, setUrl] = useState(String(defaultValue ?? ""));
  const answer = lookup.data;
  const found = answer && "videoId" in answer ? answer : null;
  const shownErrors = answer && "error" in answer ? [answer.error] : errors;
  const lookUp = () => {
    if (!url.trim()) return;
    lookup.load(`/resources/youtube/oembed?${new URLSearchParams({ url: url.trim() })}`);
  };
  // Once, on the first render with scripts (no dependencies on purpose): the
  // link came from the page's address, not from typing.
  useEffect(() => {
    if (lookUpAtOnce) lookUp();
  }, []);
  const [filled, setFilled] = useState<string | null>(null);
  if (found && filled !== found.videoId) {
    setFilled(found.videoId);
    onTitle(found.keywords);
  }
  return (
    <div className="flex flex-col gap-1.5 md:col-span-2">
      <label htmlFor={inputProps.id} className="text-sm font-medium text-zinc-200">
        Start from a YouTube video (optional)
      </label>
      <div className="flex gap-2">
        <input
          {...inputProps}
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Enter looks the video up rather than starting a batch.
            if (hydrated && e.key === "Enter") {
              e.preventDefault();
              lookUp();
            }
          }}
          placeholder="https://youtu.be/…"
          aria-invalid={shownErrors?.length ? true : undefined}
          aria-describedby={[shownErrors?.length ? errorId : null, `${inputProps.id}-hint`].filter(Boolean).join(" ")}
          className="h-11 w-full rounded-lg bg-ink-800 px-3 text-zinc-100 ring-1 ring-white/10 placeholder:text-zinc-400"
        />
        {hydrated ? (
          <Button type="button" variant="secondary" onClick={lookUp} disabled={lookup.state !== "idle"}>
            {lookup.state !== "idle" ? "Looking up…" : "Look up"}
          </Button>
        ) : null}
      </div>
      <p id={`${inputProps.id}-hint`} className="text-xs text-zinc-400">
        Its title becomes your keywords (edit them freely). Nothing is read from your YouTube account.
      </p>
      <ErrorList id={errorId} errors={shownErrors} />
      {found ? (
        <figure className="flex items-center gap-3" data-testid="video-found">
          <img src={found.thumbnailUrl} alt="" width={160} height={90} className="h-[90px] w-40 rounded-md object-cover" />
          <figcaption className="text-sm text-zinc-200">{found.title}</figcaption>
        </figure>
      ) : null}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name={styleName} defaultChecked className="accent-brand-500" />
        Use the video&apos;s thumbnail as a style reference (its colours and layout)
      </label>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
