import { queryServer } from "./databases.js";

/** A seeded PRNG (mulberry32), so a failing run can be replayed with the seed it prints. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed a randomised test uses: from the environment variable when set (to replay a run), else a fresh one. */
export function seedFrom(variable: string): number {
  return Number(process.env[variable] ?? Date.now() % 100000);
}

/**
 * Waits until no Retort session is left on this test's database (a killed client's backend ends when it next
 * talks to it); other tests' sessions on the same server do not count.
 */
export async function sessionsEnded(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const rows = await queryServer(
      url,
      "SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'retort %' AND datname = current_database() AND pid <> pg_backend_pid()",
    );
    if (rows.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`a killed Retort's session is still open on the server after ${timeoutMs / 1000} s`);
}
