// get_thumbnail (the image, scaled for the model, and what can be edited)
// and edit_thumbnail (some of the editor's fields, saved as a new version:
// the editor page's rules, in versions.server.ts).
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { PALETTES } from "~/modules/design/palettes";
import { EditSchema } from "~/modules/thumbnails/edits";
import { EditError, getThumbnailEdits, saveThumbnailVersion } from "~/modules/thumbnails/versions.server";
import { scaleForModel } from "./image-for-model.server";
import { registerTool, toolResult, ToolRefusal, type ToolContext } from "./tool.server";

const thumbnailId = z.string().min(1).max(64).describe("A thumbnail's id, from generate_thumbnails or get_generation.");

const edit = EditSchema.partial().shape;

/** The editor's fields, each optional: what is left out stays as the current version has it. */
export const EditInput = {
  thumbnailId,
  headline: edit.headline.describe("The headline, up to 5 words; drawn in capitals."),
  accentIndex: edit.accentIndex.describe("Which word of the headline (from 0) is drawn in the accent colour."),
  layout: edit.layout.describe("Which side the person stands on."),
  textPosition: edit.textPosition.describe("Where the headline sits on the other side."),
  paletteIndex: edit.paletteIndex.describe(`The colours: ${PALETTES.map((palette, index) => `${index} ${palette.name}`).join(", ")}.`),
  backgroundKind: edit.backgroundKind.describe("The background's pattern."),
  treatment: edit.treatment.describe("How the person is shown: cut out of the photo (when the portrait has a cut-out), or in a frame."),
  outline: edit.outline.describe("The edge around the person."),
  prop: edit.prop.describe("A picture of the topic beside the headline, when the keywords name one."),
  scale: edit.scale.describe("The person's size (1 is as planned)."),
  offsetX: edit.offsetX.describe("Moves the person sideways, in pixels of the 1280x720 thumbnail."),
  offsetY: edit.offsetY.describe("Moves the person up (negative) or down, in pixels."),
  topicPlace: edit.topicPlace.describe("Where the batch's topic image goes, if it has one, or off."),
};

const notYours = (id: string) => new ToolRefusal(`No finished thumbnail of yours has the id ${id}.`);

export function registerThumbnailTools(server: McpServer, context: ToolContext) {
  registerTool(server, context, {
    name: "get_thumbnail",
    title: "Look at a thumbnail",
    description:
      "The thumbnail's current version as an image (640x360 JPEG, half size), with its headline, its editable fields (their current values, for edit_thumbnail) and its legibility checks.",
    scope: "read",
    readOnly: true,
    inputSchema: { thumbnailId },
    run: async ({ thumbnailId: id }, { caller, origin }) => {
      const details = await getThumbnailEdits(caller.userId, id);
      if (!details) throw notYours(id);
      const { checks } = details;
      const image = await scaleForModel(details.jpeg);
      const data = {
        id: details.id,
        generationId: details.generationId,
        keywords: details.keywords,
        version: details.version,
        headline: details.edits?.headline ?? null,
        // Null when the image model drew the text: such a thumbnail cannot be edited.
        edits: details.edits,
        checks: checks?.map(({ label, ok, value, reason }) => ({ label, ok, value, reason })) ?? null,
        image: { width: image.width, height: image.height, mimeType: image.mimeType, fullSize: "1280x720" },
        editUrl: `${origin}/thumbnails/${details.id}/edit`,
      };
      const text = toolResult(`Thumbnail ${details.id}, version ${details.version}.`, data);
      return { ...text, content: [{ type: "image", data: image.data.toString("base64"), mimeType: image.mimeType }, ...text.content] };
    },
  });

  registerTool(server, context, {
    name: "edit_thumbnail",
    title: "Edit a thumbnail",
    description:
      "Changes some of a thumbnail's fields (headline, layout, colours, background, the person's look and place) and saves the result as a new version, which downloads and the gallery then use. Fields left out keep their current values (get_thumbnail shows them). Redrawing is free: no credits are spent.",
    scope: "edit",
    inputSchema: EditInput,
    run: async ({ thumbnailId: id, ...changes }, { caller, origin }) => {
      let saved;
      try {
        saved = await saveThumbnailVersion(caller.userId, id, changes);
      } catch (error) {
        if (error instanceof EditError) throw new ToolRefusal(error.field ? `${error.field}: ${error.message}` : error.message);
        throw error;
      }
      if (!saved) throw notYours(id);
      const summary = saved.created
        ? `Saved as version ${saved.version}. Look at it with get_thumbnail.`
        : `Nothing changed: version ${saved.version} already looks like this.`;
      return toolResult(summary, { id, version: saved.version, created: saved.created, editUrl: `${origin}/thumbnails/${id}/edit` });
    },
  });
}
