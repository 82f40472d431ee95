// Reads the Generate form with its topic images as the request streams:
// the text fields into a FormData, the images as bytes, each under the
// portrait's per-file size limit (never buffered past it). The route is an
// upload route (server/body-limit.ts), so the small form limit and its text
// normalization do not run before this: both are done here.
import { Readable } from "node:stream";
import busboy from "busboy";
import { readForm, UNREADABLE_FORM_MESSAGE } from "~/utils/form.server";
import { fileNameOf, formatMegabytes } from "~/modules/portraits/portrait-upload.server";
import { normalizeInputText } from "~/utils/input-text";
import { MAX_TOPIC_IMAGES, TOPIC_IMAGE_FIELD } from "./constants";

/** A refused image is an entry with an error; tooLarge when over the size limit (the API answers that 413). */
export type TopicImageUpload = { filename: string; bytes: Buffer } | { filename: string; error: string; tooLarge?: true };

type Limits = {
  /** Per image, in bytes. */
  maxFileBytes: number;
  /** All text fields together, in bytes (the form limit other forms get). */
  maxFieldBytes: number;
};

/** The most fields the Generate form sends is about ten; a body with many more is not from it. */
const MAX_FIELDS = 50;

function refuse(message: string, status = 400): never {
  throw new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/**
 * The form's text fields and its topic images in the order sent. A form
 * posted without files (urlencoded, or from a client without the picker)
 * reads as any other form. A refused image is an entry with an error, so
 * the page can name it; a body that cannot be a Generate form is a 400/413
 * Response, thrown.
 */
export async function readFormWithTopicImages(request: Request, limits: Limits): Promise<{ form: FormData; uploads: TopicImageUpload[] }> {
  if (!/^multipart\/form-data\b/i.test(request.headers.get("Content-Type") ?? "")) {
    return { form: await readForm(request), uploads: [] };
  }
  // The most a Generate form can hold (part headers included); more is refused when
  // Content-Length says so, before any of it is read, or when that much has arrived.
  const maxBodyBytes = MAX_TOPIC_IMAGES * limits.maxFileBytes + limits.maxFieldBytes + 100_000;
  const tooLarge = `This form is too large. Send at most ${MAX_TOPIC_IMAGES} topic images of up to ${formatMegabytes(limits.maxFileBytes)} each.`;
  if (Number(request.headers.get("Content-Length") ?? 0) > maxBodyBytes) refuse(tooLarge, 413);
  if (!request.body) return { form: new FormData(), uploads: [] };

  const form = new FormData();
  const uploads: TopicImageUpload[] = [];
  let fieldBytes = 0;
  let tooManyFieldBytes = false;
  let otherFile = false;
  try {
    await parseMultipart(request, request.body, { maxFileBytes: limits.maxFileBytes, maxBodyBytes }, {
      onField(name, value) {
        // An empty file input can arrive as a text part under the file field's name.
        if (name === TOPIC_IMAGE_FIELD) return;
        fieldBytes += name.length + value.length;
        if (fieldBytes > limits.maxFieldBytes) tooManyFieldBytes = true;
        else form.append(normalizeInputText(name), normalizeInputText(value));
      },
      onOtherFile() {
        otherFile = true;
      },
      onFile({ filename, bytes, size, tooLarge }) {
        // An empty file input still sends a part, with no name and no bytes.
        if (!filename && size === 0) return;
        const shownName = filename || "An image";
        if (uploads.length >= MAX_TOPIC_IMAGES) {
          uploads.push({ filename: shownName, error: `was not used: add at most ${MAX_TOPIC_IMAGES} topic images.` });
        } else if (tooLarge) {
          uploads.push({ filename: shownName, error: `is larger than ${formatMegabytes(limits.maxFileBytes)}. Use a smaller image.`, tooLarge: true });
        } else {
          uploads.push({ filename: shownName, bytes });
        }
      },
    });
  } catch (error) {
    if (error instanceof BodyTooLargeError) refuse(tooLarge, 413);
    // busboy refuses a part header with a control character other than TAB (a file name from a Linux disk may hold one).
    if (error instanceof Error && error.message === "Malformed part header") {
      refuse("The form could not be read: a file name has control characters in it. Rename the file and try again.");
    }
    refuse(UNREADABLE_FORM_MESSAGE);
  }
  if (tooManyFieldBytes) refuse(`This form is too large (limit ${Math.round(limits.maxFieldBytes / 1024)} KB of text).`, 413);
  // The page sends no other file (the video's input has no name): a client that does is mistaken, as on any form.
  if (otherFile) refuse(OTHER_FILE_MESSAGE);
  return { form, uploads };
}

export const OTHER_FILE_MESSAGE = "This form takes files only as topic images.";

class BodyTooLargeError extends Error {}

type ReadFile = { filename: string; bytes: Buffer; size: number; tooLarge: boolean };

/**
 * Past maxFileBytes a file's bytes are read and dropped, so the parts after
 * it still arrive and get their own answer; past maxBodyBytes in all, the
 * body is not read any further.
 */
function parseMultipart(
  request: Request,
  body: ReadableStream<Uint8Array>,
  { maxFileBytes, maxBodyBytes }: { maxFileBytes: number; maxBodyBytes: number },
  on: { onField(name: string, value: string): void; onFile(file: ReadFile): void; onOtherFile(): void },
) {
  return new Promise<void>((resolve, reject) => {
    const parser = busboy({
      headers: { "content-type": request.headers.get("Content-Type") ?? "" },
      defParamCharset: "utf8",
      limits: { fileSize: maxFileBytes, fieldSize: 64 * 1024, fields: MAX_FIELDS },
    });
    // busboy names a field sent with name="" undefined.
    parser.on("field", (name: string | undefined, value: string) => on.onField(name ?? "", value));
    parser.on("file", (name: string, stream: Readable, info: { filename?: string }) => {
      // Read and dropped, so the answer comes once the body is in (a client that sends it all first still gets it).
      if (name !== TOPIC_IMAGE_FIELD) {
        on.onOtherFile();
        return void stream.resume();
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (!tooLarge) chunks.push(chunk);
      });
      stream.on("limit", () => {
        tooLarge = true;
        chunks.length = 0;
      });
      stream.on("end", () => on.onFile({ filename: fileNameOf(info.filename), bytes: Buffer.concat(chunks), size, tooLarge }));
    });
    parser.on("fieldsLimit", () => reject(new Error("too many fields")));
    parser.on("close", () => resolve());
    parser.on("error", reject);
    const source = Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
    let read = 0;
    source.on("data", (chunk: Buffer) => {
      read += chunk.length;
      if (read <= maxBodyBytes) return;
      source.unpipe(parser);
      source.destroy();
      reject(new BodyTooLargeError());
    });
    source.on("error", reject);
    source.pipe(parser);
  });
}
