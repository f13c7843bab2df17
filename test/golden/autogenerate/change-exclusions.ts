/**
 * change bookings
 *
 * Revision ID: 1975ea83b712
 * Revises: 
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";
import { sql } from "retort/schema";

export const revision = "1975ea83b712";
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "change bookings";

export async function upgrade(op: Operations): Promise<void> {
  await op.dropConstraint("bookings_during_excl", "bookings");
  await op.dropConstraint("ex_bookings_area", "bookings");
  await op.createExclusionConstraint("bookings_during_excl", "bookings", { using: "gist", elements: [{ column: "during", operator: "&&" }], where: sql`NOT cancelled AND room > 0` });
  await op.createExclusionConstraint("ex_bookings_upper", "bookings", { using: "gist", elements: [{ expression: sql`tsrange(lower(during), upper(during), '[]')`, operator: "&&" }] });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropConstraint("ex_bookings_upper", "bookings");
  await op.dropConstraint("bookings_during_excl", "bookings");
  await op.createExclusionConstraint("ex_bookings_area", "bookings", { using: "gist", elements: [{ column: "area", operator: "&&" }], deferrable: "deferred" });
  await op.createExclusionConstraint("bookings_during_excl", "bookings", { using: "gist", elements: [{ column: "during", operator: "&&" }], where: sql`NOT cancelled` });
}
