import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { EmptyState, PageHeader } from "~/components/page-header";
import { Button } from "~/components/ui/button";
import { requireUserId } from "~/modules/auth/auth.server";
import { listPortraits } from "~/modules/portraits/portraits.server";

export const meta: MetaFunction = () => [{ title: "Generate · Thumbsmith" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  return json({ portraits: await listPortraits(userId) });
}

export default function GenerateRoute() {
  const { portraits } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Generate"
        description="Pick a portrait, type a few keywords, and get every headline on every background."
      />
      {portraits.length === 0 ? (
        <EmptyState
          title="Start with a portrait"
          action={
            <Button asChild>
              <Link to="/portraits">Go to Portraits</Link>
            </Button>
          }
        >
          <p>Every thumbnail is built around a photo of you. Add one on the Portraits page first.</p>
        </EmptyState>
      ) : (
        <p className="text-zinc-400">
          You have {portraits.length} portrait{portraits.length === 1 ? "" : "s"} ready.
        </p>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
