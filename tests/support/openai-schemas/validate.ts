/**
 * Validates answers against OpenAI's own response schemas (the vendored fixture beside this file;
 * see its README for the source commit). OpenAPI 3.x is not quite JSON Schema: `nullable: true`
 * is translated here, everything else (required fields, additionalProperties) is as published.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import schemas from "./chat-completions.schemas.json";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const REF_PREFIX = "#/components/schemas/";

/** OpenAPI `nullable: true` → a JSON Schema that also accepts null (recursively). */
export function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable") continue;
    if (key === "$ref" && typeof value === "string" && value.startsWith(REF_PREFIX)) {
      out.$ref = `#/$defs/${value.slice(REF_PREFIX.length)}`;
    } else out[key] = toJsonSchema(value);
  }
  if (node.nullable !== true) return out;
  // A reference or a composed schema: wrap it, since siblings cannot widen what it accepts.
  if (out.$ref !== undefined || out.anyOf !== undefined || out.oneOf !== undefined) {
    return { anyOf: [out, { type: "null" }] };
  }
  if (typeof out.type === "string") out.type = [out.type, "null"];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

export type SchemaName =
  | "CreateChatCompletionResponse"
  | "CreateChatCompletionStreamResponse"
  | "ListModelsResponse"
  | "ErrorResponse";

function buildAjv(): Ajv2020 {
  // strictSchema off: the spec carries its own annotation keywords (x-oaiMeta, x-stainless-const,
  // discriminator, deprecated), which Ajv would otherwise refuse as unknown; strictTypes off: some
  // schemas (Model) use `properties` without `type: "object"`.
  const ajv = new Ajv2020({ allErrors: true, strictSchema: false, strictTypes: false });
  ajv.addFormat("unixtime", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat("uri", (s: string) => URL.canParse(s));
  ajv.addFormat("date", (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s));
  ajv.addSchema({ $id: "openai", $defs: toJsonSchema(schemas as unknown as Json) });
  return ajv;
}

let ajv: Ajv2020 | null = null;
const compiled = new Map<SchemaName, ValidateFunction>();

function validatorOf(name: SchemaName): ValidateFunction {
  ajv ??= buildAjv();
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.compile({ $ref: `openai#/$defs/${name}` });
    compiled.set(name, validate);
  }
  return validate;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`)
    .join("; ");
}

/** The schema errors of `value` as readable lines; [] when it is valid. */
export function schemaErrors(name: SchemaName, value: unknown): string[] {
  const validate = validatorOf(name);
  if (validate(value)) return [];
  return describe(validate.errors).split("; ");
}
