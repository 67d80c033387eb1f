// Provisioning: the directory pushed to identity providers and apps over SCIM 2.0. Targets at the top; for the
// chosen one, its push (reviewed like an import), the reconciliation report and its rules.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { IpcError, TargetInfo } from "../../ipc/bindings";
import { isIpcError, targetList, toIpcError } from "../../ipc/client";
import { useConnection } from "../../shared/connection/ConnectionContext";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { PageHeader } from "../../shared/ui/PageHeader";
import { Spinner } from "../../shared/ui/Spinner";
import "../history/history.css";
import "../review/review.css";
import { PushPanel } from "./PushPanel";
import { ReconcilePanel } from "./ReconcilePanel";
import { RulesPanel } from "./RulesPanel";
import { TargetsPanel } from "./TargetsPanel";
import "./provisioning.css";

const tabs = [
  { id: "push", label: "Push" },
  { id: "reconcile", label: "Reconciliation" },
  { id: "rules", label: "Rules" },
] as const;
type Tab = (typeof tabs)[number]["id"];

function TargetTabs({ target }: { target: TargetInfo }) {
  const [tab, setTab] = useState<Tab>("push");
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  function onKey(event: KeyboardEvent, index: number) {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = (index + step + tabs.length) % tabs.length;
    setTab(tabs[next].id);
    refs.current[next]?.focus();
  }
  return (
    <section className="provisioning-target" aria-label={target.name}>
      <div role="tablist" aria-label={`${target.name} views`} className="history-tabs">
        {tabs.map((t, index) => (
          <button
            key={t.id}
            type="button"
            ref={(el) => {
              refs.current[index] = el;
            }}
            role="tab"
            id={`provisioning-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls="provisioning-panel"
            tabIndex={tab === t.id ? 0 : -1}
            className="history-tabs__tab provisioning-tab"
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => onKey(e, index)}
            data-testid={`provisioning-tab-${t.id}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id="provisioning-panel" role="tabpanel" aria-labelledby={`provisioning-tab-${tab}`} className="provisioning-panel">
        {tab === "push" ? (
          <PushPanel key={target.name} target={target.name} />
        ) : tab === "reconcile" ? (
          <ReconcilePanel key={target.name} target={target.name} />
        ) : (
          <RulesPanel key={target.name} target={target.name} caps={target.capabilities} />
        )}
      </div>
    </section>
  );
}

export function ProvisioningScreen() {
  const connection = useConnection();
  const sandbox = connection.status.status === "ready" && connection.status.data.profile === "sandbox";
  const [targets, setTargets] = useState<TargetInfo[] | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const load = useCallback((select?: string) => {
    targetList().then(
      (list) => {
        setTargets(list);
        setError(null);
        setSelected((current) => {
          const wanted = select ?? current;
          return list.some((t) => t.name === wanted) ? wanted : (list[0]?.name ?? null);
        });
      },
      (reason: unknown) => setError(isIpcError(reason) ? reason : toIpcError(reason, "target_list")),
    );
  }, []);
  useEffect(() => load(), [load]);
  const target = targets?.find((t) => t.name === selected) ?? null;
  return (
    <div className="page page--wide provisioning-screen">
      <PageHeader
        title="Provisioning"
        titleTestId="provisioning-title"
        description="Push your directory to identity providers and apps over SCIM 2.0: every push is a plan you review and approve, with a receipt for each account."
      />
      {error && <ErrorCallout error={error} testId="targets-error" onRetry={() => load()} />}
      {targets === null && !error && <Spinner />}
      {targets && <TargetsPanel targets={targets} selected={selected} sandbox={sandbox} onSelect={setSelected} onChanged={load} />}
      {target && <TargetTabs key={target.name} target={target} />}
    </div>
  );
}
