/** A change from one value to another; `from` is absent when the previous value is not known. */
export interface Change<T> {
  readonly from?: T;
  readonly to: T;
}
