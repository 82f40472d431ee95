import { clsx, type ClassValue } from "clsx";
import { safeRedirect as remixSafeRedirect } from "remix-utils/safe-redirect";
import { twMerge } from "tailwind-merge";

export function cn(...inputs: ClassValue[]) {
  return twMerge(clsx(inputs));
}

// Any C0 or C1 control character, DEL included. Browsers drop TAB, LF and CR
// from a URL (so "/\t/evil.example" becomes "//evil.example" to them), and a
// LF in a Location header is refused by Node.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Only same-site paths: "/x" is fine; another site, a protocol-relative
 * "//host" or "/\\host", and anything with a control character fall back,
 * whether raw or percent-encoded. remix-utils' check runs on the value and on
 * its decoded form; a value that does not decode falls back too.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/") {
  if (typeof to !== "string" || to !== to.trim()) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(to);
  } catch {
    return fallback;
  }
  for (const form of [to, decoded]) {
    if (CONTROL_CHARACTER.test(form) || form.includes("\\") || remixSafeRedirect(form, fallback) !== form) return fallback;
  }
  return to;
}

export function formatCredits(n: number) {
  return `${n} ${Math.abs(n) === 1 ? "credit" : "credits"}`;
}

/** Dates in tables: in UTC, so server and browser render the same text. */
export const dateTimeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
