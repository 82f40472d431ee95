-- AlterTable
ALTER TABLE "generations" ADD COLUMN "submission_key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "generations_user_id_submission_key_key" ON "generations"("user_id", "submission_key");

