// How far setup has got beyond the connection — a saved mapping, an applied import — read from Roster's core
// for the sidebar: again on every route change and connection change, and whenever a screen says it changed it
// (Map fields after a save or restore, Review after an approve) through useRefreshSetupProgress.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { historyImports, mappingCurrent } from "../ipc/client";
import type { SetupFacts } from "./setupSteps";

async function anyImportApplied(): Promise<boolean> {
  const page = await historyImports({ outcome: "applied", trigger: null, from: null, to: null, offset: 0, limit: 1 });
  return page.total > 0;
}

type SetupFactsTriggers = {
  /** Only a connected admin is past step 1, so nothing is read (and what was known is dropped) until then. */
  connected: boolean;
  /** Any change reads the facts again: the route, the connection's revision. */
  route: string;
  connectionRevision: number;
};

/**
 * The facts for currentSetupStep, undefined until first read. A failed read keeps what was known before (or
 * "not done"); the sidebar is a guide, so it never shows an error of its own.
 */
export function useSetupFacts({ connected, route, connectionRevision }: SetupFactsTriggers): {
  facts: SetupFacts | undefined;
  refresh: () => void;
} {
  const [facts, setFacts] = useState<SetupFacts | undefined>(undefined);
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    if (!connected) {
      setFacts(undefined);
      return;
    }
    let current = true;
    void Promise.allSettled([mappingCurrent(), anyImportApplied()]).then(([mapping, applied]) => {
      if (!current) return;
      setFacts((known) => ({
        mappingSaved: mapping.status === "fulfilled" ? mapping.value.version !== null : (known?.mappingSaved ?? false),
        importApplied: applied.status === "fulfilled" ? applied.value : (known?.importApplied ?? false),
      }));
    });
    return () => {
      current = false;
    };
  }, [connected, route, connectionRevision, revision]);

  const refresh = useCallback(() => setRevision((n) => n + 1), []);
  return { facts, refresh };
}

// Outside the shell (a screen rendered on its own in a test) there is no sidebar to refresh.
const RefreshSetupProgress = createContext<() => void>(() => {});

export function SetupProgressProvider({ refresh, children }: { refresh: () => void; children: ReactNode }) {
  return <RefreshSetupProgress.Provider value={refresh}>{children}</RefreshSetupProgress.Provider>;
}

/** Screens call this after a change that moves setup on: a mapping saved or restored, an import approved. */
export function useRefreshSetupProgress(): () => void {
  return useContext(RefreshSetupProgress);
}
