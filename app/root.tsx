import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useRouteLoaderData,
  useSubmit,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { useToast } from "~/components/toaster";
import { MenuIcon } from "~/components/icons";
import { Button } from "~/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "~/components/ui/dropdown-menu";
import { Tooltip, TooltipProvider } from "~/components/ui/tooltip";
import { isAdminEmail } from "~/modules/auth/admin.server";
import { getSignedInUser, SESSION_CHECK_PATH } from "~/modules/auth/auth.server";
import { hasYoutubeChannel } from "~/modules/youtube/youtube-connection.server";
import { cn, formatCredits } from "~/utils/misc";
import { useNonce } from "~/utils/nonce-provider";
import { getToast } from "~/utils/toast.server";
import tailwindHref from "./styles/tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: tailwindHref },
  // Icons and manifest are drawn by scripts/make-icons.ts.
  { rel: "icon", href: "/favicon.ico", sizes: "32x32" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "apple-touch-icon", href: "/apple-touch-icon.png" },
  { rel: "manifest", href: "/site.webmanifest" },
];

export const meta: MetaFunction = () => [
  { title: "Thumbsmith: YouTube thumbnails from your portrait" },
  { name: "description", content: "Turn a portrait and a few keywords into a batch of YouTube-ready thumbnails." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  // /session-check only redirects, but in a client navigation this loader
  // runs for it too: reading the toast there would take it from the page it leads to.
  const passingThrough = new URL(request.url).pathname === SESSION_CHECK_PATH;
  const [signedIn, { toast, headers: toastHeaders }] = await Promise.all([
    getSignedInUser(request),
    passingThrough ? { toast: null, headers: null } : getToast(request),
  ]);
  const headers = new Headers();
  for (const source of [signedIn.headers, toastHeaders]) {
    for (const cookie of source?.getSetCookie() ?? []) headers.append("Set-Cookie", cookie);
  }
  const user = signedIn.user
    ? { ...signedIn.user, isAdmin: isAdminEmail(signedIn.user.email), hasYoutubeChannel: await hasYoutubeChannel(signedIn.user.id) }
    : null;
  return json({ user, toast }, { headers });
}

export type RootLoaderData = typeof loader;

const navigation = [
  { to: "/generate", label: "Generate" },
  { to: "/gallery", label: "Gallery" },
  { to: "/compare", label: "Compare" },
  { to: "/portraits", label: "Portraits" },
  { to: "/account", label: "Account" },
];

function Logo() {
  return (
    <Link to="/" className="flex items-center gap-2 text-lg font-black tracking-tight">
      <span aria-hidden className="grid h-8 w-8 place-items-center rounded-lg bg-brand-500 text-white shadow-lg shadow-brand-500/30">
        ▶
      </span>
      Thumbsmith
    </Link>
  );
}

function Header() {
  const data = useRouteLoaderData<RootLoaderData>("root");
  const user = data?.user;
  const items = [
    ...navigation.slice(0, 3),
    ...(user?.hasYoutubeChannel ? [{ to: "/videos", label: "Videos" }] : []),
    ...navigation.slice(3),
    ...(user?.isAdmin ? [{ to: "/admin", label: "Admin" }] : []),
  ];
  return (
    <header className="sticky top-0 z-40 border-b border-white/5 bg-ink-950/80 backdrop-blur">
      <div className="mx-auto flex h-16 max-w-6xl items-center gap-3 px-4 lg:gap-6">
        <Logo />
        {user ? (
          <>
            <nav aria-label="Main" className="hidden items-center gap-1 lg:flex">
              {items.map((item) => (
                <NavLink
                  key={item.to}
                  to={item.to}
                  className={({ isActive }) =>
                    cn(
                      "rounded-lg px-3 py-2 text-sm font-medium text-zinc-300 transition-colors hover:text-white",
                      isActive && "bg-white/5 text-white",
                    )
                  }
                >
                  {item.label}
                </NavLink>
              ))}
            </nav>
            <div className="ml-auto flex items-center gap-3">
              <Tooltip content="Each generation spends credits; a failed one gives them back.">
                <Link
                  to="/account"
                  data-testid="credit-balance"
                  className="whitespace-nowrap rounded-full bg-brand-500/15 px-3 py-1 text-sm font-semibold text-brand-200 ring-1 ring-brand-500/30"
                >
                  {formatCredits(user.credits)}
                </Link>
              </Tooltip>
              <span className="hidden text-sm text-zinc-300 xl:inline">{user.email}</span>
              <Form method="post" action="/logout" className="hidden lg:block">
                <Button type="submit" variant="ghost" size="sm">
                  Log out
                </Button>
              </Form>
              <PhoneMenu items={items} email={user.email} />
            </div>
          </>
        ) : (
          <div className="ml-auto flex items-center gap-2">
            <Button asChild variant="ghost" size="sm">
              <Link to="/login">Log in</Link>
            </Button>
            <Button asChild size="sm">
              <Link to="/signup">Sign up</Link>
            </Button>
          </div>
        )}
      </div>
    </header>
  );
}

/** Below the lg breakpoint the navigation and Log out fold into one menu; the balance stays in the bar. */
function PhoneMenu({ items, email }: { items: { to: string; label: string }[]; email: string }) {
  const submit = useSubmit();
  const { pathname } = useLocation();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label="Menu" className="lg:hidden">
          <MenuIcon width={22} height={22} />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent className="w-64 max-w-[calc(100vw-2rem)]">
        <DropdownMenuLabel className="truncate">{email}</DropdownMenuLabel>
        <DropdownMenuSeparator />
        {items.map((item) => {
          const current = pathname === item.to || pathname.startsWith(`${item.to}/`);
          return (
            <DropdownMenuItem key={item.to} asChild>
              <Link to={item.to} aria-current={current ? "page" : undefined} className={cn(current && "font-semibold text-white")}>
                {item.label}
              </Link>
            </DropdownMenuItem>
          );
        })}
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => submit(null, { method: "post", action: "/logout" })}>Log out</DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b0d12" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        <TooltipProvider delayDuration={200}>
          <Header />
          <main className="mx-auto max-w-6xl px-4 pb-24">{children}</main>
        </TooltipProvider>
        <Toaster theme="dark" closeButton richColors />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { toast } = useLoaderData<typeof loader>();
  useToast(toast);
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
