import { useEffect, useRef, useState, type ChangeEvent } from "react";
import { useHydrated } from "remix-utils/use-hydrated";
import { ErrorList } from "~/components/forms";
import { Button } from "~/components/ui/button";
import { MAX_TOPIC_IMAGES, TOPIC_IMAGE_FIELD } from "~/modules/topic-images/constants";

const fileInputClass =
  "w-full max-w-full text-sm text-zinc-300 file:mr-3 file:rounded-lg file:border-0 file:bg-ink-700 file:px-4 file:py-2 file:font-semibold file:text-zinc-100 hover:file:bg-ink-700/70";

/** A frame is sent no larger than the server keeps (topic-image.server.ts): the rest would only be uploaded to be thrown away. */
const FRAME_MAX_LONG_SIDE = 1920;

type Picked = { id: number; file: File; url: string };

let nextId = 0;

function formatTime(seconds: number) {
  const whole = Math.max(0, seconds);
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${(whole - minutes * 60).toFixed(1).padStart(4, "0")}`;
}

/**
 * The Generate form's topic images: one file input named topicImage, which is
 * what the form posts. Without JavaScript it is a plain multiple-file input
 * (the server takes the first three). With it, the chosen images are kept in
 * a list with previews and written back to the input through a DataTransfer,
 * and a frame of a local video can be added: the video is decoded here and
 * never sent (its input has no name), only the frame, as a JPEG.
 */
export function TopicImagePicker({ errors, errorId }: { errors?: string[]; errorId: string }) {
  const hydrated = useHydrated();
  const input = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<Picked[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const full = picked.length >= MAX_TOPIC_IMAGES;

  // Previews are object URLs: released when the picker goes away.
  const current = useRef(picked);
  current.current = picked;
  useEffect(() => () => current.current.forEach((p) => URL.revokeObjectURL(p.url)), []);

  function update(next: Picked[]) {
    const transfer = new DataTransfer();
    for (const p of next) transfer.items.add(p.file);
    if (input.current) input.current.files = transfer.files;
    setPicked(next);
  }

  function add(files: File[]) {
    const room = MAX_TOPIC_IMAGES - picked.length;
    const added = files.slice(0, room).map((file) => ({ id: nextId++, file, url: URL.createObjectURL(file) }));
    const left = files.length - added.length;
    setNotice(left > 0 ? `A batch takes ${MAX_TOPIC_IMAGES} topic images at most: ${left} ${left === 1 ? "was" : "were"} left out.` : null);
    update([...picked, ...added]);
  }

  function onPick(event: ChangeEvent<HTMLInputElement>) {
    // The input now holds only this pick; the list keeps the earlier ones and writes them all back.
    add(Array.from(event.currentTarget.files ?? []));
  }

  function remove(id: number) {
    const gone = picked.find((p) => p.id === id);
    if (gone) URL.revokeObjectURL(gone.url);
    setNotice(null);
    update(picked.filter((p) => p.id !== id));
  }

  return (
    <fieldset className="flex flex-col gap-3 md:col-span-2" aria-describedby={`topic-images-hint${errors?.length ? ` ${errorId}` : ""}`}>
      <legend className="mb-1 text-sm font-medium text-zinc-200">Topic images (optional)</legend>
      <p id="topic-images-hint" className="text-xs text-zinc-400">
        Up to {MAX_TOPIC_IMAGES} images of what the video is about: a product photo, a screenshot, a game capture, or a frame of your
        video. Location data and other metadata are removed.
      </p>
      <div className="flex flex-col gap-1.5">
        <label htmlFor="topic-image-files" className="text-sm text-zinc-300">
          Add images
        </label>
        <input
          ref={input}
          id="topic-image-files"
          name={TOPIC_IMAGE_FIELD}
          type="file"
          accept="image/*"
          multiple
          // Hidden, not disabled, when full: a disabled input would not be sent.
          hidden={hydrated && full}
          onChange={hydrated ? onPick : undefined}
          className={fileInputClass}
        />
      </div>
      {hydrated ? (
        <>
          <div aria-live="polite" className="text-sm text-zinc-400">
            {full ? (
              <p>
                {MAX_TOPIC_IMAGES} of {MAX_TOPIC_IMAGES} topic images: remove one to add another.
              </p>
            ) : null}
            {notice ? <p>{notice}</p> : null}
          </div>
          {picked.length > 0 ? (
            <ul aria-label="Chosen topic images" className="flex flex-wrap gap-3">
              {picked.map((p, index) => (
                <li key={p.id} className="flex flex-col items-center gap-1">
                  <img src={p.url} alt={`Topic image ${index + 1}: ${p.file.name}`} className="h-20 w-20 rounded-md object-cover ring-1 ring-white/10" />
                  <Button type="button" variant="ghost" size="sm" onClick={() => remove(p.id)} aria-label={`Remove topic image ${index + 1} (${p.file.name})`}>
                    Remove
                  </Button>
                </li>
              ))}
            </ul>
          ) : null}
          <VideoFrameTaker disabled={full} onFrame={(file) => add([file])} />
        </>
      ) : null}
      <ErrorList id={errorId} errors={errors} />
    </fieldset>
  );
}

/**
 * Pick a video on this device, scrub to a moment, take the frame. The file
 * is played from an object URL; nothing of it leaves the browser.
 */
function VideoFrameTaker({ disabled, onFrame }: { disabled: boolean; onFrame(file: File): void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [source, setSource] = useState<string | null>(null);
  const [duration, setDuration] = useState(0);
  const [time, setTime] = useState(0);
  const [ready, setReady] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => () => void (source && URL.revokeObjectURL(source)), [source]);

  function onChoose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    setReady(false);
    setProblem(null);
    setDuration(0);
    setTime(0);
    setSource(file ? URL.createObjectURL(file) : null);
  }

  function onMetadata() {
    const element = video.current;
    if (!element) return;
    // A recording from a browser (MediaRecorder) often says nothing of its
    // length; seeking far past the end makes the browser work it out.
    if (!Number.isFinite(element.duration)) element.currentTime = Number.MAX_SAFE_INTEGER;
    else setDuration(element.duration);
  }

  function onDurationChange() {
    const element = video.current;
    if (!element || !Number.isFinite(element.duration)) return;
    if (duration === 0 && element.currentTime > element.duration - 0.001) element.currentTime = 0;
    setDuration(element.duration);
  }

  function seek(to: number) {
    const element = video.current;
    if (!element) return;
    setReady(false);
    element.currentTime = to;
    setTime(to);
  }

  function takeFrame() {
    const element = video.current;
    if (!element || !element.videoWidth) return;
    element.pause();
    const scale = Math.min(1, FRAME_MAX_LONG_SIDE / Math.max(element.videoWidth, element.videoHeight));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(element.videoWidth * scale);
    canvas.height = Math.round(element.videoHeight * scale);
    canvas.getContext("2d")?.drawImage(element, 0, 0, canvas.width, canvas.height);
    const at = element.currentTime;
    canvas.toBlob(
      (blob) => {
        if (!blob) return setProblem("That frame could not be taken. Try another moment.");
        onFrame(new File([blob], `frame-${formatTime(at).replace(/[:.]/g, "-")}.jpg`, { type: "image/jpeg" }));
      },
      "image/jpeg",
      0.9,
    );
  }

  return (
    <div className="flex flex-col gap-3 rounded-xl p-4 ring-1 ring-white/10">
      <div className="flex flex-col gap-1.5">
        <label htmlFor="topic-video" className="text-sm text-zinc-300">
          Take a frame from your video
        </label>
        {/* No name: the video is never part of the form. */}
        <input id="topic-video" type="file" accept="video/*" onChange={onChoose} aria-describedby="topic-video-hint" className={fileInputClass} />
        <p id="topic-video-hint" className="text-xs text-zinc-400">
          The video stays on your device: only the frame you take is sent.
        </p>
      </div>
      {source ? (
        <>
          <video
            ref={video}
            src={source}
            controls
            muted
            playsInline
            preload="auto"
            aria-label="Your video"
            className="max-h-72 w-full rounded-lg bg-black"
            onLoadedMetadata={onMetadata}
            onDurationChange={onDurationChange}
            onLoadedData={() => setReady(true)}
            onSeeked={() => {
              setReady(true);
              setTime(video.current?.currentTime ?? 0);
            }}
            onTimeUpdate={() => setTime(video.current?.currentTime ?? 0)}
            onError={() => setProblem("This browser cannot play that video. Try an MP4 (H.264) or WebM file.")}
          />
          <div className="flex items-center gap-4">
            <input
              type="range"
              aria-label="Moment in the video"
              aria-valuetext={formatTime(time)}
              min={0}
              max={duration || 0}
              step={0.01}
              value={Math.min(time, duration || 0)}
              disabled={!duration}
              onChange={(event) => seek(Number(event.currentTarget.value))}
              className="w-full accent-brand-500"
            />
            <span className="w-24 text-right text-sm tabular-nums text-zinc-300" aria-hidden>
              {formatTime(time)} / {formatTime(duration)}
            </span>
          </div>
          <div>
            <Button type="button" variant="secondary" onClick={takeFrame} disabled={disabled || !ready || Boolean(problem)}>
              Use this frame
            </Button>
          </div>
        </>
      ) : null}
      {problem ? <p role="alert" className="text-sm text-red-400">{problem}</p> : null}
    </div>
  );
}
