-- Hand-edited: Prisma rebuilds "portraits" here (create, copy, DROP TABLE),
-- and dropping it with foreign keys on would run the generations' ON DELETE
-- SET NULL and lose their portrait links (docs/decisions/002). SQLite adds
-- these columns in place. The status CHECK is added by hand like the init
-- migration's. Existing portraits become 'pending': the analysis job picks
-- them up in the background after the upgrade.

-- AlterTable
ALTER TABLE "generations" ADD COLUMN "portrait_face" TEXT;
ALTER TABLE "generations" ADD COLUMN "portrait_mask_key" TEXT;

-- AlterTable
ALTER TABLE "portraits" ADD COLUMN "analysis_status" TEXT NOT NULL DEFAULT 'pending' CONSTRAINT "portraits_analysis_status_valid" CHECK ("analysis_status" IN ('pending', 'done', 'failed'));
ALTER TABLE "portraits" ADD COLUMN "mask_key" TEXT;
ALTER TABLE "portraits" ADD COLUMN "cutout_preview_key" TEXT;
ALTER TABLE "portraits" ADD COLUMN "faces" TEXT;
ALTER TABLE "portraits" ADD COLUMN "face_index" INTEGER;
ALTER TABLE "portraits" ADD COLUMN "cutout_enabled" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "portraits" ADD COLUMN "analyzed_at" DATETIME;
ALTER TABLE "portraits" ADD COLUMN "analysis_attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "portraits" ADD COLUMN "analysis_lease_expires_at" DATETIME;

-- CreateIndex
CREATE INDEX "portraits_analysis_status_idx" ON "portraits"("analysis_status");
