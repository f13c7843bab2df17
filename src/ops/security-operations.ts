/**
 * `op` methods for row-level security, policies and grants on tables.
 */
import { SchemaError } from "../errors.js";
import type { TablePrivilege } from "../schema/model.js";
import { type PolicyOptions, policy, sortedPrivileges } from "../schema/security.js";
import { checkMethodOptions, type Emit, optionKeys, requireName, type SchemaOption } from "./emit.js";
import type { RowLevelSecurityMode } from "./operation.js";

/** Options of `op.setRowLevelSecurity`. */
export interface SetRowLevelSecurityOptions extends SchemaOption {
  /** The mode being replaced, which the downgrade restores; without it the downgrade cannot be derived. */
  readonly existing?: RowLevelSecurityMode;
}

/** Options of `op.createPolicy`: those of `policy()`, with the table given as the second argument. */
export type CreatePolicyOptions = Omit<PolicyOptions, "table">;

/** Options of `op.dropPolicy`. */
export interface DropPolicyOptions extends SchemaOption {
  /** The dropped policy (as `op.createPolicy` takes it), which the downgrade creates again. */
  readonly existing?: Omit<CreatePolicyOptions, "schema">;
}

const SET_RLS = optionKeys<SetRowLevelSecurityOptions>({ schema: true, existing: true });
const SCHEMA_ONLY = optionKeys<SchemaOption>({ schema: true });
const CREATE_POLICY = optionKeys<CreatePolicyOptions>({ schema: true, as: true, for: true, to: true, using: true, withCheck: true });
const DROP_POLICY = optionKeys<DropPolicyOptions>({ schema: true, existing: true });
const MODES: readonly RowLevelSecurityMode[] = ["disabled", "enabled", "forced"];

function checkMode(method: string, table: string, mode: unknown): RowLevelSecurityMode {
  if (!MODES.includes(mode as RowLevelSecurityMode)) {
    throw new SchemaError(
      `op.${method}(${JSON.stringify(table)}): the mode must be "disabled", "enabled" or "forced", not ${JSON.stringify(mode)}`,
      {
        details: { table, mode },
      },
    );
  }
  return mode as RowLevelSecurityMode;
}

function privilegesOf(method: string, table: string, role: string, privileges: readonly string[]): TablePrivilege[] {
  if (!Array.isArray(privileges) || privileges.length === 0) {
    throw new SchemaError(`op.${method}(${JSON.stringify(table)}): no privileges given for ${JSON.stringify(role)}`, {
      hint: 'List them: ["select", "insert"].',
      details: { table, role },
    });
  }
  return sortedPrivileges(table, privileges);
}

/** The row-level security, policy and grant methods of `op`, emitting through `emit`. */
export function securityOperations(emit: Emit) {
  return {
    /** `ALTER TABLE … ENABLE / DISABLE ROW LEVEL SECURITY, [NO] FORCE ROW LEVEL SECURITY`. Pass `existing` to make it reversible. */
    async setRowLevelSecurity(table: string, mode: RowLevelSecurityMode, options: SetRowLevelSecurityOptions = {}): Promise<void> {
      requireName(table, "setRowLevelSecurity: the table name");
      checkMethodOptions("setRowLevelSecurity", table, options, SET_RLS);
      const existing = options.existing === undefined ? undefined : checkMode("setRowLevelSecurity", table, options.existing);
      await emit({
        kind: "setRowLevelSecurity",
        table,
        schema: options.schema,
        mode: checkMode("setRowLevelSecurity", table, mode),
        existing,
      });
    },

    /** `GRANT privileges ON TABLE table TO role` (`public`: every role). The role must exist: Retort does not create roles. */
    async grant(table: string, to: string, privileges: readonly (TablePrivilege | "all")[], options: SchemaOption = {}): Promise<void> {
      requireName(table, "grant: the table name");
      requireName(to, "grant: the role", ` (table "${table}")`);
      checkMethodOptions("grant", table, options, SCHEMA_ONLY);
      const role = to.toLowerCase() === "public" ? "public" : to;
      await emit({ kind: "grant", table, schema: options.schema, to: role, privileges: privilegesOf("grant", table, to, privileges) });
    },

    /** `REVOKE privileges ON TABLE table FROM role`. */
    async revoke(table: string, from: string, privileges: readonly (TablePrivilege | "all")[], options: SchemaOption = {}): Promise<void> {
      requireName(table, "revoke: the table name");
      requireName(from, "revoke: the role", ` (table "${table}")`);
      checkMethodOptions("revoke", table, options, SCHEMA_ONLY);
      const role = from.toLowerCase() === "public" ? "public" : from;
      await emit({
        kind: "revoke",
        table,
        schema: options.schema,
        from: role,
        privileges: privilegesOf("revoke", table, from, privileges),
      });
    },

    /** `CREATE POLICY name ON table …`, with the options of `policy()`. */
    async createPolicy(name: string, table: string, options: CreatePolicyOptions = {}): Promise<void> {
      requireName(name, "createPolicy: the policy name");
      requireName(table, "createPolicy: the table name", ` (policy "${name}")`);
      checkMethodOptions("createPolicy", name, options, CREATE_POLICY);
      await emit({ kind: "createPolicy", policy: policy(name, { ...options, table }) });
    },

    /** `DROP POLICY name ON table`. Pass `existing` to make it reversible. */
    async dropPolicy(name: string, table: string, options: DropPolicyOptions = {}): Promise<void> {
      requireName(name, "dropPolicy: the policy name");
      requireName(table, "dropPolicy: the table name", ` (policy "${name}")`);
      checkMethodOptions("dropPolicy", name, options, DROP_POLICY);
      const existing = options.existing === undefined ? undefined : policy(name, { ...options.existing, table, schema: options.schema });
      await emit({ kind: "dropPolicy", name, table, schema: options.schema, existing });
    },
  };
}

/** The methods {@link securityOperations} adds to `op`. */
export type SecurityOperations = ReturnType<typeof securityOperations>;
