/**
 * View operations as `op.…` statements: `op.createView` / `op.createMaterializedView` (with its indexes),
 * `op.replaceView`, `op.dropView` / `op.dropMaterializedView`. Also the `view(…)` / `materializedView(…)` call of
 * a models module, which takes the same arguments.
 */
import type { CreateViewOp, DropViewOp, ReplaceViewOp } from "../../ops/operation.js";
import type { View } from "../../schema/model.js";
import { indexBuilder } from "./builders.js";
import { type Imports, optionsArgument, sqlTemplate, str, stringArray } from "./code.js";

/** The arguments after the name: the query and the options, as `view()`, `op.createView` and `op.replaceView` take them. */
function viewArguments(view: View, imports: Imports): string {
  const options: (readonly [string, string | undefined])[] = [
    ["schema", view.schema === undefined ? undefined : str(view.schema)],
    ["columns", view.columns === undefined ? undefined : stringArray(view.columns)],
  ];
  if (view.materialized) {
    options.push(["withData", view.withNoData ? "false" : undefined]);
    const indexes = view.indexes ?? [];
    options.push(["indexes", indexes.length === 0 ? undefined : `[${indexes.map((ix) => indexBuilder(ix, imports)).join(", ")}]`]);
  } else {
    options.push(["securityBarrier", view.securityBarrier ? "true" : undefined]);
    options.push(["checkOption", view.checkOption === undefined ? undefined : str(view.checkOption)]);
  }
  return `${str(view.name)}, ${sqlTemplate(view.definition, imports)}${optionsArgument(options)}`;
}

/** `view("active_users", sql\`…\`)` or `materializedView(…)`, as a models module declares it. */
export function viewBuilder(view: View, imports: Imports): string {
  const builder = view.materialized ? "materializedView" : "view";
  imports.add(builder);
  return `${builder}(${viewArguments(view, imports)})`;
}

/** A note for a reviewer: creating a materialized view with its data runs its query (long, on a big table). */
export function viewNote(op: CreateViewOp): string | undefined {
  if (!op.view.materialized || op.view.withNoData) return undefined;
  const name = op.view.schema === undefined ? op.view.name : `${op.view.schema}.${op.view.name}`;
  return `Runs the query of materialized view ${name} to fill it (withData: false creates it empty).`;
}

/** The statement of one view operation. */
export function renderViewOperation(op: CreateViewOp | ReplaceViewOp | DropViewOp, imports: Imports): string[] {
  switch (op.kind) {
    case "createView":
      return [`await op.${op.view.materialized ? "createMaterializedView" : "createView"}(${viewArguments(op.view, imports)});`];
    case "replaceView":
      return [`await op.replaceView(${viewArguments(op.view, imports)});`];
    case "dropView":
      return [
        `await op.${op.materialized ? "dropMaterializedView" : "dropView"}(${str(op.name)}${optionsArgument([
          ["schema", op.schema === undefined ? undefined : str(op.schema)],
          ["ifExists", op.ifExists ? "true" : undefined],
        ])});`,
      ];
  }
}
