// Where a video's previous thumbnail is kept before Thumbsmith replaces it:
// one folder per user, so that deleting the account and the storage sweep
// can find every file of theirs. Pure: the sweep and the account deletion import it.

export const PREVIOUS_THUMBNAIL_PREFIX = "youtube-previous/";

export function previousThumbnailFolderOf(userId: string) {
  return `${PREVIOUS_THUMBNAIL_PREFIX}${userId.toLowerCase()}`;
}
