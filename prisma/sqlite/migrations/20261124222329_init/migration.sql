-- Hand-edited after generation: CHECK constraints (SQLite cannot add them later).
-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "credits" INTEGER NOT NULL DEFAULT 0 CONSTRAINT "users_credits_non_negative" CHECK ("credits" >= 0),
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "passwords" (
    "hash" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    CONSTRAINT "passwords_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "portraits" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "original_key" TEXT NOT NULL,
    "normalized_key" TEXT NOT NULL,
    "preview_key" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "has_alpha" BOOLEAN NOT NULL DEFAULT false,
    "byte_size" INTEGER NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "portraits_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "generations" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "portrait_id" TEXT,
    "portrait_key" TEXT NOT NULL,
    "keywords" TEXT NOT NULL,
    "headline" TEXT,
    "background_count" INTEGER NOT NULL DEFAULT 3,
    "prompt_count" INTEGER NOT NULL DEFAULT 3,
    "status" TEXT NOT NULL DEFAULT 'pending' CONSTRAINT "generations_status_valid" CHECK ("status" IN ('pending', 'processing', 'completed', 'failed', 'partial')),
    "progress" INTEGER NOT NULL DEFAULT 0 CONSTRAINT "generations_progress_range" CHECK ("progress" BETWEEN 0 AND 100),
    "current_step" TEXT,
    "thumbnail_count" INTEGER NOT NULL DEFAULT 0,
    "error_message" TEXT,
    "credits_used" INTEGER NOT NULL DEFAULT 1,
    "provider" TEXT NOT NULL DEFAULT 'local',
    "lease_owner" TEXT,
    "lease_expires_at" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" DATETIME,
    "completed_at" DATETIME,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "generations_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "generations_portrait_id_fkey" FOREIGN KEY ("portrait_id") REFERENCES "portraits" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "thumbnails" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "generation_id" TEXT NOT NULL,
    "storage_path" TEXT,
    "public_url" TEXT,
    "prompt" TEXT NOT NULL,
    "prompt_index" INTEGER NOT NULL,
    "background_index" INTEGER NOT NULL,
    "kie_task_id" TEXT,
    "callback_token" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending' CONSTRAINT "thumbnails_status_valid" CHECK ("status" IN ('pending', 'rendering', 'success', 'failed')),
    "error_message" TEXT,
    "width" INTEGER,
    "height" INTEGER,
    "byte_size" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "thumbnails_generation_id_fkey" FOREIGN KEY ("generation_id") REFERENCES "generations" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "credit_ledger" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "generation_id" TEXT,
    "delta" INTEGER NOT NULL,
    "balance_after" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "note" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "credit_ledger_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "credit_ledger_generation_id_fkey" FOREIGN KEY ("generation_id") REFERENCES "generations" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "passwords_user_id_key" ON "passwords"("user_id");

-- CreateIndex
CREATE INDEX "portraits_user_id_idx" ON "portraits"("user_id");

-- CreateIndex
CREATE INDEX "generations_user_id_idx" ON "generations"("user_id");

-- CreateIndex
CREATE INDEX "generations_status_idx" ON "generations"("status");

-- CreateIndex
CREATE INDEX "generations_user_id_created_at_idx" ON "generations"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "thumbnails_kie_task_id_key" ON "thumbnails"("kie_task_id");

-- CreateIndex
CREATE UNIQUE INDEX "thumbnails_callback_token_key" ON "thumbnails"("callback_token");

-- CreateIndex
CREATE INDEX "thumbnails_generation_id_idx" ON "thumbnails"("generation_id");

-- CreateIndex
CREATE UNIQUE INDEX "thumbnails_generation_id_prompt_index_background_index_key" ON "thumbnails"("generation_id", "prompt_index", "background_index");

-- CreateIndex
CREATE INDEX "credit_ledger_user_id_created_at_idx" ON "credit_ledger"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "credit_ledger_generation_id_reason_key" ON "credit_ledger"("generation_id", "reason");

