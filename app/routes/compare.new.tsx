import crypto from "node:crypto";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ErrorList, Field } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { EmptyState, PageHeader } from "~/components/page-header";
import { Pager } from "~/components/pager";
import { panelClass } from "~/components/panel";
import { Button } from "~/components/ui/button";
import { requireUserId } from "~/modules/auth/auth.server";
import {
  CompareSetInputError,
  createCompareSet,
  listPickableThumbnails,
  resolvePicks,
} from "~/modules/compare/compare-sets.server";
import { CompareSetFormSchema, MAX_VARIANTS, MIN_VARIANTS, TITLE_MAX_LENGTH, VARIANT_LETTERS, variantsOf } from "~/modules/compare/validation";
import { redirectWithToast } from "~/utils/toast.server";
import { readForm } from "~/utils/form.server";
import { cn } from "~/utils/misc";

export const meta: MetaFunction = () => [{ title: "New Test & Compare set · Thumbsmith" }];

// The form the action parses, under the name the route-security test reads.
export { CompareSetFormSchema as ActionSchema };

// The picks live in the URL (?pick=a&pick=b), so they survive paging through
// the thumbnails, and a thumbnail's "Add to Test & Compare" is a plain link.
const QuerySchema = z.object({ page: z.coerce.number().int().min(1).catch(1) });

export async function loader({ request }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const params = new URL(request.url).searchParams;
  const { page } = QuerySchema.parse(Object.fromEntries(params));
  const [picks, choices] = await Promise.all([
    resolvePicks(userId, params.getAll("pick").slice(0, 10)),
    listPickableThumbnails(userId, { page }),
  ]);
  return json({
    picks,
    choices,
    // One key per rendering of the form: posting it twice makes one set.
    submissionKey: crypto.randomBytes(16).toString("hex"),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  const submission = parseWithZod(await readForm(request), { schema: CompareSetFormSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    const set = await createCompareSet({
      userId,
      name: submission.value.name || null,
      variants: variantsOf(submission.value),
      submissionKey: submission.value.submissionKey ?? null,
    });
    return redirectWithToast(`/compare/${set.id}`, { title: "Test & Compare set ready", description: "Compare them in the feed, then download the set." });
  } catch (error) {
    if (error instanceof CompareSetInputError) return json({ result: submission.reply({ formErrors: [error.message] }) }, { status: 400 });
    throw error;
  }
}

/** The current URL with the picks replaced, keeping the page. */
function usePickLink() {
  const { search } = useLocation();
  return (picks: string[]) => {
    const params = new URLSearchParams(search);
    params.delete("pick");
    for (const id of picks) params.append("pick", id);
    return `?${params}`;
  };
}

export default function NewCompareSetRoute() {
  const { picks, choices, submissionKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formMethod === "POST";
  const pickLink = usePickLink();
  const pickedIds = picks.map((p) => p.id);
  const [form, fields] = useForm({
    id: "compare-set-form",
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CompareSetFormSchema }),
  });
  const titleFields = [fields.titleA, fields.titleB, fields.titleC];

  return (
    <>
      <PageHeader
        title="New Test & Compare set"
        description={`YouTube's Test & Compare tries up to ${MAX_VARIANTS} thumbnails on one video. Pick ${MIN_VARIANTS} or ${MAX_VARIANTS} from any of your batches, and a title for each if you want to test titles too.`}
        actions={
          <Link to="/compare" className="text-sm text-brand-400 hover:text-brand-300">
            ← All sets
          </Link>
        }
      />
      <Form method="post" className={cn("flex flex-col gap-6", panelClass)} {...getFormProps(form)}>
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <h2 className="font-semibold">Your set</h2>
        <ol aria-label="Picked thumbnails" className="grid gap-4 md:grid-cols-3">
          {VARIANT_LETTERS.map((letter, i) => {
            const pick = picks[i];
            const title = titleFields[i];
            if (!pick) {
              return (
                <li key={letter} className="grid aspect-video place-items-center rounded-xl border border-dashed border-white/10 text-sm text-zinc-400">
                  {i < MIN_VARIANTS ? `Pick thumbnail ${letter}` : `Thumbnail ${letter} (optional)`}
                </li>
              );
            }
            return (
              <li key={pick.id} aria-label={`Variant ${letter}`} className="flex flex-col gap-2">
                <input type="hidden" name={`thumbnail${letter}`} value={pick.id} />
                <img src={`/resources/thumbnails/${pick.id}?v=${pick.version}`} alt={`Variant ${letter}: ${pick.keywords}, ${pick.label}`} className="aspect-video w-full rounded-xl object-cover" />
                <div className="flex items-center justify-between gap-2 text-xs text-zinc-400">
                  <span className="truncate">
                    <strong className="text-zinc-100">{letter}</strong> · {pick.keywords}
                  </span>
                  <Link preventScrollReset to={pickLink(pickedIds.filter((id) => id !== pick.id))} className="shrink-0 text-brand-400" aria-label={`Remove variant ${letter}`}>
                    Remove
                  </Link>
                </div>
                <Field
                  labelProps={{ children: `Title ${letter} (optional)` }}
                  inputProps={{ ...getInputProps(title, { type: "text" }), maxLength: TITLE_MAX_LENGTH, placeholder: "Keep the video's title" }}
                  errors={title.errors}
                />
              </li>
            );
          })}
        </ol>
        <div className="flex flex-wrap items-end justify-between gap-4 border-t border-white/5 pt-6">
          <Field
            className="min-w-64 flex-1"
            labelProps={{ children: "Name (optional)" }}
            inputProps={{ ...getInputProps(fields.name, { type: "text" }), placeholder: picks[0]?.keywords ?? "The video this set is for" }}
            errors={fields.name.errors}
          />
          <div className="flex flex-col items-end gap-2">
            <ErrorList id={form.errorId} errors={[...(form.errors ?? []), ...(fields.thumbnailA.errors ?? []), ...(fields.thumbnailB.errors ?? [])]} />
            <Button type="submit" size="lg" disabled={submitting || picks.length < MIN_VARIANTS}>
              {submitting ? "Creating…" : `Create set of ${Math.max(picks.length, MIN_VARIANTS)}`}
            </Button>
          </div>
        </div>
      </Form>

      <section aria-labelledby="choices-heading" className="mt-8">
        <h2 id="choices-heading" className="mb-4 font-semibold">
          Your thumbnails
        </h2>
        {choices.total === 0 ? (
          <EmptyState
            title="No finished thumbnails yet"
            action={
              <Button asChild>
                <Link to="/generate">Make a batch</Link>
              </Button>
            }
          >
            <p>A set is made of thumbnails you already generated.</p>
          </EmptyState>
        ) : (
          <>
            <ul aria-label="Thumbnails to pick from" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
              {choices.thumbnails.map((t) => {
                const picked = pickedIds.includes(t.id);
                const name = `${t.keywords}, ${t.label}`;
                return (
                  <li key={t.id} className="overflow-hidden rounded-xl bg-ink-900 ring-1 ring-white/5" aria-label={name}>
                    <img src={`/resources/thumbnails/${t.id}?v=${t.version}`} alt={name} loading="lazy" className="aspect-video w-full object-cover" />
                    <div className="flex items-center justify-between gap-2 p-2 text-xs text-zinc-400">
                      <span className="min-w-0" title={name}>
                        <span className="block truncate">{t.keywords}</span>
                        <span className="block truncate text-zinc-400">{t.label}</span>
                      </span>
                      {picked ? (
                        <Button asChild size="sm" variant="secondary" className="shrink-0 whitespace-nowrap">
                          <Link preventScrollReset to={pickLink(pickedIds.filter((id) => id !== t.id))} aria-label={`Remove ${name}`}>
                            Picked as {VARIANT_LETTERS[pickedIds.indexOf(t.id)]}
                          </Link>
                        </Button>
                      ) : pickedIds.length < MAX_VARIANTS ? (
                        <Button asChild size="sm" variant="ghost" className="shrink-0">
                          <Link preventScrollReset to={pickLink([...pickedIds, t.id])} aria-label={`Pick ${name}`}>
                            Pick
                          </Link>
                        </Button>
                      ) : (
                        <span className="shrink-0">Set is full</span>
                      )}
                    </div>
                  </li>
                );
              })}
            </ul>
            <Pager page={choices.page} pageCount={choices.pageCount} label="Thumbnail pages" />
          </>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
