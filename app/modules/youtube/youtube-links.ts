// YouTube's own pages Thumbsmith sends people to (links the browser opens, never fetched). Pure: pages and server share it.

/** How to verify a channel (a phone number), which custom thumbnails need. */
export const YOUTUBE_VERIFY_URL = "https://www.youtube.com/verify";
