-- Hand-edited: Prisma rebuilds the table here (create, copy, DROP TABLE),
-- and dropping "portraits" with foreign keys on would run the generations'
-- ON DELETE SET NULL and lose their portrait links. SQLite 3.35+ drops a
-- plain column in place.
ALTER TABLE "portraits" DROP COLUMN "original_key";
