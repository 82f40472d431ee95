// fast-check arbitraries for the route fuzzing suite (app/routes/route-fuzz.test.ts):
// the text, path segments, query strings and request bodies an attacker or a
// careless client sends. Everything here is built to reach the server as
// bytes: paths and queries are percent-encoded by hand (lone surrogates
// included), and some are malformed on purpose.
import fc from "fast-check";

/** Characters that have broken, or could break, something between the socket and the database. */
export const CONTROL_CHARACTERS = ["\u0000", "\t", "\n", "\r", "\r\n", "\u0007", "\u001b", "\u007f", "\u0085", "\u2028", "\u2029", "\ufeff"];
export const BIDI_CONTROLS = ["\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"];
export const LONE_SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"];
export const NON_LATIN = ["Привет", "日本語のタイトル", "العربية", "עברית", "हिन्दी", "ไทย", "한국어", "Ελληνικά", "🙂", "👩🏽‍💻", "e\u0301\u0301\u0301", "ﷺ", "𝕳𝖊𝖑𝖑𝖔"];
/** Percent escapes a decoder chokes on: cut short, overlong, not hex, a surrogate, past U+10FFFF, NUL, separators. */
export const MALFORMED_ESCAPES = ["%", "%%", "%2", "%ZZ", "%E0%A4%A", "%C0%AE", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "%FF%FE", "%00", "%2F", "%5C", "%2e%2e", "%0A", "%0D%0A", "%09", "%u0041"];
/** Characters browsers keep in a picked file's name, which a multipart parser must take. */
export const FILE_NAME_CHARACTERS = ["=", ";", '"', "\\", "/", " ", "'", "%", "*", "..", ":"];

const LONG_LENGTH = 10_000;

/** One piece of hostile text; `text` strings several together. */
const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
  { weight: 2, arbitrary: fc.constantFrom(...CONTROL_CHARACTERS) },
  { weight: 2, arbitrary: fc.constantFrom(...BIDI_CONTROLS) },
  { weight: 2, arbitrary: fc.constantFrom(...LONE_SURROGATES) },
  { weight: 2, arbitrary: fc.constantFrom(...NON_LATIN) },
  // A word too long for any line: the layouts' worst case.
  { weight: 1, arbitrary: fc.integer({ min: 20, max: 130 }).map((n) => "W".repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "   ", "null", "undefined", "0", "-1", "1e309", "NaN", "true", "[]", "{}", "<script>", "'; --", "../../etc/passwd") },
);

/** Hostile text: pieces together, now and then a 10,000-character value. */
export const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: fc.array(piece, { maxLength: 5 }).map((pieces) => pieces.join("")) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom("a", "W", "é", "\u0000", "\u202e", "日", "\ud800", "a "), piece)
      .map(([unit, tail]) => (unit.repeat(LONG_LENGTH) + tail).slice(0, LONG_LENGTH + tail.length)),
  },
);

/** Percent-encodes every byte of the text's UTF-8 but unreserved ASCII; a lone surrogate becomes U+FFFD, as in any encoder. */
export function percentEncode(value: string) {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** A path segment or a query value as sent on the wire: well encoded, or malformed on purpose. */
export const encoded: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: text.map(percentEncode) },
  { weight: 2, arbitrary: fc.tuple(fc.string({ unit: "grapheme-ascii", maxLength: 6 }).map(percentEncode), fc.constantFrom(...MALFORMED_ESCAPES), fc.string({ unit: "grapheme-ascii", maxLength: 6 }).map(percentEncode)).map((parts) => parts.join("")) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...MALFORMED_ESCAPES), { minLength: 1, maxLength: 4 }).map((parts) => parts.join("")) },
);

/**
 * Ids of every shape, each as a raw path segment: the target's own (the
 * likeliest, since that is the attack), other real ones, near misses, nonsense.
 */
export function idSegment(target: string, otherIds: readonly string[]): fc.Arbitrary<string> {
  const near = [target, ...otherIds].flatMap((id) => [id.toUpperCase(), id.slice(0, -1), `${id}x`, `${id}%00`, `${id}%2F..`, ` ${id}`.replace(" ", "%20"), `${id}%E0%A4%A`]);
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant(target) },
    { weight: 1, arbitrary: fc.constantFrom(...otherIds) },
    { weight: 2, arbitrary: fc.constantFrom(...near) },
    {
      weight: 2,
      arbitrary: fc.constantFrom("0", "-1", "1.5", "999999999999999999999", "cl9ebqhxk00008eqf5xj5bq9z", "00000000-0000-0000-0000-000000000000", "undefined", "null", "..", ".", "%2e%2e", "%252e", "a".repeat(LONG_LENGTH)),
    },
    { weight: 3, arbitrary: encoded.filter((segment) => segment.length > 0) },
  );
}

/** A query string (with its "?"), or none: the keys the app reads, Remix's own, and junk. */
export function query(keys: readonly string[]): fc.Arbitrary<string> {
  const pair = fc.tuple(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: encoded }), encoded).map(([key, value]) => `${key}=${value}`);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant("") },
    { weight: 4, arbitrary: fc.array(fc.oneof(pair, encoded), { minLength: 1, maxLength: 3 }).map((pairs) => `?${pairs.join("&")}`) },
  );
}

/** A file name as a browser's picker could produce it, with the characters that have broken parsers. */
export const fileName: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.oneof(fc.constantFrom(...FILE_NAME_CHARACTERS), fc.constantFrom(...NON_LATIN), fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 5 })), { minLength: 1, maxLength: 5 }),
    fc.constantFrom(".png", ".jpg", ".jpeg", ".webp", ".heic", ".gif", ".PNG", "", ".png.exe"),
  )
  .map(([parts, extension]) => parts.join("") + extension);

export type FormField = { name: string; value: string };
export type FilePart = { field: string; fileName: string; contentType: string; bytes: Buffer; rawName: boolean };

/** A multipart/form-data body, built by hand so the file name reaches the server exactly as chosen. */
export function multipartBody(fields: FormField[], files: FilePart[]) {
  const boundary = `----fuzz${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  // What browsers do to a name in a quoted parameter (the HTML standard): ", CR and LF become escapes.
  const quoted = (value: string) => value.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  for (const { name, value } of fields) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n`), Buffer.from(value, "utf8"), Buffer.from("\r\n"));
  }
  for (const file of files) {
    // rawName: a client that does not escape, and sends the name's quote and backslash as they are.
    const name = file.rawName ? file.fileName.replace(/[\r\n]/g, "") : quoted(file.fileName);
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(file.field)}"; filename="${name}"\r\nContent-Type: ${file.contentType}\r\n\r\n`),
      file.bytes,
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

/** Text for a failure message: invisible and unusual characters as escapes, long runs of one character counted. */
export function visible(value: string, max = 300) {
  const runs = value.replace(/(.)\1{19,}/gsu, (run, char: string) => `\u27e8${char} \u00d7 ${[...run].length}\u27e9`);
  const shown = JSON.stringify(runs).replace(/[\p{C}\p{Zl}\p{Zp}]/gu, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return shown.length > max ? `${shown.slice(0, max)}…` : shown;
}
