// What a personal access token may do. `read` sees the user's things,
// `generate` spends credits on new batches (and uploads portraits for them),
// `edit` changes what exists: new thumbnail versions, deletes, compare sets.
export const API_SCOPES = ["read", "generate", "edit"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const SCOPE_LABELS: Record<ApiScope, string> = {
  read: "Read: see portraits, batches, thumbnails and the balance",
  generate: "Generate: upload portraits and start batches (spends credits)",
  edit: "Edit: new thumbnail versions, deletes, Test & Compare sets",
};

/** The scopes stored space-separated, in the canonical order; unknown words are dropped. */
export function parseScopes(stored: string): ApiScope[] {
  const words = new Set(stored.split(/\s+/));
  return API_SCOPES.filter((scope) => words.has(scope));
}

export function formatScopes(scopes: readonly ApiScope[]) {
  return API_SCOPES.filter((scope) => scopes.includes(scope)).join(" ");
}
