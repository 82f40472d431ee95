// A Test & Compare set as the API shows it: the set page's data with links
// to the images and the ZIP.
import type { z } from "zod";
import type { getCompareSet } from "~/modules/compare/compare-sets.server";
import type { CompareSetSchema } from "./endpoints/compare-sets";
import { thumbnailImagePath } from "./thumbnail-view.server";

type CompareSet = NonNullable<Awaited<ReturnType<typeof getCompareSet>>>;

export function compareSetView(set: CompareSet): z.input<typeof CompareSetSchema> {
  return {
    id: set.id,
    name: set.name,
    createdAt: set.createdAt,
    variants: set.variants.map((variant) => ({
      letter: variant.letter as "A" | "B" | "C",
      title: variant.title,
      thumbnail: variant.thumbnail ? { ...variant.thumbnail, links: { image: thumbnailImagePath(variant.thumbnail.id) } } : null,
    })),
    links: { zip: `/api/v1/compare-sets/${encodeURIComponent(set.id)}/zip` },
  };
}
