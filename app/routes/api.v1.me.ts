import { notFound } from "~/modules/api/api-error";
import { apiRoute, handle } from "~/modules/api/api-handler.server";
import { getMe } from "~/modules/api/endpoints/account";
import { getAccountSummary } from "~/modules/auth/account.server";

export const { loader, action, endpoints } = apiRoute(
  handle(getMe, async ({ caller }) => {
    const account = await getAccountSummary(caller.userId);
    if (!account) throw notFound("This account");
    return { ...account, scopes: caller.scopes };
  }),
);
