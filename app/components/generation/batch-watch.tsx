// What keeps a person company during a batch that takes minutes: a clock
// that moves, progress in the tab title for someone reading another tab, and
// a browser notification when it ends, asked for only on request.
import { useEffect, useRef, useState } from "react";
import { Button } from "~/components/ui/button";

/** Milliseconds since `since`, ticking every second while `running`; null until the page is live (no server/client mismatch). */
export function useElapsed(since: string, running: boolean) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now === null ? null : now - new Date(since).getTime();
}

/** "(3/9) iPhone review · Thumbsmith" in the tab while the batch runs; the page's own title again afterwards. */
export function useProgressTitle(done: number, total: number, running: boolean) {
  useEffect(() => {
    if (!running) return;
    const original = document.title;
    document.title = `(${done}/${total}) ${original}`;
    return () => {
      document.title = original;
    };
  }, [done, total, running]);
}

type Permission = "default" | "granted" | "denied" | "unsupported";

function currentPermission(): Permission {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

/**
 * "Notify me": asks the browser for permission only when clicked, then shows
 * one notification when this batch ends while the page is open.
 */
export function NotifyWhenDone({ running, summary }: { running: boolean; summary: string }) {
  const [permission, setPermission] = useState<Permission>("unsupported");
  const [wanted, setWanted] = useState(false);
  const wasRunning = useRef(running);
  useEffect(() => setPermission(currentPermission()), []);

  useEffect(() => {
    if (wasRunning.current && !running && wanted && currentPermission() === "granted") {
      new Notification("Thumbsmith: your batch is ready", { body: summary, tag: "thumbsmith-batch" });
    }
    wasRunning.current = running;
  }, [running, wanted, summary]);

  if (!running || permission === "unsupported") return null;
  if (permission === "denied") {
    return <span className="text-xs text-zinc-500">Notifications are blocked for this site in your browser.</span>;
  }
  if (wanted) return <span className="text-xs text-zinc-400">You will get a notification when it is done.</span>;
  return (
    <Button
      type="button"
      size="sm"
      variant="ghost"
      onClick={async () => {
        const answer = permission === "granted" ? "granted" : await Notification.requestPermission();
        setPermission(answer);
        setWanted(answer === "granted");
      }}
    >
      Notify me
    </Button>
  );
}
