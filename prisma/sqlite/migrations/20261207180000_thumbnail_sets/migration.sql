-- Hand-written: each thumbnail set on a YouTube video, with the video's
-- previous picture (a storage key) so that it can be put back. The
-- thumbnail link is kept as null when the thumbnail is deleted.
-- CreateTable
CREATE TABLE "thumbnail_sets" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "video_id" TEXT NOT NULL,
    "video_title" TEXT NOT NULL,
    "thumbnail_id" TEXT,
    "thumbnail_version" INTEGER NOT NULL,
    "previous_image_key" TEXT NOT NULL,
    "set_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "restored_at" DATETIME,
    CONSTRAINT "thumbnail_sets_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "thumbnail_sets_thumbnail_id_fkey" FOREIGN KEY ("thumbnail_id") REFERENCES "thumbnails" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "thumbnail_sets_user_id_video_id_set_at_idx" ON "thumbnail_sets"("user_id", "video_id", "set_at");

-- CreateIndex
CREATE INDEX "thumbnail_sets_thumbnail_id_idx" ON "thumbnail_sets"("thumbnail_id");
