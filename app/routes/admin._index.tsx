// Every account: balance, generations, state; searchable by email.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable, type Column } from "~/components/data-table";
import { Pager } from "~/components/pager";
import { Panel } from "~/components/panel";
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
    <Panel
      title={
        <>
          Users <span className="text-zinc-400">({total})</span>
        </>
      }
      titleId="users-heading"
      headerClassName="items-end gap-4"
      aside={
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
      }
    >
      {users.length === 0 ? (
        <p className="mt-4 text-sm text-zinc-400">{query ? `No account's email contains “${query}”.` : "No accounts yet."}</p>
      ) : (
        <DataTable rows={users} columns={userColumns} rowKey={(user) => user.id} rowTestId="admin-user-row" />
      )}
      <Pager page={page} pageCount={pageCount} label="User pages" />
    </Panel>
  );
}

type UserRow = ReturnType<typeof useLoaderData<typeof loader>>["users"][number];

const userColumns: Column<UserRow>[] = [
  {
    header: "Email",
    cell: (user) => (
      <Link to={`/admin/users/${user.id}`} className="text-brand-400 hover:text-brand-300">
        {user.email}
      </Link>
    ),
  },
  { header: "Balance", align: "right", className: "tabular-nums", cell: (user) => user.credits },
  { header: "Generations", align: "right", className: "tabular-nums", cell: (user) => user.generationCount },
  { header: "Created (UTC)", className: "text-zinc-400", cell: (user) => dateTimeFormat.format(new Date(user.createdAt)) },
  { header: "State", cell: (user) => (user.disabledAt ? <span className="text-red-300">Disabled</span> : <span className="text-zinc-400">Active</span>) },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
