-- AlterTable
ALTER TABLE "portraits" DROP COLUMN "original_key";

