import { useState } from "react";
import { CopyIcon } from "~/components/icons";
import { Button } from "~/components/ui/button";
import { cn, dateTimeFormat } from "~/utils/misc";

const badge = "rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1";

/** Active, or disabled (the reason is shown beside it by the caller). */
export function EndpointStateBadge({ state }: { state: "active" | "disabled" }) {
  return state === "active" ? (
    <span className={cn(badge, "bg-emerald-500/15 text-emerald-300 ring-emerald-500/30")}>Active</span>
  ) : (
    <span className={cn(badge, "bg-red-500/15 text-red-300 ring-red-500/30")}>Disabled</span>
  );
}

type Delivery = { status: "pending" | "delivered" | "failed"; attempts: number; lastStatus: number | null; lastError: string | null };

const deliveryStyles = {
  delivered: "bg-emerald-500/15 text-emerald-300 ring-emerald-500/30",
  pending: "bg-sky-500/15 text-sky-300 ring-sky-500/30",
  failed: "bg-red-500/15 text-red-300 ring-red-500/30",
} as const;

/** "Delivered", "Retrying" (or "Queued" before the first attempt) or "Failed", with the receiver's last answer. */
export function DeliveryStatus({ delivery }: { delivery: Delivery }) {
  const label = delivery.status === "pending" ? (delivery.attempts === 0 ? "Queued" : "Retrying") : delivery.status === "delivered" ? "Delivered" : "Failed";
  const answer = delivery.lastStatus !== null ? `HTTP ${delivery.lastStatus}` : delivery.lastError;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span className={cn(badge, deliveryStyles[delivery.status])}>{label}</span>
      {answer && delivery.status !== "delivered" ? <span className="text-xs text-zinc-400">{answer}</span> : null}
    </span>
  );
}

export function formatWhen(date: string | null) {
  return date ? `${dateTimeFormat.format(new Date(date))} UTC` : "—";
}

/** The signing secret right after the endpoint was made: the only time it is shown. */
export function SecretReveal({ secret, url }: { secret: string; url: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <div role="status" className="rounded-xl bg-amber-500/10 p-4 text-sm ring-1 ring-amber-500/30" data-testid="webhook-secret">
      <p className="font-semibold text-amber-200">Copy the signing secret of {url} now: it is not shown again.</p>
      <p className="mt-1 text-zinc-300">Your receiver uses it to check that each request came from Thumbsmith (see the docs on verifying signatures).</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <code className="break-all rounded-lg bg-ink-950 px-3 py-2 font-mono text-xs text-zinc-100">{secret}</code>
        <Button type="button" size="sm" variant="secondary" onClick={copy}>
          <CopyIcon /> {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
