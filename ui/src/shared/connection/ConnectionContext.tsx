// One shared view of the TriNet connection for every screen: loaded on start, re-checked once in the
// background when saved, and replaced by whatever each connect/save/check/revoke/sandbox action returns.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { ConnectionStatus, IpcError } from "../../ipc/bindings";
import { checkConnection, connectionStatus, isIpcError, toIpcError } from "../../ipc/client";
import type { IpcQueryState } from "../useIpcQuery";

export type ConnectionStore = {
  status: IpcQueryState<ConnectionStatus>;
  /** Bumps after every change, so views built from other commands (About) can reload. */
  revision: number;
  /** Takes the status an action returned as the truth for every screen. */
  accept: (status: ConnectionStatus) => void;
  /** Asks Rust again (connection_status); never rejects. */
  refresh: () => Promise<void>;
  /** Runs check_connection; a rejection is shown as Needs attention, never thrown. */
  check: () => Promise<void>;
};

const ConnectionContext = createContext<ConnectionStore | null>(null);

function asIpcError(reason: unknown, command: string): IpcError {
  return isIpcError(reason) ? reason : toIpcError(reason, command);
}

export function ConnectionProvider({ children, checkOnStart = true }: { children: ReactNode; checkOnStart?: boolean }) {
  const [status, setStatus] = useState<IpcQueryState<ConnectionStatus>>({ status: "loading" });
  const [revision, setRevision] = useState(0);
  const startedCheck = useRef(false);

  const accept = useCallback((next: ConnectionStatus) => {
    setStatus({ status: "ready", data: next });
    setRevision((n) => n + 1);
  }, []);

  const refresh = useCallback(async () => {
    try {
      accept(await connectionStatus());
    } catch (reason) {
      setStatus({ status: "failed", error: asIpcError(reason, "connection_status") });
    }
  }, [accept]);

  const check = useCallback(async () => {
    try {
      accept(await checkConnection());
    } catch (reason) {
      // Rust records most failures itself; if it could not, still show the admin what went wrong.
      const problem = asIpcError(reason, "check_connection");
      try {
        const saved = await connectionStatus();
        accept(saved.state === "connected" ? { ...saved, state: "needs_attention", problem } : saved);
      } catch (again) {
        setStatus({ status: "failed", error: asIpcError(again, "connection_status") });
      }
    }
  }, [accept]);

  useEffect(() => {
    // A ref, not state: StrictMode runs effects twice in development, and the check must run once.
    if (startedCheck.current) return;
    startedCheck.current = true;
    connectionStatus().then(
      (first) => {
        setStatus({ status: "ready", data: first });
        if (checkOnStart && first.state === "connected") void check();
      },
      (reason: unknown) => setStatus({ status: "failed", error: asIpcError(reason, "connection_status") }),
    );
  }, [check, checkOnStart]);

  const store = useMemo(() => ({ status, revision, accept, refresh, check }), [status, revision, accept, refresh, check]);
  return <ConnectionContext.Provider value={store}>{children}</ConnectionContext.Provider>;
}

export function useConnection(): ConnectionStore {
  const store = useContext(ConnectionContext);
  if (!store) throw new Error("useConnection must be used inside <ConnectionProvider>");
  return store;
}

/** The company's display name, falling back to its legal name and then its ID. */
export function companyLabel(status: Pick<ConnectionStatus, "company_name" | "legal_name" | "company_id">): string {
  return status.company_name || status.legal_name || status.company_id || "your company";
}
