-- Hand-edited after generation: CHECK constraints on the variant letter and
-- the title length (YouTube's 100 characters), like the init migration.
-- CreateTable
CREATE TABLE "compare_sets" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "submission_key" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "compare_sets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "compare_variants" (
    "id" TEXT NOT NULL,
    "set_id" TEXT NOT NULL,
    "letter" TEXT NOT NULL CONSTRAINT "compare_variants_letter_valid" CHECK ("letter" IN ('A', 'B', 'C')),
    "thumbnail_id" TEXT,
    "title" TEXT CONSTRAINT "compare_variants_title_length" CHECK (length("title") <= 100),

    CONSTRAINT "compare_variants_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "compare_sets_user_id_created_at_idx" ON "compare_sets"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "compare_sets_user_id_submission_key_key" ON "compare_sets"("user_id", "submission_key");

-- CreateIndex
CREATE INDEX "compare_variants_thumbnail_id_idx" ON "compare_variants"("thumbnail_id");

-- CreateIndex
CREATE UNIQUE INDEX "compare_variants_set_id_letter_key" ON "compare_variants"("set_id", "letter");

-- AddForeignKey
ALTER TABLE "compare_sets" ADD CONSTRAINT "compare_sets_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "compare_variants" ADD CONSTRAINT "compare_variants_set_id_fkey" FOREIGN KEY ("set_id") REFERENCES "compare_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "compare_variants" ADD CONSTRAINT "compare_variants_thumbnail_id_fkey" FOREIGN KEY ("thumbnail_id") REFERENCES "thumbnails"("id") ON DELETE SET NULL ON UPDATE CASCADE;

