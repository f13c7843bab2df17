/**
 * Deep-freezes plain data and drops properties whose value is `undefined`, so two equal models or operations
 * are deep-equal whichever way they were built (an absent option and an `undefined` one look the same).
 * Returns the same object, frozen. Arrays keep their `undefined` elements.
 */
export function frozen<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) {
    for (const item of value) frozen(item);
    return Object.freeze(value);
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (record[key] === undefined) delete record[key];
    else frozen(record[key]);
  }
  return Object.freeze(value);
}
