import { z } from "zod";

export const PORTRAIT_NAME_MAX = 80;

// Control characters and invisible formatting never belong in a name.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

function cleanName(name: string) {
  return name.replace(CONTROL, "").replace(/\s+/g, " ").trim();
}

/** A name from an uploaded file's name: no extension, cleaned, within the limit. */
export function defaultPortraitName(filename: string) {
  const base = cleanName(filename.replace(/\.[a-z0-9]{1,5}$/i, "").replace(/[_]+/g, " "));
  return (base || "Portrait").slice(0, PORTRAIT_NAME_MAX).trim();
}

export const PortraitNameSchema = z
  .string({ required_error: "Give the portrait a name." })
  .transform(cleanName)
  .pipe(
    // Conform turns an empty string into undefined at every level.
    z
      .string({ required_error: "Give the portrait a name." })
      .min(1, "Give the portrait a name.")
      .max(PORTRAIT_NAME_MAX, `Keep the name to ${PORTRAIT_NAME_MAX} characters or fewer.`),
  );
