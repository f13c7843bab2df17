import { defineConfig } from "retort";

export default defineConfig({
  // DATABASE_URL=postgres://… for a PostgreSQL server; otherwise an embedded PostgreSQL in .retort/dev.
  url: process.env.DATABASE_URL ?? "embedded:./.retort/dev",
  migrations: "migrations",
  models: "./app/db/postgres/models.ts",
});
