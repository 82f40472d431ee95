// The admin page's generation tabs. Client-safe: the page renders the tabs.
export const ADMIN_GENERATION_FILTERS = ["running", "failed"] as const;
export type AdminGenerationFilter = (typeof ADMIN_GENERATION_FILTERS)[number];
