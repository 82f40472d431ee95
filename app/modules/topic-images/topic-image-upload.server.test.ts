import { describe, expect, test } from "vitest";
import { OTHER_FILE_MESSAGE, readFormWithTopicImages } from "./topic-image-upload.server";

const limits = { maxFileBytes: 100_000, maxFieldBytes: 4096 };

function multipart(fields: [string, string][], files: { field: string; name: string; bytes: Buffer }[]) {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  for (const file of files) form.append(file.field, new Blob([new Uint8Array(file.bytes)], { type: "image/jpeg" }), file.name);
  return new Request("http://localhost/generate", { method: "POST", body: form });
}

async function thrown(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Response);
  return { status: (error as Response).status, text: await (error as Response).text() };
}

describe("readFormWithTopicImages", () => {
  test("the text fields go to the form, normalized; the topic images come in the order sent", async () => {
    const request = multipart(
      [
        ["keywords", "iPhone\u0000 review"],
        ["backgroundCount", "2"],
      ],
      [
        { field: "topicImage", name: "phone.jpg", bytes: Buffer.from("first") },
        { field: "topicImage", name: "box.png", bytes: Buffer.from("second") },
      ],
    );
    const { form, uploads } = await readFormWithTopicImages(request, limits);
    expect(form.get("keywords")).toBe("iPhone review");
    expect(form.get("backgroundCount")).toBe("2");
    expect(form.get("topicImage")).toBeNull();
    expect(uploads).toEqual([
      { filename: "phone.jpg", bytes: Buffer.from("first") },
      { filename: "box.png", bytes: Buffer.from("second") },
    ]);
  });

  test("a fourth image and one over the size limit are named with the reason; the others still arrive", async () => {
    const files = ["a.jpg", "big.jpg", "c.jpg", "d.jpg"].map((name) => ({
      field: "topicImage",
      name,
      bytes: Buffer.alloc(name === "big.jpg" ? 200_000 : 10, 1),
    }));
    const { uploads } = await readFormWithTopicImages(multipart([["keywords", "x"]], files), limits);
    expect(uploads.map((u) => ("error" in u ? `${u.filename} ${u.error}` : u.filename))).toEqual([
      "a.jpg",
      "big.jpg is larger than 0.1 MB. Use a smaller image.",
      "c.jpg",
      "d.jpg was not used: add at most 3 topic images.",
    ]);
  });

  test("an empty file input is left out; a file under any other name is refused, as on any form", async () => {
    const empty = multipart([["keywords", "x"]], [{ field: "topicImage", name: "", bytes: Buffer.alloc(0) }]);
    const { form, uploads } = await readFormWithTopicImages(empty, limits);
    expect(uploads).toEqual([]);
    expect([...form.keys()]).toEqual(["keywords"]);

    const video = multipart([["keywords", "x"]], [{ field: "video", name: "clip.webm", bytes: Buffer.alloc(100, 2) }]);
    expect(await thrown(readFormWithTopicImages(video, limits))).toEqual({ status: 400, text: OTHER_FILE_MESSAGE });
  });

  test("a body with no length that grows past what three images can be is cut off there", async () => {
    const files = ["a", "b", "c", "d", "e"].map((name) => ({ field: "topicImage", name: `${name}.jpg`, bytes: Buffer.alloc(99_000, 1) }));
    expect(await thrown(readFormWithTopicImages(multipart([], files), limits))).toEqual({
      status: 413,
      text: "This form is too large. Send at most 3 topic images of up to 0.1 MB each.",
    });
  });

  test("a form without files (urlencoded) reads as any other form", async () => {
    const request = new Request("http://localhost/generate", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "keywords=hello&backgroundCount=3",
    });
    const { form, uploads } = await readFormWithTopicImages(request, limits);
    expect(form.get("keywords")).toBe("hello");
    expect(uploads).toEqual([]);
  });

  test("a body that says it is far too large is refused before it is read; too much text is refused too", async () => {
    const request = new Request("http://localhost/generate", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(10_000_000) },
      body: "--x--",
    });
    expect(await thrown(readFormWithTopicImages(request, limits))).toEqual({
      status: 413,
      text: "This form is too large. Send at most 3 topic images of up to 0.1 MB each.",
    });
    const wordy = multipart([["keywords", "x".repeat(5000)]], []);
    expect(await thrown(readFormWithTopicImages(wordy, limits))).toEqual({ status: 413, text: "This form is too large (limit 4 KB of text)." });
  });

  test("a broken multipart body is a 400 with a sentence, not a 500", async () => {
    const request = new Request("http://localhost/generate", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=x" },
      body: "--x\r\nContent-Disposition: form-data; name=\"keywords\"\r\n\r\nunfinished",
    });
    expect((await thrown(readFormWithTopicImages(request, limits))).status).toBe(400);
  });
});
