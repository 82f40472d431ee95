-- What an image model draws replaces who letters the thumbnail: the new
-- default is the scene alone, with the creator's own cut-out put in. Batches
-- made before keep what they were made with: text by Thumbsmith meant the
-- model drew the person, text by the model meant everything.
ALTER TABLE "generations" ADD COLUMN "model_draws" TEXT NOT NULL DEFAULT 'scene' CHECK ("model_draws" IN ('scene', 'person', 'everything'));
UPDATE "generations" SET "model_draws" = CASE "text_by" WHEN 'model' THEN 'everything' ELSE 'person' END;
ALTER TABLE "generations" DROP COLUMN "text_by";
