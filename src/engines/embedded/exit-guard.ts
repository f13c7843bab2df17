const SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
/** The signal listeners of all armed guards (one per open owner session), told apart from the program's. */
const guards = new Set<(...args: never[]) => unknown>();

/**
 * Runs `cleanup` (synchronous) if the process ends while the owner's session is open: on `exit` (an uncaught
 * error, `process.exit`), and on SIGINT, SIGTERM or SIGHUP when nothing else in the program listens for that
 * signal, in which case the signal is raised again afterwards so that the process still ends as it would have.
 * (A program that listens for the signal decides itself: it closes the session, or exits and so cleans up.)
 * The server runs in a process group of its own, so a terminal's Ctrl-C reaches only this process, and the
 * cleanup asks the server for a smart shutdown that lets the sessions of attached processes finish.
 * Returns the function that disarms the guard (on a normal close).
 */
export function guardExit(cleanup: () => void): () => void {
  const onExit = (): void => {
    disarm();
    cleanup();
  };
  const onSignal = (name: NodeJS.Signals): void => {
    if (process.listeners(name).some((listener) => !guards.has(listener))) return;
    disarm();
    cleanup();
    // The last guard to run raises it again, with no listener left: the default action ends the process.
    if (process.listenerCount(name) === 0) process.kill(process.pid, name);
  };
  const disarm = (): void => {
    guards.delete(onSignal);
    process.off("exit", onExit);
    for (const name of SIGNALS) process.off(name, onSignal);
  };
  guards.add(onSignal);
  process.once("exit", onExit);
  for (const name of SIGNALS) process.on(name, onSignal);
  return disarm;
}
