import { Form } from "@remix-run/react";
import { ErrorList } from "~/components/forms";
import { Panel } from "~/components/panel";
import { Button } from "~/components/ui/button";
import { Tooltip } from "~/components/ui/tooltip";
import { cn, dateTimeFormat } from "~/utils/misc";
import type { EditorActionData, EditorData } from "./types";

/** Every saved version, the current one marked, with a revert for each other one and "Undo last save". */
export function VersionsPanel({ editor, reverting, result }: { editor: EditorData; reverting: boolean; result?: EditorActionData["result"] }) {
  const { versions } = editor;
  const canUndo = versions.some((v) => v.number < editor.version);
  const errors = result?.error ? Object.values(result.error).flat() : undefined;
  return (
    <Panel
      title="Versions"
      titleId="versions-heading"
      className="flex flex-col gap-4"
      aside={
        <Form method="post">
          <Tooltip content={canUndo ? "Go back to the version before this one" : "There is no earlier version yet"}>
            <Button type="submit" name="intent" value="revert" variant="secondary" size="sm" aria-disabled={!canUndo || reverting} onClick={(e) => (!canUndo || reverting) && e.preventDefault()}>
              Undo last save
            </Button>
          </Tooltip>
        </Form>
      }
    >
      <ErrorList errors={errors} />
      <ol aria-label="Versions" className="flex flex-col gap-2">
        {versions.map((version) => {
          const current = version.number === editor.version;
          return (
            <li key={version.number} className={cn("flex flex-wrap items-center justify-between gap-2 rounded-lg px-3 py-2", current ? "bg-white/5" : null)}>
              <span className="text-sm">
                <span className="font-medium">Version {version.number}</span>
                <span className="text-zinc-400"> · {version.createdAt ? `${dateTimeFormat.format(new Date(version.createdAt))} UTC` : "as generated"}</span>
                {current ? <span className="ml-2 rounded bg-brand-500/20 px-1.5 text-xs font-semibold text-brand-300">Current</span> : null}
              </span>
              {current ? null : (
                <Form method="post">
                  <input type="hidden" name="version" value={version.number} />
                  <Button type="submit" name="intent" value="revert" variant="ghost" size="sm" disabled={reverting}>
                    Revert to this version<span className="sr-only"> (version {version.number})</span>
                  </Button>
                </Form>
              )}
            </li>
          );
        })}
      </ol>
    </Panel>
  );
}
