// The admin area's frame, for the accounts in ADMIN_EMAILS; everyone else
// gets 404. Each child route checks requireAdmin itself: Remix runs the
// loaders of a page in parallel, so this one guards only its own data.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { PageHeader } from "~/components/page-header";
import { requireAdmin } from "~/modules/auth/admin.server";
import { cn } from "~/utils/misc";

export const meta: MetaFunction = () => [{ title: "Admin · Thumbsmith" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json({});
}

const sections = [
  { to: "/admin", label: "Users", end: true },
  { to: "/admin/generations", label: "Generations", end: false },
  { to: "/admin/providers", label: "Providers", end: false },
];

export default function AdminLayout() {
  return (
    <>
      <PageHeader title="Admin" description="Accounts, generations and providers of this Thumbsmith." />
      <nav aria-label="Admin sections" className="mb-6 inline-flex items-center gap-1 rounded-xl bg-ink-800 p-1 ring-1 ring-white/5">
        {sections.map((section) => (
          <NavLink
            key={section.to}
            to={section.to}
            end={section.end}
            className={({ isActive }) =>
              cn(
                "rounded-lg px-4 py-1.5 text-sm font-medium text-zinc-400 transition-colors hover:text-white",
                isActive && "bg-ink-700 text-white shadow",
              )
            }
          >
            {section.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
