import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { EmptyState, PageHeader } from "~/components/page-header";
import { requireUserId } from "~/modules/auth/auth.server";
import { listPortraits } from "~/modules/portraits/portraits.server";

export const meta: MetaFunction = () => [{ title: "Portraits · Thumbsmith" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  return json({ portraits: await listPortraits(userId) });
}

export default function PortraitsRoute() {
  const { portraits } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Portraits" description="The photos of you that every thumbnail starts from." />
      {portraits.length === 0 ? (
        <EmptyState title="No portraits yet">
          <p>
            A good portrait shows your face clearly, well lit, looking at the camera, with some expression. A PNG with a
            transparent background is used as a ready cut-out.
          </p>
        </EmptyState>
      ) : (
        <ul className="grid grid-cols-2 gap-4 md:grid-cols-4">
          {portraits.map((p) => (
            <li key={p.id} className="rounded-xl bg-ink-900 p-3 ring-1 ring-white/5">
              <p className="truncate font-medium">{p.name}</p>
              <p className="text-xs text-zinc-500">
                {p.width}×{p.height}
                {p.hasAlpha ? " · cut-out" : ""}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
