// The workflow ComfyUI runs: the shipped Qwen-Image-Edit one is a complete
// API-format graph with its placeholders; filling it in walks the nodes'
// inputs; a self-hoster's workflow without the placeholders stops the start.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { parseEnv, readComfyuiSettings } from "~/utils/env.server";
import { ProviderUnavailableError } from "../provider";
import type { ComfyuiConfig } from "./comfyui-config.server";
import { comfyuiEntry } from "./comfyui-entry.server";
import { createComfyuiProvider } from "./comfyui-provider.server";
import { fillWorkflow, loadComfyuiWorkflow, seedFor, type ComfyuiWorkflow } from "./comfyui-workflow.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thumbsmith-comfyui-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeWorkflow(name: string, content: unknown) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

const nodeOf = (workflow: ComfyuiWorkflow, classType: string) => Object.values(workflow).filter((node) => node.class_type === classType);

describe("the shipped workflow", () => {
  const workflow = loadComfyuiWorkflow(undefined);

  test("is Qwen-Image-Edit in API format: loaders, the portrait, the edit prompt, sampler, decode, save", () => {
    for (const classType of ["UNETLoader", "CLIPLoader", "VAELoader", "LoadImage", "TextEncodeQwenImageEdit", "KSampler", "VAEDecode", "SaveImage"]) {
      expect(nodeOf(workflow, classType).length, classType).toBeGreaterThan(0);
    }
    expect(nodeOf(workflow, "UNETLoader")[0].inputs.unet_name).toBe("qwen_image_edit_fp8_e4m3fn.safetensors");
    expect(nodeOf(workflow, "CLIPLoader")[0].inputs).toMatchObject({ clip_name: "qwen_2.5_vl_7b_fp8_scaled.safetensors", type: "qwen_image" });
    expect(nodeOf(workflow, "VAELoader")[0].inputs.vae_name).toBe("qwen_image_vae.safetensors");
    // Every link ([node id, output index]) points at a node of the graph.
    for (const node of Object.values(workflow)) {
      for (const value of Object.values(node.inputs)) if (Array.isArray(value)) expect(workflow[value[0] as string], JSON.stringify(value)).toBeDefined();
    }
  });

  test("holds the placeholders where they belong: the edit prompt, LoadImage's image and the sampler's seed", () => {
    const [positive] = nodeOf(workflow, "TextEncodeQwenImageEdit").filter((node) => node.inputs.prompt === "{{prompt}}");
    expect(positive).toBeDefined();
    expect(nodeOf(workflow, "LoadImage")[0].inputs.image).toBe("{{image}}");
    expect(nodeOf(workflow, "KSampler")[0].inputs.seed).toBe("{{seed}}");
  });
});

describe("filling in a workflow", () => {
  const workflow = loadComfyuiWorkflow(undefined);
  const before = JSON.stringify(workflow);
  // Quotes, a newline, a backslash and a placeholder's spelling inside the text: carried as they are.
  const prompt = 'A "bold" scene,\nwith a \\ and the words {{image}} and {{seed}}';
  const filled = fillWorkflow(workflow, { prompt, image: "thumbsmith/gen-1.jpg", seed: 123456789 });

  test("writes the prompt, the image's name and the seed into the nodes' inputs, and leaves the shipped one untouched", () => {
    expect(nodeOf(filled, "TextEncodeQwenImageEdit").map((node) => node.inputs.prompt)).toEqual([prompt, ""]);
    expect(nodeOf(filled, "LoadImage")[0].inputs.image).toBe("thumbsmith/gen-1.jpg");
    expect(nodeOf(filled, "KSampler")[0].inputs.seed).toBe(123456789);
    expect(JSON.stringify(workflow)).toBe(before);
    // The links are kept as links.
    expect(nodeOf(filled, "KSampler")[0].inputs.positive).toEqual(nodeOf(workflow, "KSampler")[0].inputs.positive);
  });

  test("a placeholder inside a longer text is filled too; text written in is never read again", () => {
    const custom: ComfyuiWorkflow = {
      "1": { class_type: "CLIPTextEncode", inputs: { text: "cinematic, {{prompt}}, 4k" } },
      "2": { class_type: "LoadImage", inputs: { image: "{{image}}" } },
    };
    const out = fillWorkflow(custom, { prompt: "say {{image}}", image: "p.png", seed: 1 });
    expect(out["1"].inputs.text).toBe("cinematic, say {{image}}, 4k");
    expect(out["2"].inputs.image).toBe("p.png");
  });

  test("seeds: the same for the same cell, different between cells, whole numbers ComfyUI takes", () => {
    expect(seedFor("g1", "a")).toBe(seedFor("g1", "a"));
    expect(seedFor("g1", "a")).not.toBe(seedFor("g1", "b"));
    expect(seedFor("g1", "a")).not.toBe(seedFor("g2", "a"));
    expect(Number.isSafeInteger(seedFor("g1", "a"))).toBe(true);
  });
});

describe("COMFYUI_WORKFLOW, the self-hoster's own workflow", () => {
  const withoutPrompt = {
    "1": { class_type: "LoadImage", inputs: { image: "{{image}}" } },
    "2": { class_type: "CLIPTextEncode", inputs: { text: "a fixed prompt", clip: ["3", 0] } },
  };

  test("without the placeholders it stops the start, saying which is missing and where it goes", () => {
    const file = writeWorkflow("no-prompt.json", withoutPrompt);
    expect(() => parseEnv({ DATA_DIR: dir, COMFYUI_WORKFLOW: file })).toThrow(
      `COMFYUI_WORKFLOW: COMFYUI_WORKFLOW (${file}) cannot be used: no node input holds {{prompt}} (put "{{prompt}}" in the prompt node's text and "{{image}}" as the LoadImage node's image)`,
    );
    const neither = writeWorkflow("neither.json", { "1": { class_type: "KSampler", inputs: { seed: 1 } } });
    expect(() => parseEnv({ DATA_DIR: dir, COMFYUI_WORKFLOW: neither })).toThrow("no node input holds {{prompt}} or {{image}}");
  });

  test("a file that is not an API-format workflow stops the start with the reason", () => {
    const editor = writeWorkflow("editor.json", { nodes: [], links: [], version: 0.4 });
    expect(() => parseEnv({ DATA_DIR: dir, COMFYUI_WORKFLOW: editor })).toThrow("it is in the editor's format; save it from ComfyUI with Workflow > Export (API)");
    expect(() => parseEnv({ DATA_DIR: dir, COMFYUI_WORKFLOW: writeWorkflow("broken.json", "{ not json") })).toThrow("it is not JSON");
    expect(() => parseEnv({ DATA_DIR: dir, COMFYUI_WORKFLOW: path.join(dir, "missing.json") })).toThrow("it cannot be read");
    expect(() => parseEnv({ DATA_DIR: dir, COMFYUI_WORKFLOW: writeWorkflow("no-class.json", { "1": { inputs: {} } }) })).toThrow("node 1 has no class_type and inputs");
  });

  test("with the placeholders it is accepted, and the provider runs it instead of the shipped one", () => {
    const file = writeWorkflow("mine.json", { ...withoutPrompt, "2": { class_type: "CLIPTextEncode", inputs: { text: "{{prompt}}", clip: ["3", 0] } } });
    expect(parseEnv({ DATA_DIR: dir, COMFYUI_WORKFLOW: file }).COMFYUI_WORKFLOW).toBe(file);
    expect(loadComfyuiWorkflow(file)["2"].inputs.text).toBe("{{prompt}}");
  });

  test("a file changed after start to lose its placeholders is refused when ComfyUI is used, stopping the batch", () => {
    const file = writeWorkflow("changed.json", withoutPrompt);
    const config = { ...readComfyuiSettings({ COMFYUI_URL: "http://127.0.0.1:9" }), COMFYUI_WORKFLOW: file } as ComfyuiConfig;
    expect(() => createComfyuiProvider(config)).toThrow(ProviderUnavailableError);
    expect(() => createComfyuiProvider(config)).toThrow("no node input holds {{prompt}}");
  });
});

describe("the registry entry", () => {
  afterEach(() => {
    delete process.env.COMFYUI_URL;
    delete process.env.COMFYUI_WORKFLOW;
  });

  test("is configured by COMFYUI_URL, draws scenes, and names its server and workflow for the admin page", () => {
    expect(comfyuiEntry.isConfigured()).toBe(false);
    expect(comfyuiEntry.setting?.()).toBeNull();
    process.env.COMFYUI_URL = "http://192.168.1.20:8188";
    expect(comfyuiEntry.isConfigured()).toBe(true);
    expect(comfyuiEntry.drawsScenes).toBe(true);
    expect(comfyuiEntry.setting?.()).toBe("http://192.168.1.20:8188, workflow: Qwen-Image-Edit (shipped)");
    // A LAN address is the point: it is not refused as kie.ai's result links would be.
    expect(() => comfyuiEntry.create()).not.toThrow();
  });
});
