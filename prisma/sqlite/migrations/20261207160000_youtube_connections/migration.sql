-- Hand-written: a user's connected YouTube channel (one per user), its
-- tokens sealed by the app (never a plain token in a column). CHECK
-- constraints keep the sealed columns in the app's "v1." format, so a plain
-- token written by mistake is refused.
-- CreateTable
CREATE TABLE "youtube_connections" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "channel_title" TEXT NOT NULL,
    "channel_thumbnail_url" TEXT,
    "uploads_playlist_id" TEXT NOT NULL,
    "refresh_token_sealed" TEXT NOT NULL CONSTRAINT "youtube_connections_refresh_token_sealed" CHECK ("refresh_token_sealed" LIKE 'v1.%'),
    "access_token_sealed" TEXT CONSTRAINT "youtube_connections_access_token_sealed" CHECK ("access_token_sealed" LIKE 'v1.%'),
    "access_token_expires_at" DATETIME,
    "scopes" TEXT NOT NULL,
    "needs_reconnect_at" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "youtube_connections_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "youtube_connections_user_id_key" ON "youtube_connections"("user_id");
