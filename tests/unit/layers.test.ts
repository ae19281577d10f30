import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import os from "node:os";
import { cruise, type ICruiseOptions, type ICruiseResult } from "dependency-cruiser";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The import rule tested on itself: planted imports, linted with the project's real ESLint
 * configuration as if they were files at the given paths, must fail (or pass) as the layer table
 * in docs/architecture.md says. Targets are real files picked from each folder, so the test keeps
 * working while files move.
 */
const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root, overrideConfigFile: ".config/eslint.config.mjs" });

/** A real source file of `folder` (not a test, not `index.ts`), as an import path without extension. */
function fileIn(folder: string): string {
  const name = fs
    .readdirSync(path.join(root, folder))
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.|^index\./.test(f))
    .sort()[0];
  if (!name) throw new Error(`no source file in ${folder}`);
  return `${folder}/${name.replace(/\.tsx?$/, "")}`;
}

/** The boundaries messages ESLint reports for `code` placed at `filePath`. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: path.join(root, filePath) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId?.startsWith("boundaries/"))
    .map((m) => m.message);
}

describe("the import rule (ESLint, .config/eslint-layers.mjs)", () => {
  it.each([
    {
      what: "the engine importing lib/db through the alias",
      at: "lib/router/planted.ts",
      code: `import * as db from "@/${fileIn("lib/db")}";\nexport const x = db;`,
      says: /router may not import lib\/db\//,
    },
    {
      what: "a component importing a type from lib/db",
      at: "components/planted.tsx",
      code: `import type * as db from "@/${fileIn("lib/db")}";\nexport type X = typeof db;`,
      says: /components may not import lib\/db\//,
    },
    {
      what: "lib/db importing lib/telemetry with a relative path",
      at: "lib/db/planted.ts",
      code: `import * as t from "../../${fileIn("lib/telemetry")}";\nexport const x = t;`,
      says: /db may not import lib\/telemetry\//,
    },
    {
      what: "a page importing the gateway",
      at: "app/(console)/planted/page.tsx",
      code: `import * as g from "@/${fileIn("lib/gateway")}";\nexport const x = g;`,
      says: /pages may not import lib\/gateway\//,
    },
    {
      what: "a base file importing a layer above it",
      at: "lib/planted.ts",
      code: `import * as s from "./${fileIn("lib/schemas").slice(4)}";\nexport const x = s;`,
      says: /base may not import lib\/schemas\//,
    },
    {
      what: "the engine reading the environment module",
      at: "lib/router/planted.ts",
      code: `import { loadEnv } from "@/lib/env";\nexport const x = loadEnv;`,
      says: /router may not import lib\/env\.ts/,
    },
    {
      what: "a re-export of lib/db from the schemas",
      at: "lib/schemas/planted.ts",
      code: `export * from "@/${fileIn("lib/db")}";`,
      says: /schemas may not import lib\/db\//,
    },
    {
      what: "a dynamic import of lib/db from the schemas",
      at: "lib/schemas/planted.ts",
      code: `export const load = () => import("@/${fileIn("lib/db")}");`,
      says: /schemas may not import lib\/db\//,
    },
    {
      what: "a router file other than its index.ts, from outside the router",
      at: "lib/gateway/planted.ts",
      code: `import * as r from "@/${fileIn("lib/router")}";\nexport const x = r;`,
      says: /only through lib\/router\/index\.ts/,
    },
    {
      what: "a budget file other than its index.ts, from elsewhere in the gateway",
      at: "lib/gateway/planted.ts",
      code: `import * as b from "@/${fileIn("lib/gateway/budget")}";\nexport const x = b;`,
      says: /only through lib\/gateway\/budget\/index\.ts/,
    },
    {
      what: "Prisma outside lib/db",
      at: "lib/gateway/planted.ts",
      code: `import type { PrismaClient } from "@prisma/client";\nexport type X = PrismaClient;`,
      says: /Only lib\/db imports Prisma/,
    },
    {
      what: "Next in a layer the fast path runs",
      at: "lib/providers/planted.ts",
      code: `import { NextResponse } from "next/server";\nexport const x = NextResponse;`,
      says: /no Next imports/,
    },
    {
      what: "node:* in the pure engine",
      at: "lib/router/planted.ts",
      code: `import { readFileSync } from "node:fs";\nexport const x = readFileSync;`,
      says: /no node:\* modules/,
    },
    {
      what: "a file in a folder the table does not know",
      at: "lib/unknown-folder/planted.ts",
      code: `export const x = 1;`,
      says: /does not match any file pattern/,
    },
  ])("rejects $what", async ({ at, code, says }) => {
    const errors = await layerErrors(at, code);
    expect(
      errors.some((m) => says.test(m)),
      errors.join("\n") || "no error",
    ).toBe(true);
  });

  it.each([
    {
      what: "the gateway entering the router through its index",
      at: "lib/gateway/planted.ts",
      code: `import * as r from "@/lib/router";\nexport const x = r;`,
    },
    {
      what: "a budget file importing its sibling",
      at: "lib/gateway/budget/planted.ts",
      code: `import * as b from "./${fileIn("lib/gateway/budget").split("/").pop()}";\nexport const x = b;`,
    },
    {
      what: "a route file importing lib/api",
      at: "app/api/planted/route.ts",
      code: `import * as a from "@/${fileIn("lib/api")}";\nexport const x = a;`,
    },
    {
      what: "the engine importing the schemas and a base file",
      at: "lib/router/planted.ts",
      code: `import * as s from "@/${fileIn("lib/schemas")}";\nimport * as e from "@/lib/errors";\nexport const x = [s, e];`,
    },
    {
      what: "a test beside the code importing anything",
      at: "lib/router/planted.test.ts",
      code: `import * as db from "@/${fileIn("lib/db")}";\nexport const x = db;`,
    },
    {
      what: "a script importing lib/db and Prisma",
      at: "scripts/planted.ts",
      code: `import * as db from "../${fileIn("lib/db")}";\nimport type { PrismaClient } from "@prisma/client";\nexport type X = PrismaClient | typeof db;`,
    },
  ])("accepts $what", async ({ at, code }) => {
    expect(await layerErrors(at, code)).toEqual([]);
  });
}, 120_000);

describe("the cycle check (dependency-cruiser, .config/dependency-cruiser.cjs)", () => {
  const config = createRequire(import.meta.url)(
    path.join(root, ".config/dependency-cruiser.cjs"),
  ) as {
    forbidden: NonNullable<ICruiseOptions["ruleSet"]>["forbidden"];
    options: ICruiseOptions;
  };

  /** The rule names violated when the project's check cruises `files` (path → source). */
  async function violations(files: Record<string, string>): Promise<string[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "layers-"));
    try {
      for (const [name, source] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), source);
      }
      const { tsConfig: _projectOnly, ...options } = config.options;
      const { output } = await cruise(["lib"], {
        ...options,
        baseDir: dir,
        validate: true,
        ruleSet: { forbidden: config.forbidden },
      });
      return (output as ICruiseResult).summary.violations.map((v) => v.rule.name);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it("rejects a cycle made of a value import and a type-only import", async () => {
    const found = await violations({
      "lib/gateway/a.ts": `import type { B } from "./b";\nexport type A = { b?: B };\n`,
      "lib/gateway/b.ts": `import { a } from "./c";\nexport type B = number;\nexport const x = a;\n`,
      "lib/gateway/c.ts": `import type { A } from "./a";\nexport const a: A = {};\n`,
    });
    expect(found).toContain("no-circular");
  });

  it("rejects two folders that import each other, with no file cycle", async () => {
    const found = await violations({
      "lib/gateway/a.ts": `import { b } from "../telemetry/b";\nexport const a = b;\n`,
      "lib/telemetry/b.ts": `export const b = 1;\n`,
      "lib/telemetry/c.ts": `import type { C } from "../gateway/d";\nexport const c: C = 1;\n`,
      "lib/gateway/d.ts": `export type C = number;\n`,
    });
    // Reported once from each side of the pair.
    expect(new Set(found)).toEqual(new Set(["no-circular-folders"]));
  });

  it("accepts imports that only go one way", async () => {
    const found = await violations({
      "lib/gateway/a.ts": `import { b } from "./b";\nexport const a = b;\n`,
      "lib/gateway/b.ts": `export const b = 1;\n`,
    });
    expect(found).toEqual([]);
  });
});
