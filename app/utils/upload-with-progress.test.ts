// What the Portraits page does with each answer its upload can get.
import { describe, expect, test } from "vitest";
import { dataRequestUrl, percentSent, readUploadReply } from "./upload-with-progress";

const headers = (values: Record<string, string>) => (name: string) => values[name] ?? null;

describe("upload with progress", () => {
  test("percent sent is whole, bounded, and 0 while the size is unknown", () => {
    expect(percentSent(0, 1000)).toBe(0);
    expect(percentSent(429, 1000)).toBe(42);
    expect(percentSent(999, 1000)).toBe(99);
    expect(percentSent(1000, 1000)).toBe(100);
    expect(percentSent(1200, 1000)).toBe(100);
    expect(percentSent(500, 0)).toBe(0);
  });

  test("the data request goes to the form's own address, keeping its query", () => {
    expect(dataRequestUrl("http://localhost:3000/portraits", "routes/portraits")).toBe("/portraits?_data=routes%2Fportraits");
    expect(dataRequestUrl("/portraits?from=phone", "routes/portraits")).toBe("/portraits?from=phone&_data=routes%2Fportraits");
  });

  test("the action's JSON is the result, refused photos included", () => {
    expect(readUploadReply(200, headers({}), JSON.stringify({ added: 2, errors: [] }))).toEqual({
      kind: "result",
      result: { added: 2, errors: [] },
    });
    const refused = { added: 0, errors: ["notes.jpg is not an image we can read."] };
    expect(readUploadReply(400, headers({}), JSON.stringify(refused))).toEqual({ kind: "result", result: refused });
  });

  test("a redirect thrown by the action (an expired session) is followed", () => {
    expect(readUploadReply(204, headers({ "X-Remix-Redirect": "/login?redirectTo=%2Fportraits" }), "")).toEqual({
      kind: "redirect",
      to: "/login?redirectTo=%2Fportraits",
    });
  });

  test("anything else becomes a message, never a blank result", () => {
    expect(readUploadReply(500, headers({ "X-Remix-Error": "yes" }), '{"message":"Unexpected Server Error"}')).toEqual({
      kind: "failed",
      message: "Something went wrong on the server while saving your photos. Try again.",
    });
    expect(readUploadReply(413, headers({}), "<html>Request Entity Too Large</html>")).toEqual({
      kind: "failed",
      message: "That upload is too large. Send fewer or smaller photos.",
    });
    expect(readUploadReply(403, headers({}), "Forbidden")).toEqual({ kind: "failed", message: "The upload was refused (HTTP 403). Try again." });
    expect(readUploadReply(200, headers({}), '{"added":"2"}')).toMatchObject({ kind: "failed" });
  });
});
