// Listens for one app event while a component is mounted (a listener that resolves after unmount is stopped at once).
import { useEffect } from "react";

/** `subscribe` is a client function such as `onScheduledSync`; `handler` must be stable (a state setter or a
 * `useCallback`), or the listener is replaced on every render. */
export function useAppEvent<T>(subscribe: (handler: (payload: T) => void) => Promise<() => void>, handler: (payload: T) => void) {
  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    void subscribe(handler).then((unlisten) => {
      if (cancelled) unlisten();
      else stop = unlisten;
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [subscribe, handler]);
}
