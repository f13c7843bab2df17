import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";

/**
 * Removes the embedded clusters that live outside `directory` (Retort running as root keeps them under a state
 * folder, recorded in `retort.data-location` files), for tests whose caches made clusters under their own TMPDIR.
 */
export async function removeClustersRecordedUnder(directory: string): Promise<void> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || entry.name !== "retort.data-location") continue;
    const recorded = (await readFile(path.join(entry.parentPath, entry.name), "utf8")).trim();
    if (recorded !== "") await rm(path.dirname(recorded), { recursive: true, force: true });
  }
}
