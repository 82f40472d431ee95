// The workflow ComfyUI runs for each thumbnail: the shipped Qwen-Image-Edit
// one (qwen-image-edit.workflow.json) or the self-hoster's own
// (COMFYUI_WORKFLOW), in ComfyUI's API format. Thumbsmith fills it in by
// walking its nodes' inputs, never by pasting text into JSON: a string input
// holding {{prompt}} or {{image}} gets the cell's prompt or the uploaded
// portrait's name written over the placeholder, and an input that is exactly
// {{seed}} becomes the cell's seed (a number). The rules a workflow must meet
// are the setting's own (env.server.ts), so a bad file stops the start.
import crypto from "node:crypto";
import { COMFYUI_PLACEHOLDERS, comfyuiWorkflowProblem, readComfyuiWorkflowFile } from "~/utils/env.server";
import shipped from "./qwen-image-edit.workflow.json";

export type ComfyuiWorkflow = Record<string, { class_type: string; inputs: Record<string, unknown>; _meta?: unknown }>;

/** The workflow to run: the file COMFYUI_WORKFLOW names, or the shipped one. Throws with the reason a file cannot be used. */
export function loadComfyuiWorkflow(path: string | undefined): ComfyuiWorkflow {
  if (path) return readComfyuiWorkflowFile(path) as ComfyuiWorkflow;
  const problem = comfyuiWorkflowProblem(shipped);
  if (problem) throw new Error(`the shipped ComfyUI workflow cannot be used: ${problem}`);
  return shipped as ComfyuiWorkflow;
}

export type WorkflowValues = { prompt: string; image: string; seed: number };

const TEXT_PLACEHOLDER = /\{\{(prompt|image)\}\}/g;

/**
 * A copy of the workflow with the cell's values in place of the
 * placeholders. One pass over each string: text written in (a prompt that
 * happens to contain "{{image}}") is never read as a placeholder again.
 */
export function fillWorkflow(workflow: ComfyuiWorkflow, values: WorkflowValues): ComfyuiWorkflow {
  const filled: ComfyuiWorkflow = {};
  for (const [id, node] of Object.entries(workflow)) {
    const inputs: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(node.inputs)) {
      if (value === COMFYUI_PLACEHOLDERS.seed) inputs[name] = values.seed;
      else if (typeof value === "string") inputs[name] = value.replace(TEXT_PLACEHOLDER, (_match, key: "prompt" | "image") => values[key]);
      else inputs[name] = structuredClone(value);
    }
    filled[id] = { ...structuredClone(node), inputs };
  }
  return filled;
}

/**
 * A cell's seed: the same for the same generation and prompt (a resumed or
 * repeated cell asks for the same picture), different between cells. Within
 * ComfyUI's seed range (0 to 2^53 - 1 is safe for JSON and for it).
 */
export function seedFor(generationId: string, prompt: string) {
  const digest = crypto.createHash("sha256").update(`${generationId}\n${prompt}`).digest();
  return digest.readUIntBE(0, 6);
}
