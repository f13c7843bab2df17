/**
 * Figures of the fault-injection tests: each prints one line a reader (or a script) can find,
 * `[fault] sigkill-transactional-upgrade: 20 trials, 20 recovered, 0 half-applied, seed 1234`, and each trial count
 * can be raised for a longer run: RETORT_FAULT_TRIALS=<n> sets every fault test's count to n.
 */

/** The number of trials of a fault test: its default, or RETORT_FAULT_TRIALS when set to a positive integer. */
export function faultTrials(fallback: number): number {
  const raised = Number(process.env.RETORT_FAULT_TRIALS);
  return Number.isInteger(raised) && raised > 0 ? raised : fallback;
}

/** The seed of a randomised fault test: RETORT_FAULT_SEED (or the older RETORT_CRASH_SEED) to replay one. */
export function faultSeed(): number {
  const given = Number(process.env.RETORT_FAULT_SEED ?? process.env.RETORT_CRASH_SEED);
  return Number.isInteger(given) ? given : Date.now() % 100000;
}

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

export interface FaultFigures {
  /** Faults injected. */
  readonly trials: number;
  /** Trials after which the guarantee held (state consistent, the next run completed). */
  readonly recovered: number;
  /** Trials that left a revision partly applied, or the version table disagreeing with the schema. */
  readonly halfApplied: number;
  readonly seed?: number;
  /** Anything else worth a figure, e.g. "14 made progress before dying". */
  readonly notes?: readonly string[];
}

/** The `[fault]` line of a fault test. */
export function faultLine(name: string, figures: FaultFigures): string {
  const parts = [`${figures.trials} trials`, `${figures.recovered} recovered`, `${figures.halfApplied} half-applied`];
  if (figures.seed !== undefined) parts.push(`seed ${figures.seed}`);
  parts.push(...(figures.notes ?? []));
  return `[fault] ${name}: ${parts.join(", ")}`;
}

/** Prints the `[fault]` line (before the test asserts on the figures, so a failing run still shows them). */
export function reportFault(name: string, figures: FaultFigures): void {
  console.log(faultLine(name, figures));
}

/** The `[fault]` line of a fault that is not run here, with the reason. */
export function reportSkippedFault(name: string, reason: string): void {
  console.log(`[fault] ${name}: skipped, ${reason}`);
}
