-- AlterTable
ALTER TABLE "generations" ADD COLUMN     "text_by" TEXT NOT NULL DEFAULT 'thumbsmith';

-- AlterTable
ALTER TABLE "thumbnails" ADD COLUMN     "checks" TEXT,
ADD COLUMN     "plate_key" TEXT,
ADD COLUMN     "spec" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "thumbnail_versions" (
    "id" TEXT NOT NULL,
    "thumbnail_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "spec" TEXT,
    "storage_path" TEXT NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "checks" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "thumbnail_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "thumbnail_versions_thumbnail_id_number_key" ON "thumbnail_versions"("thumbnail_id", "number");

-- AddForeignKey
ALTER TABLE "thumbnail_versions" ADD CONSTRAINT "thumbnail_versions_thumbnail_id_fkey" FOREIGN KEY ("thumbnail_id") REFERENCES "thumbnails"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Checks the app relies on, as in the SQLite migration.
ALTER TABLE "generations" ADD CONSTRAINT "generations_text_by_valid" CHECK ("text_by" IN ('thumbsmith', 'model'));
ALTER TABLE "thumbnails" ADD CONSTRAINT "thumbnails_version_positive" CHECK ("version" >= 1);
ALTER TABLE "thumbnail_versions" ADD CONSTRAINT "thumbnail_versions_number_positive" CHECK ("number" >= 1);
