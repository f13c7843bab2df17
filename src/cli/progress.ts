import type { MigrationStep } from "../revisions/revision.js";

/** Runs of at least this many steps get a progress line (on a terminal). */
export const PROGRESS_MIN_STEPS = 5;

const CLEAR_LINE = "\r\u001b[K";

/**
 * The progress line of `upgrade`/`downgrade` on a terminal: `[3/12] upgrade 2a95102259be`, kept as the last
 * line of stderr and rewritten in place. Log lines go through {@link Progress.log}, which prints them above
 * it. Off the terminal (or for short runs) it prints the log lines and nothing else.
 */
export interface Progress {
  readonly log: (line: string) => void;
  readonly step: (step: MigrationStep, index: number, total: number) => void;
  /** Removes the progress line; call before anything else is printed (the result, an error). */
  readonly done: () => void;
}

export function progress(write: (text: string) => void, terminal: boolean): Progress {
  let shown: string | undefined;
  return {
    log(line) {
      write(shown === undefined ? `${line}\n` : `${CLEAR_LINE}${line}\n${shown}`);
    },
    step(step, index, total) {
      if (!terminal || total < PROGRESS_MIN_STEPS) return;
      shown = `[${index + 1}/${total}] ${step.direction} ${step.revision}`;
      write(`${CLEAR_LINE}${shown}`);
    },
    done() {
      if (shown !== undefined) write(CLEAR_LINE);
      shown = undefined;
    },
  };
}
