// What the composition root starts and stops: each feature's part, started in list order and
// stopped in reverse.
export interface Part {
  readonly name: string;
  start?(): void;
  stop?(): Promise<void> | void;
}

/** Stops the parts in reverse order; one that fails is logged and the others still stop. */
export async function stopInReverse(parts: readonly Part[], onError: (part: string, err: unknown) => void): Promise<void> {
  for (const part of [...parts].reverse()) {
    try {
      await part.stop?.();
    } catch (err) {
      onError(part.name, err);
    }
  }
}
