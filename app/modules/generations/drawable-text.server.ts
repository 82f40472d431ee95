// Headlines are drawn with the fonts that ship with the app. Text in a script
// none of them covers is refused at submit, naming the script, rather than
// rendered as boxes on every thumbnail.
import { unsupportedScripts } from "~/modules/providers/local/text/coverage.server";

function problem(text: string, field: string) {
  const scripts = unsupportedScripts(text);
  if (scripts.length === 0) return null;
  const names = scripts.map((s) => s.replaceAll("_", " ")).join(" and ");
  return `Thumbsmith cannot draw ${names} text yet, so the ${field} would show empty boxes. Use another language for the ${field}.`;
}

/** Field errors for keywords or a headline in a script the shipped fonts cannot draw; null when all is drawable. */
export function undrawableTextErrors({ keywords, headline }: { keywords: string; headline?: string | null }) {
  const errors: Record<string, string[]> = {};
  const inKeywords = problem(keywords, "keywords");
  if (inKeywords) errors.keywords = [inKeywords];
  const inHeadline = headline ? problem(headline, "headline") : null;
  if (inHeadline) errors.headline = [inHeadline];
  return Object.keys(errors).length > 0 ? errors : null;
}
