// Deletes the signed-in account once its password is confirmed. Posted by
// the dialog on the Account page (components/account/delete-account.tsx).
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout, requireUserId } from "~/modules/auth/auth.server";
import { checkAccountPassword, deleteAccount } from "~/modules/auth/delete-account.server";
import { DeleteAccountFormSchema } from "~/modules/auth/validation";
import { readForm } from "~/utils/form.server";

// Exported: the route-security test posts every form it lists.
export const ActionSchema = DeleteAccountFormSchema;

export async function loader() {
  return redirect("/account");
}

export async function action({ request }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  const submission = parseWithZod(await readForm(request), { schema: DeleteAccountFormSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const check = await checkAccountPassword(userId, submission.value.password);
  if (!check.ok) {
    return json({ result: submission.reply({ hideFields: ["password"], fieldErrors: { password: [check.message] } }) }, { status: 400 });
  }
  await deleteAccount(userId);
  return logout(request, { title: "Your account has been deleted." });
}
