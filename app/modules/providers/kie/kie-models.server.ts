// The kie.ai image-edit models Thumbsmith can use (KIE_MODEL), each with its
// own request builder: kie.ai's jobs API takes one `input` object whose field
// names differ per model (image_urls or image_input, image_size or
// aspect_ratio, resolution or quality). The shapes follow kie.ai's model pages
// (docs.kie.ai/market/...); see docs/decisions/060-kie-models.md.
import { KIE_QUALITIES, KIE_RESOLUTIONS, type KieModel } from "~/utils/env.server";

// The accepted values are settings, declared with the others in env.server.ts.
export { DEFAULT_KIE_MODEL, KIE_MODELS, type KieModel } from "~/utils/env.server";

export type KieModelSettings = {
  model: KieModel;
  resolution: (typeof KIE_RESOLUTIONS)[number];
  quality: (typeof KIE_QUALITIES)[number];
};

/** What one task asks for, whatever the model. */
export type KieTaskRequest = { prompt: string; imageUrls: string[] };

type Builder = (request: KieTaskRequest, settings: KieModelSettings) => Record<string, unknown>;

const builders: Record<KieModel, Builder> = {
  // image_size, not aspect_ratio: the name this integration was built and
  // tested with; kie.ai's page lists both.
  "google/nano-banana-edit": ({ prompt, imageUrls }) => ({
    prompt,
    image_urls: imageUrls,
    output_format: "png",
    image_size: "16:9",
  }),
  // JPEG: a 4K PNG can pass the 20 MB result-download cap, and every result
  // is re-encoded as a 1280x720 JPEG anyway.
  "nano-banana-pro": ({ prompt, imageUrls }, { resolution }) => ({
    prompt,
    image_input: imageUrls,
    aspect_ratio: "16:9",
    resolution,
    output_format: "jpg",
  }),
  // kie.ai requires all four fields for this model.
  "seedream/4.5-edit": ({ prompt, imageUrls }, { quality }) => ({
    prompt,
    image_urls: imageUrls,
    aspect_ratio: "16:9",
    quality,
  }),
};

/** The body of a createTask call for the configured model (without callBackUrl). */
export function buildKieTask(settings: KieModelSettings, request: KieTaskRequest) {
  return { model: settings.model, input: builders[settings.model](request, settings) };
}

/** The model in words, with the setting that applies to it: "nano-banana-pro (2K)". */
export function describeKieModel({ model, resolution, quality }: KieModelSettings) {
  if (model === "nano-banana-pro") return `${model} (${resolution})`;
  if (model === "seedream/4.5-edit") return `${model} (quality ${quality})`;
  return model;
}
