import { prisma } from "~/utils/db.server";

export async function listPortraits(userId: string) {
  return prisma.portrait.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, width: true, height: true, hasAlpha: true, createdAt: true },
  });
}
