-- Hand-written: the YouTube video a batch was started from (id and title), for its feed preview.
ALTER TABLE "generations" ADD COLUMN "source_video_id" TEXT;
ALTER TABLE "generations" ADD COLUMN "source_video_title" TEXT;
