import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout } from "~/modules/auth/auth.server";

// Logging out changes state, so only a POST does it; a GET just goes home.
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  return logout(request, { title: "You are logged out" });
}
