import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AuthForm } from "~/components/auth-form";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { authenticateForm, createUserSession, requireAnonymous } from "~/modules/auth/auth.server";
import { explainMissingCookie, isFreshLoginMarker } from "~/modules/auth/cookie-security.server";

export const meta: MetaFunction = () => [{ title: "Log in · Thumbsmith" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  // Sent here by /session-check right after a log in whose cookie did not come back.
  const marker = new URL(request.url).searchParams.get("cookie");
  return json({ cookieProblem: isFreshLoginMarker(marker) ? explainMissingCookie(request) : null });
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const result = await authenticateForm("login", request);
  if (!result.ok) return json({ result: result.reply }, { status: 400 });
  return createUserSession(request, result.userId, result.redirectTo, { title: "Welcome back" });
}

export default function LoginRoute() {
  const actionData = useActionData<typeof action>();
  const { cookieProblem } = useLoaderData<typeof loader>();
  return (
    <AuthForm
      mode="login"
      lastResult={actionData?.result}
      notice={
        cookieProblem ? (
          <div role="alert" data-testid="cookie-problem" className="rounded-xl bg-amber-950/60 p-4 text-sm text-amber-100 ring-1 ring-amber-500/40">
            <p className="font-semibold">{cookieProblem.title}</p>
            <p className="mt-1">{cookieProblem.reason}</p>
            <p className="mt-1">{cookieProblem.fix}</p>
          </div>
        ) : null
      }
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
