-- AlterTable
ALTER TABLE "portraits" ADD COLUMN     "analysis_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "analysis_lease_expires_at" TIMESTAMP(3),
ADD COLUMN     "analysis_status" TEXT NOT NULL DEFAULT 'pending',
ADD COLUMN     "analyzed_at" TIMESTAMP(3),
ADD COLUMN     "cutout_enabled" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "cutout_preview_key" TEXT,
ADD COLUMN     "face_index" INTEGER,
ADD COLUMN     "faces" TEXT,
ADD COLUMN     "mask_key" TEXT;

-- AlterTable
ALTER TABLE "generations" ADD COLUMN     "portrait_face" TEXT,
ADD COLUMN     "portrait_mask_key" TEXT;

-- CreateIndex
CREATE INDEX "portraits_analysis_status_idx" ON "portraits"("analysis_status");

-- Added by hand, like the init migration's checks: known analysis statuses.
ALTER TABLE "portraits" ADD CONSTRAINT "portraits_analysis_status_valid" CHECK ("analysis_status" IN ('pending', 'done', 'failed'));
