-- What an image model draws replaces who letters the thumbnail: the new
-- default is the scene alone, with the creator's own cut-out put in. Batches
-- made before keep what they were made with: text by Thumbsmith meant the
-- model drew the person, text by the model meant everything.
ALTER TABLE "generations" ADD COLUMN     "model_draws" TEXT NOT NULL DEFAULT 'scene';
UPDATE "generations" SET "model_draws" = CASE "text_by" WHEN 'model' THEN 'everything' ELSE 'person' END;
ALTER TABLE "generations" DROP CONSTRAINT "generations_text_by_valid";
ALTER TABLE "generations" DROP COLUMN "text_by";
ALTER TABLE "generations" ADD CONSTRAINT "generations_model_draws_valid" CHECK ("model_draws" IN ('scene', 'person', 'everything'));
