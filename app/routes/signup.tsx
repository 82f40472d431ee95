import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { AuthForm } from "~/components/auth-form";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { authenticateForm, createUserSession, requireAnonymous } from "~/modules/auth/auth.server";
import { env } from "~/utils/env.server";
import { formatCredits } from "~/utils/misc";

export const meta: MetaFunction = () => [{ title: "Sign up · Thumbsmith" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const result = await authenticateForm("signup", request);
  if (!result.ok) return json({ result: result.reply }, { status: 400 });
  return createUserSession(request, result.userId, result.redirectTo, {
    title: "Welcome to Thumbsmith",
    description: env.STARTING_CREDITS > 0 ? `You start with ${formatCredits(env.STARTING_CREDITS)}.` : undefined,
  });
}

export default function SignupRoute() {
  const actionData = useActionData<typeof action>();
  return <AuthForm mode="signup" lastResult={actionData?.result} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
