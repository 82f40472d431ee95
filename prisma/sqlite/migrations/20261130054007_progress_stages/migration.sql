-- AlterTable
ALTER TABLE "generations" ADD COLUMN "estimated_seconds" INTEGER;

-- AlterTable
ALTER TABLE "thumbnails" ADD COLUMN "stage" TEXT;

-- CreateTable
CREATE TABLE "render_timings" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "seconds" REAL NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "render_timings_provider_model_created_at_idx" ON "render_timings"("provider", "model", "created_at");

