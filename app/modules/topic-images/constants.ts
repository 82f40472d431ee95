// Shared by the server modules and the Generate page.

/** The Generate form's file field; the browser sends one part per image. */
export const TOPIC_IMAGE_FIELD = "topicImage";
export const MAX_TOPIC_IMAGES = 3;
