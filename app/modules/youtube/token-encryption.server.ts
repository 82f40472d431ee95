// Google tokens are sealed at rest (app/utils/sealing.server.ts) under a key
// of their own: the HKDF info below, unchanged since tokens were first
// stored, so every token sealed before still opens.
import { sealerFor } from "~/utils/sealing.server";

const sealer = sealerFor("thumbsmith youtube oauth tokens v1");

export const sealToken = sealer.seal;
export const openToken = sealer.open;
/** For tests: keys as a secret list would give. */
export const keysForSecrets = sealer.keysForSecrets;
