// Shared by the server modules and the Portraits page.
export const PORTRAIT_FIELD = "photos";
export const MAX_FILES_PER_UPLOAD = 10;
export const ACCEPTED_FORMATS_TEXT = "JPEG, PNG, WebP or AVIF";
