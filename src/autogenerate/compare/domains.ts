/**
 * Domains and extensions. A domain's default, NOT NULL and checks change with `ALTER DOMAIN`; PostgreSQL cannot
 * change its base type or collation, which is reported for a hand-written migration. An extension is created or
 * dropped; its schema and version (compared only when the models give one) are reported when they differ.
 */
import type { AlterDomainOp, Operation } from "../../ops/operation.js";
import type { CheckConstraint, Domain, Extension } from "../../schema/model.js";
import { displayName, explicitSchema, objectKey } from "../names.js";
import { type EqualityOptions, sameDefault, sameSql, sameType } from "./equality.js";
import type { Comparison, ManualChange } from "./result.js";

/** The domain as operations carry it: the default schema left out. */
function plain(domain: Domain): Domain {
  const { schema: _schema, ...rest } = domain;
  const schema = explicitSchema(domain.schema);
  return schema === undefined ? rest : { ...rest, schema };
}

function typeText(domain: Domain): string {
  return JSON.stringify(domain.type);
}

/** The ALTER DOMAIN that turns `from` into `to` (base type and collation apart), or undefined when nothing differs. */
export function alteredDomain(from: Domain, to: Domain, options: EqualityOptions): AlterDomainOp | undefined {
  const schema = explicitSchema(to.schema);
  const before = new Map(from.checks.map((c) => [c.name, c]));
  const after = new Map(to.checks.map((c) => [c.name, c]));
  const same = (a: CheckConstraint, b: CheckConstraint) => sameSql(a.expression, b.expression, options);
  const dropChecks = from.checks.filter((c) => !after.has(c.name) || !same(c, after.get(c.name)!));
  const addChecks = to.checks.filter((c) => !before.has(c.name) || !same(before.get(c.name)!, c));
  const defaultChanged = options.compareDefaults && !sameDefault(from.default, to.default);
  const notNullChanged = (from.notNull ?? false) !== (to.notNull ?? false);
  if (!defaultChanged && !notNullChanged && dropChecks.length === 0 && addChecks.length === 0) return undefined;
  return {
    kind: "alterDomain",
    name: to.name,
    ...(schema === undefined ? {} : { schema }),
    ...(defaultChanged ? { default: { from: from.default ?? null, to: to.default ?? null } } : {}),
    ...(notNullChanged ? { notNull: { from: from.notNull ?? false, to: to.notNull ?? false } } : {}),
    ...(dropChecks.length === 0 ? {} : { dropChecks }),
    ...(addChecks.length === 0 ? {} : { addChecks }),
  };
}

/** Compares the domains of two snapshots. */
export function compareDomains(from: readonly Domain[], to: readonly Domain[], options: EqualityOptions): Comparison {
  const operations: Operation[] = [];
  const manual: ManualChange[] = [];
  const before = new Map(from.map((d) => [objectKey(d.schema, d.name), d]));
  const after = new Map(to.map((d) => [objectKey(d.schema, d.name), d]));
  for (const [key, domain] of after) {
    const previous = before.get(key);
    if (previous === undefined) {
      operations.push({ kind: "createDomain", domain: plain(domain) });
      continue;
    }
    if (options.compareTypes && !sameType(previous.type, domain.type)) {
      manual.push({
        subject: `domain ${displayName(domain.schema, domain.name)}`,
        message: `its base type changed in the models (${typeText(previous)} → ${typeText(domain)}); PostgreSQL cannot change a domain's type. Write this migration by hand: create a new domain, convert the columns that use it (ALTER COLUMN … TYPE new_domain), drop the old domain.`,
        dataLoss: false,
      });
    }
    if ((previous.collation ?? null) !== (domain.collation ?? null)) {
      manual.push({
        subject: `domain ${displayName(domain.schema, domain.name)}`,
        message: `its collation changed in the models (${previous.collation ?? "default"} → ${domain.collation ?? "default"}); PostgreSQL cannot change a domain's collation. Write this migration by hand (create a new domain and convert the columns).`,
        dataLoss: false,
      });
    }
    const altered = alteredDomain(previous, domain, options);
    if (altered !== undefined) operations.push(altered);
  }
  for (const [key, domain] of before) {
    if (after.has(key)) continue;
    const schema = explicitSchema(domain.schema);
    operations.push({ kind: "dropDomain", name: domain.name, ...(schema === undefined ? {} : { schema }), existing: plain(domain) });
  }
  return { operations, manual };
}

function plainExtension(extension: Extension): Extension {
  const { schema: _schema, ...rest } = extension;
  const schema = explicitSchema(extension.schema);
  return schema === undefined ? rest : { ...rest, schema };
}

/** Compares the extensions of two snapshots; a version is compared only when the models give one. */
export function compareExtensions(from: readonly Extension[], to: readonly Extension[]): Comparison {
  const operations: Operation[] = [];
  const manual: ManualChange[] = [];
  const before = new Map(from.map((e) => [e.name, e]));
  const after = new Map(to.map((e) => [e.name, e]));
  for (const [name, extension] of after) {
    const previous = before.get(name);
    if (previous === undefined) {
      operations.push({ kind: "createExtension", extension: plainExtension(extension) });
      continue;
    }
    if (explicitSchema(previous.schema) !== explicitSchema(extension.schema)) {
      manual.push({
        subject: `extension ${name}`,
        message: `it is in schema ${previous.schema ?? "public"} but the models put it in ${extension.schema ?? "public"}. Move it by hand: op.execute('ALTER EXTENSION "${name}" SET SCHEMA …').`,
        dataLoss: false,
      });
    }
    if (extension.version !== undefined && previous.version !== extension.version) {
      manual.push({
        subject: `extension ${name}`,
        message: `version ${previous.version ?? "unknown"} is installed but the models ask for ${extension.version}. Update it by hand: op.execute('ALTER EXTENSION "${name}" UPDATE TO ''${extension.version}''').`,
        dataLoss: false,
      });
    }
  }
  for (const [name, extension] of before) {
    if (!after.has(name)) operations.push({ kind: "dropExtension", name, existing: plainExtension(extension) });
  }
  return { operations, manual };
}
