import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The folder where test processes share the empty embedded and PGlite databases they copy (see database-templates.ts). */
    templateRoot: string | undefined;
  }
}

/** Makes the folder the test processes of one run share their template databases in, and removes it afterwards. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(path.join(tmpdir(), "retort-templates-"));
  // Traversable for the postgres user the embedded server runs as when tests run as root.
  await chmod(root, 0o755);
  project.provide("templateRoot", root);
  return () => rm(root, { recursive: true, force: true });
}
