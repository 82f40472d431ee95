// The test files that never touch the database: the PostgreSQL run
// (TEST_DATABASE=postgres, see vitest.config.ts) skips them, since they ran on
// SQLite already and would run the same on PostgreSQL.
//
// The rule: a file is listed here only if neither it nor any module it
// imports, directly or through others, loads the database client
// (~/utils/db.server), the generated Prisma clients, a driver (pg,
// better-sqlite3), or starts a process that does. Every other test file runs
// on both databases, and a new test file runs on both until it is listed.
// setup-test-env.ts enforces the rule in the SQLite run: a listed file that
// loads the database client fails.
export const databaseFreeTests = [
  // Standard Webhooks signatures against the reference vector.
  "app/modules/webhooks/signing.server.test.ts",
  // Which render thread a task goes to.
  "app/modules/rendering/session-affinity.test.ts",
  // UI components rendered to a string.
  "app/components/generation/activity.test.ts",
  "app/components/generation/unfinished-cell.test.tsx",
  "app/components/ui/ui.test.tsx",
  // The editor's table of choices against the schema the server checks.
  "app/components/thumbnails/editor/choices.test.ts",
  // The app icons and the manifest.
  "scripts/make-icons.test.ts",
  // Topic images: normalizing one, and reading the Generate form with them.
  "app/modules/topic-images/topic-image.server.test.ts",
  "app/modules/topic-images/topic-image-upload.server.test.ts",
  // Starting from a YouTube video: every link form, and oEmbed and the picture against the fake Google.
  "app/modules/youtube/video-url.test.ts",
  "app/modules/youtube/video-lookup.server.test.ts",
  // How the Portraits page reads its upload's answer.
  "app/utils/upload-with-progress.test.ts",
  // Where a redirect may lead (safeRedirect).
  "app/utils/misc.test.ts",
  // Session secrets from the environment and a file; device labels from a User-Agent.
  "app/modules/auth/device-label.test.ts",
  // Which cookie mode applies and why (pure, from settings and the scheme).
  "app/modules/auth/cookie-security.server.test.ts",
  "app/utils/session-secret.server.test.ts",
  // The editor's form applied to a recipe.
  "app/modules/thumbnails/edits.test.ts",
  // The lock-free claim the generation queue and the portrait analysis share.
  "app/utils/claim.server.test.ts",
  // The compositor's bounded caches.
  "app/utils/recent-cache.test.ts",
  // The thumbnail's design: headlines, props, the plan of a batch, the recipe.
  "app/modules/design/headlines.test.ts",
  "app/modules/design/plan.test.ts",
  // A style reference's palette and text side, and the plan that follows them.
  "app/modules/topic-images/reference-style.server.test.ts",
  "app/modules/design/props.test.ts",
  "app/modules/design/recipe.test.ts",
  // What the Generate form accepts plans into recipes that store; words too long to draw are refused.
  "app/modules/generations/drawable-input.test.ts",
  // The providers' rule for paid tasks: temporary or definite answers, backoff, polling.
  "app/modules/providers/provider-answers.server.test.ts",
  // Which addresses a download may reach, and the guarded image download.
  "app/modules/net/public-address.server.test.ts",
  "app/modules/net/public-download.server.test.ts",
  // Person analysis on images (the job that stores it is portrait-analysis.test.ts).
  "app/modules/portraits/analysis/analyze-portrait.server.test.ts",
  "app/modules/portraits/analysis/face-detector.server.test.ts",
  // kie.ai's signature scheme (the HTTP client counts its calls in the
  // metrics, which read the database, so its tests run on both).
  "app/modules/providers/kie/kie-signature.server.test.ts",
  // The scene prompt the image models (kie.ai, OpenAI) are sent.
  "app/modules/providers/scene-prompt.test.ts",
  "app/modules/providers/scene-references.test.ts",
  // The OpenAI renderer against the fake OpenAI (the runner's tests are openai-provider.test.ts).
  "app/modules/providers/openai/openai-client.test.ts",
  // The Gemini provider against its fake (gemini-runner.test.ts runs whole generations on both).
  "app/modules/providers/gemini/gemini-provider.test.ts",
  // ComfyUI's workflow: the shipped one, filling it in, the start-up check of COMFYUI_WORKFLOW.
  "app/modules/providers/comfyui/comfyui-workflow.test.ts",
  // The local compositor and its prompts and text, on images.
  "app/modules/providers/local/compositor.test.ts",
  "app/modules/providers/local/layouts.test.ts",
  "app/modules/providers/local/local-prompt.test.ts",
  "app/modules/providers/local/prop-art.server.test.ts",
  "app/modules/providers/local/topic-image.test.ts",
  "app/modules/providers/local/topic-image-sessions.test.ts",
  "app/modules/providers/local/variety.test.ts",
  "app/modules/providers/local/raster.server.test.ts",
  "app/modules/providers/local/text/headline.test.ts",
  "app/modules/providers/local/text/headline-styles.test.ts",
  // Local and S3 storage.
  "app/modules/storage/storage.contract.test.ts",
  // Express middleware: compression, rate limits.
  "server/app.test.ts",
  // The addresses printed at start.
  "server/addresses.test.ts",
  "server/rate-limit.test.ts",
  // YouTube: its settings, Google's hosts, the guarded Google fetch, sealed tokens, tokens out of the logs.
  "app/modules/youtube/google-plumbing.test.ts",
  // The environment's settings, checked at start.
  "app/utils/env.server.test.ts",
  // The log format: JSON on a pipe, readable in a terminal.
  "app/utils/logger.server.test.ts",
  // The README's size and the docs pages' links.
  "scripts/docs.test.ts",
  // Schema files and migration folders (no connection).
  "server/prisma-cli.test.ts",
  // What may import what (read from the source files), and which jobs each process starts.
  "server/composition-root.test.ts",
];
