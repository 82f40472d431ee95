import { describe, expect, test } from "vitest";
import { parseVideoUrl, VIDEO_URL_MESSAGES } from "./video-url";

const ID = "dQw4w9WgXcQ";

describe("parseVideoUrl", () => {
  test.each([
    `https://www.youtube.com/watch?v=${ID}`,
    `https://youtube.com/watch?v=${ID}`,
    `http://www.youtube.com/watch?v=${ID}`,
    `https://m.youtube.com/watch?v=${ID}`,
    `https://music.youtube.com/watch?v=${ID}&feature=share`,
    `https://www.youtube.com/watch?v=${ID}&t=42s`,
    `https://www.youtube.com/watch?feature=shared&v=${ID}&list=PL1234567890&index=3`,
    `https://youtu.be/${ID}`,
    `https://youtu.be/${ID}?si=AbCdEfGh12345678`,
    `https://youtu.be/${ID}?t=90`,
    `youtu.be/${ID}`,
    `www.youtube.com/watch?v=${ID}`,
    `https://www.youtube.com/shorts/${ID}`,
    `https://youtube.com/shorts/${ID}?si=xyz`,
    `https://www.youtube.com/live/${ID}?feature=share`,
    `https://www.youtube.com/embed/${ID}`,
    `https://www.youtube.com/embed/${ID}?start=10`,
    `https://www.youtube-nocookie.com/embed/${ID}`,
    `https://youtube-nocookie.com/embed/${ID}?rel=0`,
    `https://www.youtube.com/shorts/${ID}/`,
    `  https://YOUTU.BE/${ID}  `,
    `https://www.youtube.com/watch?v=${ID}#comments`,
  ])("%s", (url) => {
    expect(parseVideoUrl(url)).toEqual({ ok: true, videoId: ID });
  });

  test.each([
    ["", VIDEO_URL_MESSAGES.notALink],
    ["not a link at all", VIDEO_URL_MESSAGES.notALink],
    ["javascript:alert(1)", VIDEO_URL_MESSAGES.notALink],
    [`ftp://youtu.be/${ID}`, VIDEO_URL_MESSAGES.notALink],
    [`https://user:pw@www.youtube.com/watch?v=${ID}`, VIDEO_URL_MESSAGES.notALink],
    [`https://www.youtube.com:8443/watch?v=${ID}`, VIDEO_URL_MESSAGES.notALink],
    [`https://www.youtube.com.evil.example/watch?v=${ID}`, VIDEO_URL_MESSAGES.notYoutube],
    [`https://evil.example/watch?v=${ID}`, VIDEO_URL_MESSAGES.notYoutube],
    [`https://vimeo.com/${ID}`, VIDEO_URL_MESSAGES.notYoutube],
    ["https://www.youtube.com/", VIDEO_URL_MESSAGES.notAVideo],
    ["https://www.youtube.com/@SomeChannel", VIDEO_URL_MESSAGES.notAVideo],
    ["https://www.youtube.com/playlist?list=PL1234567890", VIDEO_URL_MESSAGES.notAVideo],
    ["https://www.youtube.com/results?search_query=pc", VIDEO_URL_MESSAGES.notAVideo],
    ["https://www.youtube.com/watch?v=short", VIDEO_URL_MESSAGES.notAVideo],
    [`https://www.youtube.com/watch?v=${ID}x`, VIDEO_URL_MESSAGES.notAVideo],
    ["https://www.youtube.com/watch?v=dQw4w9WgX%3Q", VIDEO_URL_MESSAGES.notAVideo],
    [`https://youtu.be/${ID}/extra`, VIDEO_URL_MESSAGES.notAVideo],
    [`https://www.youtube-nocookie.com/watch?v=${ID}`, VIDEO_URL_MESSAGES.notAVideo],
    [`https://www.youtube.com/shorts/`, VIDEO_URL_MESSAGES.notAVideo],
    [`https://youtu.be/${"a".repeat(3000)}`, VIDEO_URL_MESSAGES.tooLong],
  ])("refuses %j", (url, message) => {
    expect(parseVideoUrl(url)).toEqual({ ok: false, error: message });
  });
});
