import { Panel } from "~/components/panel";
import { LegibilityChecks } from "~/components/thumbnails/legibility-checks";
import type { EditorData } from "./types";

export function ChecksPanel({ checks }: { checks: EditorData["checks"] }) {
  return (
    <Panel title="Legibility of the saved version" titleId="checks-heading" className="flex flex-col gap-3">
      {checks ? <LegibilityChecks checks={checks} /> : <p className="text-sm text-zinc-400">The checks could not be measured.</p>}
    </Panel>
  );
}
