import type { LintSupport } from "../../lint-support.js";
import { loadParser } from "./ast.js";
import { describe } from "./operations.js";

/** PostgreSQL's part in `retort lint`: loads the parser, then describes operations and `op.execute` text. */
export async function postgresLint(): Promise<LintSupport> {
  await loadParser();
  return Object.freeze({ describe });
}
