// Drives the YouTube connect flow the way a browser does, against the fake
// Google: Connect (a form post) -> Google's consent page (the fake answers
// with a redirect at once) -> /youtube/callback with code and state.
import { getToast } from "~/utils/toast.server";
import { action as connectAction } from "~/routes/youtube.connect";
import { loader as callbackLoader } from "~/routes/youtube.callback";
import { formRequest, getRequest, settle } from "#tests/utils";

/** The name=value part of each Set-Cookie of a response. */
export function cookiesOf(response: Response) {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
}

/** The toast a redirect carries. */
export async function toastOf(response: Response) {
  const request = new Request("http://localhost/", { headers: { Cookie: cookiesOf(response).join("; ") } });
  return (await getToast(request)).toast;
}

/** Starts a connect as the user: Google's consent URL and the attempt's cookie. */
export async function startConnecting(sessionCookie: string) {
  const response = await settle(connectAction({ request: formRequest("/youtube/connect", {}, { cookie: sessionCookie }), params: {}, context: {} }));
  return { response, consentUrl: response.headers.get("Location") ?? "", attemptCookie: cookiesOf(response).join("; ") };
}

/** What the consent page sends the browser back to. */
export async function consent(consentUrl: string) {
  const answer = await fetch(consentUrl, { redirect: "manual" });
  if (answer.status !== 302) throw new Error(`the consent page answered ${answer.status}: ${await answer.text()}`);
  return new URL(answer.headers.get("Location")!);
}

/** Calls the callback with a URL and cookies, as the browser's return from Google. */
export function callBack(callbackUrl: URL, cookies: string) {
  const path = `${callbackUrl.pathname}${callbackUrl.search}`;
  return settle(callbackLoader({ request: getRequest(path, { cookie: cookies }), params: {}, context: {} }));
}

/** The whole happy path: the callback's answer. */
export async function connectChannel(sessionCookie: string) {
  const { consentUrl, attemptCookie } = await startConnecting(sessionCookie);
  return callBack(await consent(consentUrl), `${sessionCookie}; ${attemptCookie}`);
}
