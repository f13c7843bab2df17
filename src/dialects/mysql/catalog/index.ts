import type { UnmodelledCounts } from "../../dialect.js";
import type { SchemaSnapshot, SnapshotFilter } from "../../../schema/snapshot.js";
import type { DatabaseSession } from "../../session.js";

export async function introspect(_session: DatabaseSession, _filter: SnapshotFilter): Promise<SchemaSnapshot> {
  return { tables: [], enums: [], sequences: [], schemas: [] };
}

export async function countUnmodelled(_session: DatabaseSession, _schemas: readonly string[]): Promise<UnmodelledCounts> {
  return {};
}
