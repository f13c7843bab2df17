/**
 * create bookings
 *
 * Revision ID: 1975ea83b712
 * Revises: 
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";
import { boolean, customType, exclude, integer, sql } from "retort/schema";

export const revision = "1975ea83b712";
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "create bookings";

export async function upgrade(op: Operations): Promise<void> {
  await op.createTable("bookings", {
    id: integer().primaryKey(),
    room: integer().notNull(),
    during: customType("tsrange").notNull(),
    area: customType("circle"),
    cancelled: boolean().notNull().default(false),
  }, {
    excludes: [
      exclude({ using: "gist", elements: [{ column: "during", operator: "&&" }], where: sql`NOT cancelled` }),
      exclude("ex_bookings_area", { using: "gist", elements: [{ column: "area", operator: "&&" }], deferrable: "deferred" }),
    ],
  });
}

export async function downgrade(op: Operations): Promise<void> {
  // DATA LOSS: drops table bookings and all its rows.
  await op.dropTable("bookings");
}
