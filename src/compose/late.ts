// A part another part needs before it can be built: the ACD assigns calls to the call flow,
// whose effects kick the ACD; agents release calls held by callbacks, which run on agents.
// Such a link is named, typed and bound once, when its part is built; using it earlier is a
// clear error instead of a `!` on a variable that is still null.
export interface Late<T> {
  /** The bound part; throws naming it when it is not built yet. */
  readonly get: () => T;
  /** The bound part, or undefined before it is built (for checks such as readiness). */
  readonly peek: () => T | undefined;
  bind(value: T): T;
}

export function late<T>(what: string): Late<T> {
  let value: T | undefined;
  return {
    get: () => {
      if (value === undefined) throw new Error(`${what} is used before it is built`);
      return value;
    },
    peek: () => value,
    bind: (v) => {
      if (value !== undefined) throw new Error(`${what} is built twice`);
      value = v;
      return v;
    },
  };
}
