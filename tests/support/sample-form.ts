// Valid forms for an action, built from the Zod schema the action itself
// parses (exported by the route as ActionSchema), one per intent. A form the
// schema refuses would be stopped by validation before any ownership check,
// so the forms are checked with the same parser the routes use.
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";

export type SampleForm = { intent: string | null; fields: Record<string, string> };

/**
 * One valid form per intent of a discriminated union on `intent`, or one form
 * for a plain object schema. `idFor(field)` gives the value of fields that name
 * a record (thumbnailId, portraitId...): the owner's, so the form is an attack.
 */
export function sampleForms(schema: unknown, idFor: (field: string) => string | undefined): SampleForm[] {
  const root = unwrap(schema);
  const objects =
    root instanceof z.ZodDiscriminatedUnion
      ? (root.options as z.ZodObject<z.ZodRawShape>[])
      : root instanceof z.ZodObject
        ? [root as z.ZodObject<z.ZodRawShape>]
        : null;
  if (!objects) throw new Error(`ActionSchema must be a z.object or a z.discriminatedUnion("intent", ...), got ${describe(root)}`);
  if (root instanceof z.ZodDiscriminatedUnion && root.discriminator !== "intent") {
    throw new Error(`ActionSchema discriminates on "${root.discriminator}"; the route-security test expects "intent"`);
  }
  return objects.map((object) => {
    const fields: Record<string, string> = {};
    for (const [name, field] of Object.entries(object.shape)) {
      const value = sampleValue(name, field, idFor);
      if (value !== undefined) fields[name] = value;
    }
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    const parsed = parseWithZod(form, { schema: schema as z.ZodTypeAny });
    if (parsed.status !== "success") {
      throw new Error(`Could not build a valid form for ${JSON.stringify(fields)}: ${JSON.stringify(parsed.error)}`);
    }
    return { intent: fields.intent ?? null, fields };
  });
}

function sampleValue(name: string, schema: z.ZodTypeAny, idFor: (field: string) => string | undefined): string | undefined {
  // Optional fields are left out: the smallest valid form is the clearest attack.
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable) return undefined;
  const id = idFor(name);
  if (id !== undefined) return id;
  const inner = unwrap(schema);
  if (inner instanceof z.ZodLiteral) return String(inner.value);
  if (inner instanceof z.ZodEnum) return String(inner.options[0]);
  if (inner instanceof z.ZodNativeEnum) return String(Object.values(inner.enum)[0]);
  if (inner instanceof z.ZodBoolean) return "on";
  // A list of checkboxes: one ticked is the smallest valid form.
  if (inner instanceof z.ZodArray) return sampleValue(name, inner.element, idFor);
  if (inner instanceof z.ZodNumber) return String(inner.minValue ?? 0);
  if (inner instanceof z.ZodString) {
    if (inner.isEmail) return "someone@example.com";
    if (inner.isURL) return "https://example.com/";
    const text = "from a stranger";
    const min = inner.minLength ?? 0;
    const max = inner.maxLength ?? text.length;
    return text.padEnd(min, "x").slice(0, Math.max(max, min));
  }
  throw new Error(`No sample value for field "${name}" (${describe(inner)}): teach tests/support/sample-form.ts this type`);
}

/** Every field name the schema knows, in any of its intents, optional ones included. */
export function formFieldNames(schema: unknown): string[] {
  const root = unwrap(schema);
  const objects = root instanceof z.ZodDiscriminatedUnion ? (root.options as z.ZodObject<z.ZodRawShape>[]) : root instanceof z.ZodObject ? [root] : [];
  return [...new Set(objects.flatMap((object) => Object.keys((object as z.ZodObject<z.ZodRawShape>).shape)))];
}

/** The schema under refinements, transforms, pipes, defaults and optionality. */
function unwrap(schema: unknown): z.ZodTypeAny {
  let current = schema as z.ZodTypeAny;
  for (;;) {
    if (current instanceof z.ZodEffects) current = current.innerType();
    else if (current instanceof z.ZodPipeline) current = current._def.in;
    else if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap();
    else if (current instanceof z.ZodDefault) current = current.removeDefault();
    else if (current instanceof z.ZodBranded) current = current.unwrap();
    else return current;
  }
}

function describe(schema: z.ZodTypeAny | undefined) {
  return (schema?._def as { typeName?: string } | undefined)?.typeName ?? typeof schema;
}
