/**
 * Figures of the fault-injection tests: each prints one line a reader (or a script) can find,
 * `[fault] sigkill-transactional-upgrade: 20 trials, 20 recovered, 0 half-applied, seed 1234`, and each trial count
 * can be raised for a longer run: RETORT_FAULT_TRIALS=<n> sets every fault test's count to n. Seeds and the PRNG
 * of randomised fault tests are in crash.ts.
 */

/** The number of trials of a fault test: its default, or RETORT_FAULT_TRIALS when set to a positive integer. */
export function faultTrials(fallback: number): number {
  const raised = Number(process.env.RETORT_FAULT_TRIALS);
  return Number.isInteger(raised) && raised > 0 ? raised : fallback;
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
