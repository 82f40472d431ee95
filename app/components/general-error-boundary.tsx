import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const messages: Record<number, string> = {
  400: "That request did not make sense to us.",
  403: "You are not allowed to do that.",
  404: "We could not find that page. It may have been deleted, or it belongs to someone else.",
  429: "Too many requests. Wait a minute and try again.",
};

/** The one error view every route uses. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const detail =
    isRouteErrorResponse(error) && typeof error.data === "string" && status < 500 ? error.data : null;
  if (status >= 500) console.error(error);
  return (
    <div className="mx-auto flex max-w-lg flex-col items-center gap-4 py-24 text-center">
      <p className="text-6xl font-black text-brand-500">{status}</p>
      <h1 className="text-2xl font-bold">{messages[status] ?? "Something went wrong on our side."}</h1>
      {detail && detail !== messages[status] ? <p className="text-zinc-400">{detail}</p> : null}
      <Link to="/" className="text-brand-400 underline underline-offset-4 hover:text-brand-300">
        Back to the start
      </Link>
    </div>
  );
}
