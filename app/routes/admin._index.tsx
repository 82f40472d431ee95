// Every account: balance, generations, state; searchable by email.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Pager } from "~/components/pager";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { Button } from "~/components/ui/button";
import { listUsers } from "~/modules/admin/users.server";
import { requireAdmin } from "~/modules/auth/admin.server";
import { dateTimeFormat } from "~/utils/misc";

const SearchSchema = z.object({
  q: z.string().trim().max(254).catch(""),
  page: z.coerce.number().int().min(1).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  const { q, page } = SearchSchema.parse({ q: params.get("q") ?? "", page: params.get("page") ?? 1 });
  return json(await listUsers({ query: q, page }));
}

export default function AdminUsersRoute() {
  const { users, query, total, page, pageCount } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="users-heading" className="rounded-2xl bg-ink-900 p-6 ring-1 ring-white/5">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h2 id="users-heading" className="font-semibold">
          Users <span className="text-zinc-400">({total})</span>
        </h2>
        <Form method="get" role="search" className="flex items-end gap-2">
          <div className="flex flex-col gap-1.5">
            <label htmlFor="user-search" className="text-sm font-medium text-zinc-200">
              Search by email
            </label>
            <input
              id="user-search"
              name="q"
              type="search"
              defaultValue={query}
              className="h-10 w-64 rounded-lg bg-ink-800 px-3 text-zinc-100 ring-1 ring-white/10 focus:outline-none focus:ring-2 focus:ring-brand-400"
            />
          </div>
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </Form>
      </div>
      {users.length === 0 ? (
        <p className="mt-4 text-sm text-zinc-400">{query ? `No account's email contains “${query}”.` : "No accounts yet."}</p>
      ) : (
        <table className="mt-4 w-full text-left text-sm">
          <thead className="text-zinc-400">
            <tr>
              <th scope="col" className="py-2 font-medium">Email</th>
              <th scope="col" className="py-2 text-right font-medium">Balance</th>
              <th scope="col" className="py-2 text-right font-medium">Generations</th>
              <th scope="col" className="py-2 font-medium">Created (UTC)</th>
              <th scope="col" className="py-2 font-medium">State</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} className="border-t border-white/5" data-testid="admin-user-row">
                <td className="py-2">
                  <Link to={`/admin/users/${user.id}`} className="text-brand-400 hover:text-brand-300">
                    {user.email}
                  </Link>
                </td>
                <td className="py-2 text-right tabular-nums">{user.credits}</td>
                <td className="py-2 text-right tabular-nums">{user.generationCount}</td>
                <td className="py-2 text-zinc-400">{dateTimeFormat.format(new Date(user.createdAt))}</td>
                <td className="py-2">{user.disabledAt ? <span className="text-red-300">Disabled</span> : <span className="text-zinc-400">Active</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} pageCount={pageCount} label="User pages" />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
