/** "iPhone 17 review, shocking battery!" -> "iphone-17-review-shocking-battery" */
export function slugify(text: string, max = 48) {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/, "");
  return slug || "thumbnails";
}

/** The name a thumbnail gets on download and inside a ZIP: keywords, headline and background number. */
export function thumbnailFileName(keywords: string, promptIndex: number, backgroundIndex: number) {
  return `${slugify(keywords)}-headline${promptIndex + 1}-background${backgroundIndex + 1}.jpg`;
}
