import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { EmptyState, PageHeader } from "~/components/page-header";
import { Panel } from "~/components/panel";
import { PortraitCard } from "~/components/portrait-card";
import { PortraitUploadForm } from "~/components/portrait-upload-form";
import { requireUserId } from "~/modules/auth/auth.server";
import { ACCEPTED_FORMATS_TEXT, MAX_FILES_PER_UPLOAD } from "~/modules/portraits/constants";
import { readPortraitUploads, UploadRequestError } from "~/modules/portraits/portrait-upload.server";
import { createPortraits, listPortraits } from "~/modules/portraits/portraits.server";
import { env } from "~/utils/env.server";

export const meta: MetaFunction = () => [{ title: "Portraits · Thumbsmith" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  return json({
    portraits: await listPortraits(userId),
    limits: { maxMegabytes: env.PORTRAIT_MAX_MB, maxFiles: MAX_FILES_PER_UPLOAD, formats: ACCEPTED_FORMATS_TEXT },
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  try {
    const uploads = await readPortraitUploads(request, { maxBytes: env.PORTRAIT_MAX_MB * 1_000_000 });
    const results = await createPortraits(userId, uploads);
    const added = results.filter((r) => r.ok).length;
    return json(
      { added, errors: results.flatMap((r) => (r.ok ? [] : [r.message])) },
      { status: added > 0 ? 200 : 400 },
    );
  } catch (error) {
    if (!(error instanceof UploadRequestError)) throw error;
    return json({ added: 0, errors: [error.message] }, { status: error.status });
  }
}

/** How often the page re-reads the list while some portrait is still being analysed. */
const ANALYSIS_POLL_MS = 3000;

/**
 * Re-reads the list while a portrait is analysed in the background. Uploads
 * are analysed in their request, so this only runs after an upgrade or a
 * crash; it stops by itself once nothing is pending.
 */
function useRevalidateWhile(active: boolean) {
  const { revalidate, state } = useRevalidator();
  const idle = useRef(true);
  idle.current = state === "idle";
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (idle.current && document.visibilityState === "visible") revalidate();
    }, ANALYSIS_POLL_MS);
    return () => clearInterval(timer);
  }, [active, revalidate]);
}

export default function PortraitsRoute() {
  const { portraits, limits } = useLoaderData<typeof loader>();
  useRevalidateWhile(portraits.some((p) => p.analysis.status === "pending"));
  const actionData = useActionData<typeof action>();

  return (
    <>
      <PageHeader title="Portraits" description="The photos of you that every thumbnail starts from." />
      <Panel title="Add portraits" titleId="upload-heading" className="mb-10 p-4 sm:p-6">
        <PortraitUploadForm limits={limits} result={actionData} />
      </Panel>

      {portraits.length === 0 ? (
        <EmptyState title="No portraits yet">
          <p>
            A good portrait shows your face clearly: well lit, sharp, looking at the camera, with some expression. Head
            and shoulders work best. A PNG with a transparent background is used as a ready cut-out.
          </p>
        </EmptyState>
      ) : (
        <ul aria-label="Your portraits" className="grid grid-cols-2 gap-4 md:grid-cols-3 lg:grid-cols-4">
          {portraits.map((portrait) => (
            <PortraitCard key={portrait.id} portrait={portrait} />
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
