-- AlterTable
ALTER TABLE "thumbnails" ADD COLUMN "note" TEXT;
