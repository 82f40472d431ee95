// Signing needs an endpoint's secret back, so it is sealed rather than
// hashed (app/utils/sealing.server.ts), under a key of its own.
import { sealerFor } from "~/utils/sealing.server";

export const webhookSecrets = sealerFor("thumbsmith webhook signing secrets v1");
