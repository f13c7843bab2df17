/**
 * Row-level security policies: created, dropped, and, when any property differs, dropped and created again
 * (PostgreSQL's `ALTER POLICY` cannot change a policy's command or kind, so one form serves every change).
 */
import type { Operation } from "../../ops/operation.js";
import type { Policy } from "../../schema/model.js";
import { explicitSchema, objectKey } from "../names.js";
import type { Comparison } from "./result.js";

/** The policy as operations carry it: the default schema left out. */
export function plainPolicy(policy: Policy): Policy {
  const { schema, ...rest } = policy;
  const explicit = explicitSchema(schema);
  return explicit === undefined ? rest : { ...rest, schema: explicit };
}

function policyKey(policy: Policy): string {
  return `${objectKey(policy.schema, policy.table)}\u0000${policy.name}`;
}

/** True when `a` and `b` name the same policy (its name, on the same table). */
export function samePolicy(a: Policy, b: Policy): boolean {
  return policyKey(a) === policyKey(b);
}

/** True when two policies of one name are defined alike. */
export function policiesEqual(a: Policy, b: Policy): boolean {
  return (
    a.as === b.as &&
    a.for === b.for &&
    a.using === b.using &&
    a.withCheck === b.withCheck &&
    a.roles.length === b.roles.length &&
    a.roles.every((role, i) => role === b.roles[i])
  );
}

function dropOf(policy: Policy): Operation {
  const plain = plainPolicy(policy);
  return {
    kind: "dropPolicy",
    name: plain.name,
    table: plain.table,
    ...(plain.schema === undefined ? {} : { schema: plain.schema }),
    existing: plain,
  };
}

/** Compares the policies of two snapshots (`from`: the database, `to`: the models). */
export function comparePolicies(from: readonly Policy[], to: readonly Policy[]): Comparison {
  const operations: Operation[] = [];
  const before = new Map(from.map((p) => [policyKey(p), p]));
  const after = new Map(to.map((p) => [policyKey(p), p]));
  for (const [key, policy] of after) {
    const previous = before.get(key);
    if (previous !== undefined && policiesEqual(previous, policy)) continue;
    if (previous !== undefined) operations.push(dropOf(previous));
    operations.push({ kind: "createPolicy", policy: plainPolicy(policy) });
  }
  for (const [key, policy] of before) if (!after.has(key)) operations.push(dropOf(policy));
  return { operations, manual: [] };
}
