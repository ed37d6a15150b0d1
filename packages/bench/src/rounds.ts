/**
 * Writes per second of each operation, best of `rounds` rounds taken in turn (so that the
 * machine's noise falls on every operation alike), `count` calls per round from `writers`
 * concurrent callers.
 */
export async function bestOfRounds<K extends string>(
  ops: Record<K, () => Promise<unknown>>,
  count: number,
  { rounds = 3, writers = 8 }: { rounds?: number; writers?: number } = {},
): Promise<Record<K, number>> {
  const perSecond = {} as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    for (const name of Object.keys(ops) as K[]) {
      const started = performance.now();
      let left = count;
      await Promise.all(
        Array.from({ length: writers }, async () => {
          while (left-- > 0) await ops[name]();
        }),
      );
      (perSecond[name] ??= []).push(count / ((performance.now() - started) / 1000));
    }
  }
  return Object.fromEntries(Object.entries<number[]>(perSecond).map(([name, values]) => [name, Math.max(...values)])) as Record<K, number>;
}
