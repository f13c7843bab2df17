/**
 * Row-level security, grants and policies as code: the `op.` calls of a revision, the table options of
 * `op.createTable(…)` and `table(…)`, and `policy(…)` in a models module.
 */
import type { GrantOp, RevokeOp, SetRowLevelSecurityOp } from "../../ops/operation.js";
import type { Policy, Table } from "../../schema/model.js";
import { type Imports, object, optionsArgument, sqlTemplate, str, stringArray } from "./code.js";

function schemaOption(schema: string | undefined): readonly [string, string | undefined] {
  return ["schema", schema === undefined ? undefined : str(schema)];
}

/** The options of a policy besides its table and schema, defaults left out. */
export function policyOptions(policy: Policy, imports: Imports): (readonly [string, string | undefined])[] {
  return [
    ["as", policy.as === "permissive" ? undefined : str(policy.as)],
    ["for", policy.for === "all" ? undefined : str(policy.for)],
    ["to", policy.roles.length === 0 ? undefined : stringArray(policy.roles)],
    ["using", policy.using === undefined ? undefined : sqlTemplate(policy.using, imports)],
    ["withCheck", policy.withCheck === undefined ? undefined : sqlTemplate(policy.withCheck, imports)],
  ];
}

export function renderSetRowLevelSecurity(op: SetRowLevelSecurityOp): string {
  return `await op.setRowLevelSecurity(${str(op.table)}, ${str(op.mode)}${optionsArgument([
    schemaOption(op.schema),
    ["existing", op.existing === undefined ? undefined : str(op.existing)],
  ])});`;
}

export function renderGrant(op: GrantOp | RevokeOp): string {
  const role = op.kind === "grant" ? op.to : op.from;
  return `await op.${op.kind}(${str(op.table)}, ${str(role)}, ${stringArray(op.privileges)}${optionsArgument([schemaOption(op.schema)])});`;
}

export function renderCreatePolicy(policy: Policy, imports: Imports): string {
  return `await op.createPolicy(${str(policy.name)}, ${str(policy.table)}${optionsArgument([
    schemaOption(policy.schema),
    ...policyOptions(policy, imports),
  ])});`;
}

export function renderDropPolicy(
  name: string,
  table: string,
  schema: string | undefined,
  existing: Policy | undefined,
  imports: Imports,
): string {
  const previous = existing === undefined ? undefined : object(policyOptions(existing, imports));
  return `await op.dropPolicy(${str(name)}, ${str(table)}${optionsArgument([schemaOption(schema), ["existing", previous]])});`;
}

/** The `rowLevelSecurity` and `grants` options of a table. */
export function tableSecurityOptions(table: Table): (readonly [string, string | undefined])[] {
  const grants = table.grants ?? [];
  return [
    ["rowLevelSecurity", table.rowLevelSecurity === undefined ? undefined : table.rowLevelSecurity === "forced" ? str("force") : "true"],
    [
      "grants",
      grants.length === 0
        ? undefined
        : `[${grants
            .map((grant) =>
              object([
                ["to", str(grant.to)],
                ["privileges", stringArray(grant.privileges)],
              ]),
            )
            .join(", ")}]`,
    ],
  ];
}
