// Where a successful log in or sign up lands first. The browser was just
// given the session cookie: if it sent it back, go on; if not, the log in page
// explains why (a Secure cookie on plain HTTP, blocked cookies) instead of
// showing the same form again. See docs/decisions/040-cookie-security-per-request.md.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getUserId } from "~/modules/auth/auth.server";
import { isFreshLoginMarker } from "~/modules/auth/cookie-security.server";
import { safeRedirect } from "~/utils/misc";
import { getToast } from "~/utils/toast.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"), "/generate");
  if (await getUserId(request)) return redirect(redirectTo);
  const marker = url.searchParams.get("check");
  const params = new URLSearchParams({ redirectTo });
  if (isFreshLoginMarker(marker)) params.set("cookie", marker!);
  // A "Welcome back" toast that did get through would contradict the page.
  const { headers } = await getToast(request);
  return redirect(`/login?${params}`, headers ? { headers } : undefined);
}
