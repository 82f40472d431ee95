import { clsx, type ClassValue } from "clsx";
import { safeRedirect as remixSafeRedirect } from "remix-utils/safe-redirect";
import { twMerge } from "tailwind-merge";
import { CONTROL_CHARACTER } from "./input-text";

export function cn(...inputs: ClassValue[]) {
  return twMerge(clsx(inputs));
}

/**
 * Only same-site paths: "/x" is fine; another site, a protocol-relative
 * "//host" or "/\\host", and anything with a control character fall back,
 * whether raw or percent-encoded (browsers drop TAB, LF and CR from a URL, so
 * "/\t/evil.example" is "//evil.example" to them; a LF in a Location header
 * is a 500). remix-utils' check runs on the value and on its decoded form; a
 * value that does not decode falls back too.
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
