import { useState } from "react";

export interface Toggle {
  on: boolean;
  count: number;
}

/**
 * Shows a toggle's new state at once (favorite, follow), and puts the server's state back if the
 * call fails. `commit` performs the call for the wanted state and resolves with the server's view.
 */
export function useOptimisticToggle(server: Toggle, commit: (wanted: boolean) => Promise<Toggle>) {
  const [pending, setPending] = useState<Toggle | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = pending ?? server;
  const toggle = async () => {
    const wanted = !shown.on;
    setError(null);
    setPending({ on: wanted, count: shown.count + (wanted ? 1 : -1) });
    try {
      await commit(wanted);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "failed");
    } finally {
      setPending(null);
    }
  };
  return { shown, toggle, busy: pending !== null, error };
}
