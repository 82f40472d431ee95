-- AlterTable
ALTER TABLE "generations" ADD COLUMN "topic_image_keys" TEXT;
