import { readFileSync } from "node:fs";

/** Retort's own version, recorded in the audit log. package.json sits two levels up from src/ and dist/ files. */
export const RETORT_VERSION: string = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;
