import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { modelSnapshot } from "../../src/autogenerate/models.js";
import { postgresComparison } from "../../src/dialects/postgres/comparison.js";
import { importProjectModule } from "../../src/project/module-loader.js";
import { renderModels } from "../../src/pull/render.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";
import { check, enumColumn, enumType, foreignKey, index, integer, sql, table, text } from "../../src/schema/index.js";
import * as rich from "../autogenerate/fixtures/rich-models.js";
import { tempDirectory } from "../helpers/databases.js";
import { expectGolden } from "../helpers/golden.js";

const GOLDEN = fileURLToPath(new URL("../golden/pull/rich-models.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

const normalized = (exports: Record<string, unknown>): SchemaSnapshot =>
  postgresComparison.normalize(modelSnapshot([{ path: "models.ts", exports }]));

const SOURCE = {
  database: "postgres://app:***@db.example.com:5432/films",
  schemas: ["public", "inventory"],
  unmodelled: { view: 2, function: 1, trigger: 3, sequence: 1 },
};

/** Writes `text` as a module and loads it as the CLI loads models. */
async function load(text: string, name: string): Promise<Record<string, unknown>> {
  const dir = await tempDirectory("retort-pull-render-");
  try {
    const file = path.join(dir.path, `${name}.ts`);
    await writeFile(file, text);
    return await importProjectModule(file);
  } finally {
    await dir.remove();
  }
}

describe("renderModels", () => {
  const snapshot = normalized(rich);
  const rendered = renderModels(snapshot, SOURCE);

  it("writes the rich model as the golden module", () => {
    expectGolden(GOLDEN, rendered);
  });

  it("declares, once loaded, the snapshot it was rendered from", async () => {
    expect(normalized(await load(rendered, "rich"))).toEqual(snapshot);
  });

  it("type-checks with the TypeScript compiler", () => {
    const program = ts.createProgram([GOLDEN], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2023.d.ts"],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ["node"],
      skipLibCheck: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      allowImportingTsExtensions: true,
      baseUrl: ROOT,
      paths: { retort: ["src/index.ts"], "retort/schema": ["src/schema/index.ts"] },
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n") + (d.file ? ` (${path.basename(d.file.fileName)})` : ""));
    expect(diagnostics).toEqual([]);
  });

  it("orders tables after the tables they refer to and annotates references that point down the file", () => {
    const lines = rendered.split("\n");
    const at = (name: string) => lines.findIndex((line) => line.startsWith(`export const ${name} = table(`));
    expect(at("countries")).toBeGreaterThanOrEqual(0);
    expect(at("countries")).toBeLessThan(at("people"));
    expect(at("people")).toBeLessThan(at("directors"));
    expect(rendered).toContain("references((): ColumnRef => categories.id)");
    expect(rendered).toContain("enumColumn(genre)");
  });

  it("names consts in camelCase, qualified or suffixed when names collide", async () => {
    const a = enumType("date", ["x"]);
    const orders = table("Orders", { id: integer().primaryKey(), note: text() }, { checks: [check("positive", sql`id > 0`)] });
    const models = {
      a,
      orders,
      one: table("order_items", { id: integer().primaryKey(), kind: enumColumn(a) }),
      two: table("order_items", { id: integer().primaryKey(), parent: integer().references(() => orders.id) }, { schema: "archive" }),
      four: table(
        "lines",
        { order_id: integer().notNull(), item_id: integer().notNull(), "unit price": integer() },
        {
          primaryKey: ["order_id", "item_id"],
          foreignKeys: [foreignKey({ columns: ["order_id"], references: () => [orders.id], name: "lines_order" })],
          indexes: [index("ix_lines_price", [sql`("unit price" * 2)`], { where: sql`"unit price" > 0` })],
        },
      ),
    };
    const source = renderModels(normalized(models), { database: "pglite:memory:", schemas: ["public"], unmodelled: {} });
    expect(source).toContain('export const dateEnum = enumType("date", ["x"]);');
    expect(source).toContain('export const archiveOrderItems = table("order_items", {');
    expect(source).toContain('export const orderItems = table("order_items", {');
    expect(source).toContain('export const orders = table("Orders", {');
    expect(source).toContain("Everything the database held in these schemas is declared below.");
    expect(normalized(await load(source, "collisions"))).toEqual(normalized(models));
  });

  it("lists what models cannot declare, with counts, and keeps a URL from closing the comment", () => {
    const source = renderModels(normalized({}), {
      database: "embedded:./x*/y",
      schemas: ["public"],
      unmodelled: { view: 1, materializedView: 2, policy: 1 },
    });
    expect(source.split("\n").slice(0, 12)).toEqual([
      "/**",
      " * Models generated by `retort pull` from embedded:./x*\\/y (schema public).",
      " * This file is now the target schema of `retort revision --autogenerate`: edit it as the schema changes.",
      " *",
      " * Not expressible in models, so not declared below (it stays in the database; change it in revisions with op.execute):",
      " * - 1 view",
      " * - 2 materialized views",
      " * - 1 row-level security policy",
      " */",
      "",
      "export {};",
      "",
    ]);
  });
});
