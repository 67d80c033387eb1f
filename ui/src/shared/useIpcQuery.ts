// Loads one IPC call into React state (loading, ready or failed) with a way to try again.
import { useCallback, useEffect, useState } from "react";
import type { IpcError } from "../ipc/bindings";
import { isIpcError, toIpcError } from "../ipc/client";

export type IpcQueryState<T> =
  | { status: "loading" }
  | { status: "ready"; data: T }
  | { status: "failed"; error: IpcError };

export type IpcQuery<T> = IpcQueryState<T> & { retry: () => void };

/** `load` must be stable (a module-level client function), or the call repeats on every render. */
export function useIpcQuery<T>(load: () => Promise<T>): IpcQuery<T> {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<IpcQueryState<T>>({ status: "loading" });

  useEffect(() => {
    let current = true;
    setState({ status: "loading" });
    load().then(
      (data) => current && setState({ status: "ready", data }),
      (reason: unknown) =>
        current &&
        setState({ status: "failed", error: isIpcError(reason) ? reason : toIpcError(reason, "request") }),
    );
    return () => {
      current = false;
    };
  }, [load, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
