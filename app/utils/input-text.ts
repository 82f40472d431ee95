// Text as it may enter the app: the same on SQLite and PostgreSQL.
// PostgreSQL refuses a NUL in text (a 500), SQLite stores it; neither should
// hold the other invisible controls a form never types. TAB, LF and CR stay
// (a textarea sends CRLF; a field that wants one line says so itself).

// C0 controls but TAB, LF and CR; DEL; C1 controls.
const UNWANTED_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// Any C0 or C1 control, DEL included: never part of a path or a one-line value.
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text without NUL and the other controls above; lone surrogates become U+FFFD, as they would on the way to either database. */
export function normalizeInputText(value: string) {
  return value.replace(UNWANTED_CONTROLS, "").replace(LONE_SURROGATE, "\ufffd");
}

// What would start a new line in a text file or a header, TAB included.
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
// Bidi marks, embeddings, overrides and isolates: invisible, and an override
// shows the rest of a line reversed ("\u202Egpj.exe" reads as "exe.jpg").
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A one-line value (a title, a name): line breaks become one space each run, bidi controls go, then normalizeInputText. */
export function oneLineText(value: string) {
  return normalizeInputText(value.replace(BIDI_CONTROLS, "").replace(LINE_BREAKS, " ")).trim();
}
