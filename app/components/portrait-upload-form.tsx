import { useMatches, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ErrorList } from "~/components/forms";
import { Button } from "~/components/ui/button";
import { Progress } from "~/components/ui/progress";
import { PORTRAIT_FIELD } from "~/modules/portraits/constants";
import { dataRequestUrl, sendWithProgress, type UploadResult } from "~/utils/upload-with-progress";

// Listed types rather than image/*: iOS then hands over a camera shot as JPEG instead of HEIC.
const ACCEPT = "image/jpeg,image/png,image/webp,image/avif,.jpg,.jpeg,.png,.webp,.avif";
const fileInputClass =
  "w-full max-w-full text-sm text-zinc-300 file:mr-3 file:rounded-lg file:border-0 file:bg-ink-700 file:px-4 file:py-2 file:font-semibold file:text-zinc-100 hover:file:bg-ink-700/70";

type Limits = { maxMegabytes: number; maxFiles: number; formats: string };

/**
 * Pick photos or, on a phone, take one with the camera. With JavaScript the
 * upload shows how much has been sent; without it the form posts as usual
 * and the page comes back with `result`.
 */
export function PortraitUploadForm({ limits, result: postedResult }: { limits: Limits; result?: UploadResult }) {
  const routeId = useMatches().at(-1)?.id;
  const { revalidate } = useRevalidator();
  const [percent, setPercent] = useState<number | null>(null);
  const [result, setResult] = useState<UploadResult | undefined>(postedResult);
  const uploads = useRef<AbortController | null>(null);
  useEffect(() => () => uploads.current?.abort(), []);
  useEffect(() => setResult(postedResult), [postedResult]);

  async function upload(event: FormEvent<HTMLFormElement>) {
    if (!routeId) return;
    event.preventDefault();
    const form = event.currentTarget;
    const controller = new AbortController();
    uploads.current = controller;
    setPercent(0);
    try {
      const reply = await sendWithProgress(dataRequestUrl(form.action, routeId), new FormData(form), {
        onProgress: setPercent,
        signal: controller.signal,
      });
      if (reply.kind === "redirect") return window.location.assign(reply.to);
      if (reply.kind === "failed") return setResult({ added: 0, errors: [reply.message] });
      setResult(reply.result);
      if (reply.result.added > 0) {
        form.reset();
        revalidate();
      }
    } catch {
      // Aborted: the page is going away.
    } finally {
      if (!controller.signal.aborted) setPercent(null);
    }
  }

  const uploading = percent !== null;
  return (
    <form method="post" encType="multipart/form-data" onSubmit={upload} className="mt-4 flex flex-col gap-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="flex min-w-0 flex-col gap-1.5">
          <label htmlFor="portrait-photos" className="text-sm font-medium text-zinc-200">
            Photos
          </label>
          <input
            id="portrait-photos"
            name={PORTRAIT_FIELD}
            type="file"
            multiple
            accept={ACCEPT}
            aria-describedby="portrait-photos-hint portrait-photos-result"
            className={fileInputClass}
          />
        </div>
        <div className="flex min-w-0 flex-col gap-1.5">
          <label htmlFor="portrait-camera" className="text-sm font-medium text-zinc-200">
            Take a photo
          </label>
          <input
            id="portrait-camera"
            name={PORTRAIT_FIELD}
            type="file"
            accept={ACCEPT}
            capture="user"
            aria-describedby="portrait-camera-hint portrait-photos-result"
            className={fileInputClass}
          />
          <p id="portrait-camera-hint" className="text-xs text-zinc-400">
            On a phone this opens the front camera.
          </p>
        </div>
      </div>
      <p id="portrait-photos-hint" className="text-xs text-zinc-400">
        {limits.formats}, up to {limits.maxMegabytes} MB each, {limits.maxFiles} at a time. Location data and other
        metadata are removed.
      </p>
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={uploading}>
          {uploading ? "Uploading…" : "Upload"}
        </Button>
        {uploading ? (
          <div className="flex min-w-48 flex-1 items-center gap-3">
            <Progress value={percent} aria-label="Upload progress" className="flex-1" />
            <span className="w-28 text-sm tabular-nums text-zinc-300" aria-hidden>
              {percent < 100 ? `${percent}% sent` : "Checking…"}
            </span>
          </div>
        ) : null}
      </div>
      <div id="portrait-photos-result" aria-live="polite" className="flex flex-col gap-1">
        {result?.added ? (
          <p className="text-sm text-emerald-400">
            Added {result.added} portrait{result.added === 1 ? "" : "s"}.
          </p>
        ) : null}
        <ErrorList errors={result?.errors} />
      </div>
    </form>
  );
}
