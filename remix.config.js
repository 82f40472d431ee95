/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Packages Node cannot import as ES modules by themselves: emojilib's main
  // file is JSON (an import attribute would be needed), so it is bundled
  // into build/index.js, which production runs with plain node.
  serverDependenciesToBundle: ["emojilib"],
  postcss: true,
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
};
