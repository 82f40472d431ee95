// A valid JSON body for an API operation, built from the Zod schema its
// route validates with (the endpoint declaration), with every field that
// names a record set to the owner's id, so that the body is an attack from
// another user. Starts from the schema's documented example when it has one.
import { z } from "zod";

type IdFor = (field: string) => string | string[] | undefined;

export function sampleJson(schema: z.ZodTypeAny, idFor: IdFor): unknown {
  const body = withIds(exampleOf(schema) ?? generate(schema), idFor);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new Error(`Could not build a valid body (${JSON.stringify(body)}): ${parsed.error.issues[0].path.join(".")} ${parsed.error.issues[0].message}. Give the body schema an .openapi({ example }).`);
  }
  return body;
}

function exampleOf(schema: z.ZodTypeAny): unknown {
  const metadata = (schema._def as { openapi?: { metadata?: { example?: unknown } } }).openapi?.metadata;
  return metadata?.example === undefined ? undefined : structuredClone(metadata.example);
}

function withIds(value: unknown, idFor: IdFor): unknown {
  if (Array.isArray(value)) return value.map((each) => withIds(each, idFor));
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, each]) => {
      const id = idFor(key);
      return [key, id === undefined ? withIds(each, idFor) : id];
    }),
  );
}

function generate(schema: z.ZodTypeAny): unknown {
  const example = exampleOf(schema);
  if (example !== undefined) return example;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return generate(schema.unwrap());
  if (schema instanceof z.ZodDefault) return schema._def.defaultValue();
  if (schema instanceof z.ZodEffects) return generate(schema.innerType());
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodTypeAny>;
    return Object.fromEntries(
      Object.entries(shape)
        .filter(([, field]) => !field.isOptional())
        .map(([name, field]) => [name, generate(field)]),
    );
  }
  if (schema instanceof z.ZodString) return "sample text";
  if (schema instanceof z.ZodNumber) return schema.minValue ?? 1;
  if (schema instanceof z.ZodBoolean) return false;
  if (schema instanceof z.ZodEnum) return schema.options[0];
  if (schema instanceof z.ZodLiteral) return schema.value;
  if (schema instanceof z.ZodArray) return Array.from({ length: Math.max(1, schema._def.minLength?.value ?? 1) }, () => generate(schema.element));
  if (schema instanceof z.ZodDiscriminatedUnion || schema instanceof z.ZodUnion) return generate(schema.options[0]);
  return null;
}
