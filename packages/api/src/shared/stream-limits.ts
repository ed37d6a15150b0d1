/**
 * Open streams on this instance, in all and per holder (a user, or an IP for visitors). Every
 * stream holds a connection and a little memory for as long as a tab is open, so both are
 * bounded; a browser tab needs one.
 */
export interface StreamLimits {
  /** A release function, or why the stream may not open. */
  acquire(holder: string): (() => void) | "instance-full" | "holder-full";
  readonly open: number;
}

export function createStreamLimits({ maxStreams, maxStreamsPerUser }: { maxStreams: number; maxStreamsPerUser: number }): StreamLimits {
  let open = 0;
  const perHolder = new Map<string, number>();
  return {
    acquire(holder) {
      if (open >= maxStreams) return "instance-full";
      const held = perHolder.get(holder) ?? 0;
      if (held >= maxStreamsPerUser) return "holder-full";
      open++;
      perHolder.set(holder, held + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open--;
        const left = (perHolder.get(holder) ?? 1) - 1;
        // Stryker disable next-line ConditionalExpression: a holder kept at 0 counts as one absent; deleting it keeps the map from growing with every visitor
        if (left) perHolder.set(holder, left);
        else perHolder.delete(holder);
      };
    },
    get open() {
      return open;
    },
  };
}
