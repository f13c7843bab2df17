/**
 * Policies of the models as the database would store them, asked of the database itself: where a model's policy
 * and the database's policy of the same name differ in their expressions' text, the model's expressions are
 * given to PostgreSQL on a scratch copy of the table (a temporary table `LIKE` it, in a transaction rolled back)
 * and read back with `pg_get_expr`; when they come back as the database's text, the model takes that text, so the
 * comparison sees one policy. Also: the roles the models grant to or name in policies must exist.
 */
import { RetortError } from "../../../errors.js";
import { frozen } from "../../../schema/freeze.js";
import type { Policy } from "../../../schema/model.js";
import type { SchemaSnapshot } from "../../../schema/snapshot.js";
import type { DatabaseSession } from "../../session.js";
import { compileCreatePolicy } from "../compile/security.js";
import { qualifiedName, quoteIdentifier, quoteLiteral } from "../quote.js";

const key = (p: Policy) => `${p.schema ?? "public"}\u0000${p.table}\u0000${p.name}`;

/** The stored text of `policy`'s expressions, on a scratch copy of its table; `undefined` when PostgreSQL refuses it. */
async function storedForm(session: DatabaseSession, policy: Policy): Promise<{ using?: string; withCheck?: string } | undefined> {
  // The copy has the table's name, so that a reference to the table in the expressions prints as it does on it.
  const scratch = qualifiedName(policy.table, "pg_temp");
  await session.execute("BEGIN");
  try {
    await session.execute(
      `CREATE TEMPORARY TABLE ${quoteIdentifier(policy.table)} (LIKE ${qualifiedName(policy.table, policy.schema ?? "public")})`,
    );
    const [create] = compileCreatePolicy({ ...policy, schema: "pg_temp" });
    await session.execute(create!);
    const [row] = await session.query<{ using: string | null; with_check: string | null }>(
      `SELECT pg_get_expr(polqual, polrelid, true) AS using, pg_get_expr(polwithcheck, polrelid, true) AS with_check
         FROM pg_policy WHERE polrelid = ${quoteLiteral(scratch)}::regclass`,
    );
    return row === undefined ? undefined : { using: row.using ?? undefined, withCheck: row.with_check ?? undefined };
  } catch {
    return undefined;
  } finally {
    await session.execute("ROLLBACK");
  }
}

/**
 * `models` with each policy whose expressions differ in text from the database's policy of the same name, but
 * which PostgreSQL stores as the same text, spelt as the database spells it.
 */
export async function canonicalPolicies(session: DatabaseSession, live: SchemaSnapshot, models: SchemaSnapshot): Promise<SchemaSnapshot> {
  if (models.policies === undefined || live.policies === undefined) return models;
  const stored = new Map(live.policies.map((p) => [key(p), p]));
  const policies: Policy[] = [];
  for (const policy of models.policies) {
    const existing = stored.get(key(policy));
    if (existing === undefined || (existing.using === policy.using && existing.withCheck === policy.withCheck)) {
      policies.push(policy);
      continue;
    }
    const form = await storedForm(session, policy);
    const same = form !== undefined && form.using === existing.using && form.withCheck === existing.withCheck;
    policies.push(same ? frozen({ ...policy, using: existing.using, withCheck: existing.withCheck }) : policy);
  }
  return { ...models, policies };
}

/** Throws `models_invalid` naming the roles the models grant to or name in a policy that the database lacks. */
export async function checkRolesExist(session: DatabaseSession, models: SchemaSnapshot): Promise<void> {
  const named = new Set<string>();
  for (const table of models.tables) for (const grant of table.grants ?? []) named.add(grant.to);
  for (const policy of models.policies ?? []) for (const role of policy.roles) named.add(role);
  named.delete("public");
  if (named.size === 0) return;
  const wanted = [...named].sort();
  const rows = await session.query<{ name: string }>("SELECT rolname::text AS name FROM pg_roles WHERE rolname = ANY($1::text[])", [
    wanted,
  ]);
  const found = new Set(rows.map((row) => row.name));
  const missing = wanted.filter((role) => !found.has(role));
  if (missing.length === 0) return;
  throw new RetortError(
    "models_invalid",
    `The models grant to or name in a policy ${missing.length === 1 ? "a role" : "roles"} the database does not have: ${missing.join(", ")}.`,
    {
      hint: `Retort does not create roles (they belong to the whole cluster): create ${missing.length === 1 ? "it" : "them"} first (CREATE ROLE ${missing[0]} NOLOGIN), or fix the role's name in the models.`,
      details: { roles: missing },
    },
  );
}
