import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { AuthForm } from "~/components/auth-form";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { authenticateForm, createUserSession, requireAnonymous } from "~/modules/auth/auth.server";

export const meta: MetaFunction = () => [{ title: "Log in · Thumbsmith" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const result = await authenticateForm("login", request);
  if (!result.ok) return json({ result: result.reply }, { status: 400 });
  return createUserSession(request, result.userId, result.redirectTo, { title: "Welcome back" });
}

export default function LoginRoute() {
  const actionData = useActionData<typeof action>();
  return <AuthForm mode="login" lastResult={actionData?.result} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
