-- Thumbnail recipes and versions (docs/decisions/019-thumbnail-recipes.md).
-- Columns are added in place, so the tables keep their CHECK constraints.
ALTER TABLE "generations" ADD COLUMN "text_by" TEXT NOT NULL DEFAULT 'thumbsmith' CHECK ("text_by" IN ('thumbsmith', 'model'));
ALTER TABLE "thumbnails" ADD COLUMN "spec" TEXT;
ALTER TABLE "thumbnails" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1 CHECK ("version" >= 1);
ALTER TABLE "thumbnails" ADD COLUMN "checks" TEXT;
ALTER TABLE "thumbnails" ADD COLUMN "plate_key" TEXT;

-- CreateTable
CREATE TABLE "thumbnail_versions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "thumbnail_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL CHECK ("number" >= 1),
    "spec" TEXT,
    "storage_path" TEXT NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "checks" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "thumbnail_versions_thumbnail_id_fkey" FOREIGN KEY ("thumbnail_id") REFERENCES "thumbnails" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "thumbnail_versions_thumbnail_id_number_key" ON "thumbnail_versions"("thumbnail_id", "number");
