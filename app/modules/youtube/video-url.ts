// A pasted YouTube link read into its video id, with WHATWG URL (no regex over
// the whole string: a host like youtube.com.evil.example must not pass).
// Shared by the Generate page (to answer at once) and the server (the authority).

export const VIDEO_ID_PATTERN = /^[A-Za-z0-9_-]{11}$/;
/** Longer than any real video link with its tracking parameters; refuses pasted essays early. */
export const VIDEO_URL_MAX_LENGTH = 2048;

export const VIDEO_URL_MESSAGES = {
  notALink: "Paste a YouTube video link, like https://youtu.be/dQw4w9WgXcQ or https://www.youtube.com/watch?v=dQw4w9WgXcQ.",
  notYoutube: "That link is not on YouTube. Paste the link of a YouTube video.",
  notAVideo: "That YouTube link does not name one video (a channel, playlist or search page has no title to start from). Open the video and copy its link.",
  tooLong: `That link is over ${VIDEO_URL_MAX_LENGTH} characters. Paste the video's own link.`,
} as const;

const WATCH_HOSTS = new Set(["youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"]);
const NOCOOKIE_HOSTS = new Set(["youtube-nocookie.com", "www.youtube-nocookie.com"]);
// Paths whose second segment is the id: /shorts/<id>, /live/<id>, /embed/<id>, and the old Flash /v/<id>.
const ID_PATH_KINDS = new Set(["shorts", "live", "embed", "v"]);

export type ParsedVideoUrl = { ok: true; videoId: string } | { ok: false; error: string };

function idOrNull(candidate: string | null | undefined) {
  return candidate && VIDEO_ID_PATTERN.test(candidate) ? candidate : null;
}

/** The 11-character id of a YouTube video link in any of its forms, or why it is not one. */
export function parseVideoUrl(input: string): ParsedVideoUrl {
  const text = input.trim();
  if (text.length > VIDEO_URL_MAX_LENGTH) return { ok: false, error: VIDEO_URL_MESSAGES.tooLong };
  if (!text) return { ok: false, error: VIDEO_URL_MESSAGES.notALink };
  // People paste "youtu.be/…" or "www.youtube.com/…" from an address bar that hid the scheme.
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, error: VIDEO_URL_MESSAGES.notALink };
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password || url.port) {
    return { ok: false, error: VIDEO_URL_MESSAGES.notALink };
  }
  const host = url.hostname;
  const segments = url.pathname.split("/").filter(Boolean);
  let videoId: string | null = null;
  if (host === "youtu.be" || host === "www.youtu.be") {
    videoId = segments.length === 1 ? idOrNull(segments[0]) : null;
  } else if (WATCH_HOSTS.has(host)) {
    if (segments.length === 1 && segments[0] === "watch") videoId = idOrNull(url.searchParams.get("v"));
    else if (segments.length === 2 && ID_PATH_KINDS.has(segments[0])) videoId = idOrNull(segments[1]);
  } else if (NOCOOKIE_HOSTS.has(host)) {
    videoId = segments.length === 2 && segments[0] === "embed" ? idOrNull(segments[1]) : null;
  } else {
    return { ok: false, error: VIDEO_URL_MESSAGES.notYoutube };
  }
  return videoId ? { ok: true, videoId } : { ok: false, error: VIDEO_URL_MESSAGES.notAVideo };
}

/**
 * The link the Generate page starts from when opened as `/generate?video=<id>`
 * (the Generate buttons of the Videos pages): `https://youtu.be/<id>`, or null
 * for anything the parser would not read as exactly that id, so a hand-edited
 * query is ignored rather than shown as an error the creator did not cause.
 */
export function startLinkOfVideoParam(param: string | null) {
  if (!param) return null;
  const link = `https://youtu.be/${param}`;
  const parsed = parseVideoUrl(link);
  return parsed.ok && parsed.videoId === param ? link : null;
}

/** The canonical watch link of an id: what Thumbsmith asks oEmbed about, never the pasted text. */
export function watchUrl(videoId: string) {
  return `https://www.youtube.com/watch?v=${videoId}`;
}

/**
 * A video title as the Generate form's keywords: whitespace folded, and cut
 * at the last whole word within the field's limit (titles run to 100
 * characters, the field takes `max`), so the field always accepts it.
 */
export function keywordsFromTitle(title: string, max: number) {
  const folded = title.replace(/\s+/g, " ").trim();
  if ([...folded].length <= max) return folded;
  const cut = [...folded].slice(0, max + 1).join("");
  const lastSpace = cut.lastIndexOf(" ");
  return (lastSpace > max / 2 ? cut.slice(0, lastSpace) : [...folded].slice(0, max).join("")).replace(/[\s,;:|/-]+$/, "");
}

/** What the Look up route answers the Generate page: the video, or why its link was refused. */
export type VideoLookupAnswer = { videoId: string; title: string; keywords: string; thumbnailUrl: string } | { error: string };
