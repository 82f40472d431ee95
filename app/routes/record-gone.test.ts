// Two requests removing the same row at once (two tabs, a double click, two
// sessions): the first answers as usual, the other 404, on SQLite and on
// PostgreSQL alike. Before issue 21, PostgreSQL let both pass the ownership
// check and the second delete failed with Prisma's "record not found"
// (P2025), a 500. Each round runs the two requests together a few times, so
// that both reach the delete between the check and the first commit.
import { describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { createFinishedGeneration, createTestPortrait, createTestUser, formRequest, sessionCookieFor, settle } from "#tests/utils";
import { action as galleryAction } from "./gallery_.$generationId";
import { action as portraitAction } from "./portraits_.$portraitId";

const ROUNDS = 4;

async function twoAtOnce(send: () => Promise<Response>) {
  const statuses = (await Promise.all([send(), send()])).map((response) => response.status);
  return statuses.sort();
}

describe("the same row removed by two requests at once", () => {
  test("a portrait: one 200, one 404", async () => {
    const user = await createTestUser();
    const cookies = [await sessionCookieFor(user.id), await sessionCookieFor(user.id)];
    for (let round = 0; round < ROUNDS; round++) {
      const portrait = await createTestPortrait(user.id);
      let turn = 0;
      const send = () =>
        settle(portraitAction({ request: formRequest(`/portraits/${portrait.id}`, { intent: "delete" }, { cookie: cookies[turn++ % 2] }), params: { portraitId: portrait.id }, context: {} }));
      expect(await twoAtOnce(send), `round ${round}`).toEqual([200, 404]);
      expect(await prisma.portrait.count({ where: { id: portrait.id } })).toBe(0);
    }
  });

  test("a batch, and a thumbnail of a batch: one done, one 404", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    const portrait = await createTestPortrait(user.id);
    for (let round = 0; round < ROUNDS; round++) {
      const { generationId } = await createFinishedGeneration(user.id, { portraitId: portrait.id });
      const [thumbnail] = await prisma.thumbnail.findMany({ where: { generationId }, select: { id: true } });
      const deleteThumbnail = () =>
        settle(galleryAction({ request: formRequest(`/gallery/${generationId}`, { intent: "delete-thumbnail", thumbnailId: thumbnail.id }, { cookie }), params: { generationId }, context: {} }));
      const [first, second] = await twoAtOnce(deleteThumbnail);
      expect([first < 400, second], `thumbnail, round ${round}`).toEqual([true, 404]);

      const deleteBatch = () => settle(galleryAction({ request: formRequest(`/gallery/${generationId}`, { intent: "delete" }, { cookie }), params: { generationId }, context: {} }));
      const [done, gone] = await twoAtOnce(deleteBatch);
      expect([done < 400, gone], `batch, round ${round}`).toEqual([true, 404]);
      expect(await prisma.generation.count({ where: { id: generationId } })).toBe(0);
    }
  });
});
