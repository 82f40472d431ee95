// How a generation records its topic images: a JSON array of storage keys in
// the topic_image_keys column (SQLite has no lists), null for none.
import { isValidKey } from "~/modules/storage/keys";
import { MAX_TOPIC_IMAGES } from "./constants";

/** Every topic image key starts here, then the owner's id: the folder an account deletion empties. */
export const TOPIC_IMAGE_PREFIX = "topic-images/";

export function topicImageFolderOf(userId: string) {
  return `${TOPIC_IMAGE_PREFIX}${userId.toLowerCase()}`;
}

/** The keys a column holds, in order; anything that is not a list of valid keys reads as none. */
export function parseTopicImageKeys(column: string | null | undefined): string[] {
  if (!column) return [];
  try {
    const parsed: unknown = JSON.parse(column);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((key): key is string => typeof key === "string" && isValidKey(key)).slice(0, MAX_TOPIC_IMAGES);
  } catch {
    return [];
  }
}

export function serializeTopicImageKeys(keys: readonly string[]): string | null {
  return keys.length > 0 ? JSON.stringify(keys) : null;
}
