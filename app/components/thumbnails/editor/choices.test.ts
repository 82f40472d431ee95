// The editor's table of choices offers what the server accepts: each radio
// group every value of its field, in the schema's order, and no other; each
// slider ends where the schema does; a cut-out only with a mask to cut it by.
import { describe, expect, test } from "vitest";
import { EditSchema } from "~/modules/thumbnails/edits";
import { CHOICE_GROUPS, NUDGES, optionsOf } from "./choices";

describe("the editor's choices", () => {
  test.each(CHOICE_GROUPS.map((spec) => [spec.name, spec] as const))("the %s group offers each value the server accepts", (name, spec) => {
    const accepted = EditSchema.shape[name].options;
    expect(optionsOf(spec, { hasCutout: true }, accepted[0]).map((o) => o.value)).toEqual(accepted);
    for (const { label } of optionsOf(spec, { hasCutout: true }, accepted[0])) expect(label).toMatch(/^[A-Z]/);
  });

  test.each(NUDGES.map((nudge) => [nudge.name, nudge] as const))("the %s slider ends where the server's range does", (name, nudge) => {
    const field = EditSchema.shape[name];
    expect(field.safeParse(nudge.min).success).toBe(true);
    expect(field.safeParse(nudge.max).success).toBe(true);
    expect(field.safeParse(nudge.min - nudge.step).success).toBe(false);
    expect(field.safeParse(nudge.max + nudge.step).success).toBe(false);
  });

  test("a cut-out is offered when the portrait has a mask, or when it is already the choice", () => {
    const person = CHOICE_GROUPS.find((spec) => spec.name === "treatment")!;
    const values = (hasCutout: boolean, chosen: string) => optionsOf(person, { hasCutout }, chosen).map((o) => o.value);
    expect(values(false, "circle")).toEqual(["circle", "rounded"]);
    expect(values(true, "circle")).toEqual(["cutout", "circle", "rounded"]);
    expect(values(false, "cutout")).toEqual(["cutout", "circle", "rounded"]);
  });

  test("the text's groups come before the person's, and a plate keeps only the text position to choose", () => {
    expect(CHOICE_GROUPS.map((spec) => `${spec.section}:${spec.name}:${spec.onPlate}`)).toEqual([
      "text:layout:kept",
      "text:textPosition:shown",
      "person:treatment:kept",
      "person:outline:kept",
    ]);
  });
});
