/**
 * A small JSON Schema validator for the subset structured outputs use: type, properties,
 * required, enum, items, additionalProperties (boolean or schema), const. Unknown keywords are
 * ignored. Returns the first few errors with JSON-pointer-like paths.
 */
import type { JsonSchema } from "@/lib/schemas/openai-chat";

const MAX_ERRORS = 5;
const MAX_DEPTH = 32;

/** Validates `value` against `schema`; an empty array means valid. */
export function validateJsonSchema(schema: JsonSchema, value: unknown): string[] {
  const errors: string[] = [];
  visitSchema(schema, value, "$", errors, 0);
  return errors;
}

function visitSchema(
  schema: JsonSchema,
  value: unknown,
  path: string,
  errors: string[],
  depth: number,
): void {
  if (errors.length >= MAX_ERRORS) return;
  if (depth > MAX_DEPTH) {
    errors.push(`${path}: too deep`);
    return;
  }
  const type = schema.type;
  if (type !== undefined && !matchesAnyType(type, value)) {
    errors.push(`${path}: expected ${JSON.stringify(type)}`);
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => deepEqual(option, value))) {
    errors.push(`${path}: not one of the enum values`);
  }
  if ("const" in schema && !deepEqual(schema.const, value)) errors.push(`${path}: not the const`);
  if (isObject(value)) visitObject(schema, value, path, errors, depth);
  if (Array.isArray(value) && isObject(schema.items)) {
    const items = schema.items;
    value.forEach((item, i) => visitSchema(items, item, `${path}[${i}]`, errors, depth + 1));
  }
}

function visitObject(
  schema: JsonSchema,
  value: Record<string, unknown>,
  path: string,
  errors: string[],
  depth: number,
): void {
  const properties = isObject(schema.properties) ? schema.properties : {};
  if (Array.isArray(schema.required)) {
    for (const key of schema.required) {
      if (typeof key === "string" && !(key in value)) errors.push(`${path}.${key}: required`);
    }
  }
  for (const [key, child] of Object.entries(value)) {
    const propertySchema = properties[key];
    if (isObject(propertySchema)) {
      visitSchema(propertySchema, child, `${path}.${key}`, errors, depth + 1);
    } else if (schema.additionalProperties === false) {
      errors.push(`${path}.${key}: additional property`);
    } else if (isObject(schema.additionalProperties)) {
      visitSchema(schema.additionalProperties, child, `${path}.${key}`, errors, depth + 1);
    }
  }
}

function matchesAnyType(type: unknown, value: unknown): boolean {
  if (Array.isArray(type)) return type.some((one) => matchesType(one, value));
  return matchesType(type, value);
}

function matchesType(type: unknown, value: unknown): boolean {
  switch (type) {
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    default:
      return true;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
