-- Hand-written: the video thumbnail a batch follows as a style reference.
ALTER TABLE "generations" ADD COLUMN "style_reference_key" TEXT;
