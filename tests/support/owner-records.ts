// A user with one of every record the app's URLs name (a portrait, a finished
// batch with a topic image and its thumbnails, a Test & Compare set of two of them), for tests
// that attack those URLs as someone else: route-security, route-fuzz.
import { createCompareSet } from "~/modules/compare/compare-sets.server";
import { prisma } from "~/utils/db.server";
import { solidJpeg } from "#tests/images";
import { createFinishedGeneration, createTestPortrait, createTestUser } from "#tests/utils";

export type OwnerRecords = {
  userId: string;
  portraitId: string;
  generationId: string;
  thumbnailId: string;
  otherThumbnailId: string;
  compareSetId: string;
};

export async function createOwnerWithRecords(): Promise<OwnerRecords> {
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  const { generationId } = await createFinishedGeneration(user.id, { portraitId: portrait.id, topicImages: [await solidJpeg(320, 180)] });
  const [thumbnail, other] = await prisma.thumbnail.findMany({
    where: { generationId, status: "success" },
    orderBy: { promptIndex: "asc" },
    take: 2,
    select: { id: true },
  });
  const compareSet = await createCompareSet({
    userId: user.id,
    name: null,
    variants: [thumbnail, other].map((t) => ({ thumbnailId: t.id, title: null })),
    submissionKey: null,
  });
  return { userId: user.id, portraitId: portrait.id, generationId, thumbnailId: thumbnail.id, otherThumbnailId: other.id, compareSetId: compareSet.id };
}
