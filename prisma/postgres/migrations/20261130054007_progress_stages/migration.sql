-- AlterTable
ALTER TABLE "generations" ADD COLUMN     "estimated_seconds" INTEGER;

-- AlterTable
ALTER TABLE "thumbnails" ADD COLUMN     "stage" TEXT;

-- CreateTable
CREATE TABLE "render_timings" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "seconds" DOUBLE PRECISION NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "render_timings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "render_timings_provider_model_created_at_idx" ON "render_timings"("provider", "model", "created_at");

