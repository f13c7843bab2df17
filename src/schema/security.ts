/**
 * Row-level security, policies and grants in the model DSL: the table options `rowLevelSecurity` and `grants`,
 * and `policy()`, which a models module exports beside its tables.
 */
import { SchemaError } from "../errors.js";
import { frozen } from "./freeze.js";
import type { Policy, PolicyCommand, RowLevelSecurity, TableGrant, TablePrivilege } from "./model.js";
import { checkOptions } from "./options.js";
import { schemaError } from "./resolve-column.js";
import { type SqlExpression, sqlText } from "./sql.js";

/** Every table privilege, in the order Retort lists them. */
export const TABLE_PRIVILEGES: readonly TablePrivilege[] = Object.freeze([
  "select",
  "insert",
  "update",
  "delete",
  "truncate",
  "references",
  "trigger",
]);

/** A grant as the `grants` table option takes it: `all` stands for every privilege of {@link TABLE_PRIVILEGES}. */
export interface GrantSpec {
  /** The role (or roles) granted to; `public` means every role. Roles are not created by Retort. */
  readonly to: string | readonly string[];
  readonly privileges: readonly (TablePrivilege | "all")[];
}

/** The table option `rowLevelSecurity`: `true` enables it, `"force"` also applies it to the table's owner. */
export type RowLevelSecurityOption = boolean | "force";

/** The model's row-level security from the table option. */
export function rowLevelSecurityOf(table: string, option: RowLevelSecurityOption | undefined): RowLevelSecurity | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return "enabled";
  if (option === "force") return "forced";
  throw schemaError({ table }, `rowLevelSecurity must be true, false or "force", not ${JSON.stringify(option)}`);
}

/** The role name as the model keeps it: `public` in lower case whatever its spelling. */
function roleName(role: string): string {
  return role.toLowerCase() === "public" ? "public" : role;
}

/** Privileges in {@link TABLE_PRIVILEGES} order, without repeats; `all` expanded. */
export function sortedPrivileges(table: string, privileges: readonly string[]): TablePrivilege[] {
  const wanted = new Set<string>();
  for (const privilege of privileges) {
    const lower = String(privilege).toLowerCase();
    if (lower === "all") for (const each of TABLE_PRIVILEGES) wanted.add(each);
    else if ((TABLE_PRIVILEGES as readonly string[]).includes(lower)) wanted.add(lower);
    else {
      throw schemaError(
        { table },
        `unknown privilege ${JSON.stringify(privilege)} in a grant`,
        `Table privileges are ${TABLE_PRIVILEGES.join(", ")} (or "all").`,
      );
    }
  }
  return TABLE_PRIVILEGES.filter((privilege) => wanted.has(privilege));
}

/** The model's grants from the table option: one entry per role, sorted by role, privileges merged. */
export function grantsOf(table: string, specs: readonly GrantSpec[] | undefined): readonly TableGrant[] | undefined {
  if (specs === undefined || specs.length === 0) return undefined;
  const byRole = new Map<string, string[]>();
  for (const spec of specs) {
    checkOptions(`Table "${table}": grant`, spec, ["to", "privileges"]);
    const roles = typeof spec.to === "string" ? [spec.to] : [...(spec.to ?? [])];
    if (roles.length === 0 || roles.some((role) => typeof role !== "string" || role.length === 0)) {
      throw schemaError({ table }, 'a grant needs the role(s) it is granted to (to: "app_user")');
    }
    if (!Array.isArray(spec.privileges) || spec.privileges.length === 0) {
      throw schemaError({ table }, `the grant to ${roles.join(", ")} lists no privileges`, 'Give them: privileges: ["select"].');
    }
    for (const role of roles.map(roleName)) byRole.set(role, [...(byRole.get(role) ?? []), ...spec.privileges]);
  }
  return [...byRole.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([to, privileges]) => frozen({ to, privileges: sortedPrivileges(table, privileges) }));
}

/** The table a policy is on: a `table()` definition's name and schema, or a name. */
export interface PolicyTable {
  readonly name: string;
  readonly schema?: string | undefined;
}

/** Options of {@link policy}. */
export interface PolicyOptions {
  /** The table: its `table()` definition, or its name (with `schema` for another schema). */
  readonly table: string | { readonly [key: symbol]: unknown };
  readonly schema?: string;
  /** `permissive` (the default: any permissive policy may allow a row) or `restrictive` (every one must). */
  readonly as?: "permissive" | "restrictive";
  /** The command the policy applies to; `all` when absent. */
  readonly for?: PolicyCommand;
  /** The roles it applies to; every role (`public`) when absent. */
  readonly to?: readonly string[];
  /** Which existing rows are visible (and may be updated or deleted). */
  readonly using?: SqlExpression | string;
  /** Which new rows may be written. */
  readonly withCheck?: SqlExpression | string;
}

const POLICY_OPTIONS = ["table", "schema", "as", "for", "to", "using", "withCheck"] as const;
const COMMANDS: readonly PolicyCommand[] = ["all", "select", "insert", "update", "delete"];

/** The name and schema of a `table()` definition, read without importing table.ts (which would be a cycle). */
function tableOf(value: PolicyOptions["table"]): PolicyTable | undefined {
  if (typeof value === "string") return value.length === 0 ? undefined : { name: value };
  const source = (value as Record<symbol, unknown>)[Symbol.for("retort.table")] as
    | { readonly name: string; readonly options: { readonly schema?: string } }
    | undefined;
  return source === undefined ? undefined : { name: source.name, schema: source.options.schema };
}

function policyError(name: string, message: string, hint?: string): SchemaError {
  return new SchemaError(`Policy "${name}": ${message}`, { ...(hint === undefined ? {} : { hint }), details: { policy: name } });
}

/**
 * Declares a row-level security policy; export it from a models module as you export tables. The table needs
 * `rowLevelSecurity: true` for the policy to take effect.
 * ```ts
 * export const ownerOnly = policy("owner_only", {
 *   table: documents,
 *   to: ["app_user"],
 *   using: sql`owner_id = current_setting('app.user_id')::int`,
 * });
 * ```
 */
export function policy(name: string, options: PolicyOptions): Policy {
  if (typeof name !== "string" || name.length === 0) throw new SchemaError("A policy needs a name");
  checkOptions(`policy("${name}")`, options, POLICY_OPTIONS);
  const table = tableOf(options.table);
  if (table === undefined) throw policyError(name, "`table` must be a table() definition or a table name");
  const schema = options.schema ?? table.schema;
  const as = options.as ?? "permissive";
  if (as !== "permissive" && as !== "restrictive")
    throw policyError(name, `as must be "permissive" or "restrictive", not ${JSON.stringify(as)}`);
  const command = options.for ?? "all";
  if (!COMMANDS.includes(command)) throw policyError(name, `for must be one of ${COMMANDS.join(", ")}, not ${JSON.stringify(command)}`);
  const using = options.using === undefined ? undefined : sqlText(options.using);
  const withCheck = options.withCheck === undefined ? undefined : sqlText(options.withCheck);
  if (using !== undefined && command === "insert") {
    throw policyError(name, "an insert policy cannot have `using` (only `withCheck`)", "Move the expression to withCheck.");
  }
  if (withCheck !== undefined && (command === "select" || command === "delete")) {
    throw policyError(name, `a ${command} policy cannot have \`withCheck\` (only \`using\`)`, "Move the expression to using.");
  }
  for (const [key, text] of [
    ["using", using],
    ["withCheck", withCheck],
  ] as const) {
    if (text !== undefined && text.trim().length === 0) throw policyError(name, `\`${key}\` is empty`);
  }
  const roles = [...new Set((options.to ?? []).map(roleName))];
  if (roles.some((role) => role.length === 0)) throw policyError(name, "a role name cannot be empty");
  return frozen({
    kind: "policy",
    name,
    table: table.name,
    schema,
    as,
    for: command,
    roles: roles.includes("public") ? [] : roles.sort(),
    using,
    withCheck,
  });
}

/** True for a value returned by `policy()`. */
export function isPolicy(value: unknown): value is Policy {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "policy";
}
