/**
 * Runs `work` on every item with at most `limit` running at once, in the items' order (`worker` says which of the
 * workers, from 0, runs it); resolves with the number of workers when all have finished. `work` must not throw (a tenant's failure is its result); if it does, the run stops taking new items
 * and rejects once the running ones have ended.
 */
export async function runPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number, worker: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (_: unknown, id: number): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        await work(items[index]!, index, id);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure !== undefined) throw failure.error;
  return workers;
}
