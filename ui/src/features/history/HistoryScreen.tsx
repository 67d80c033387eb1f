// History, browsable offline: the timeline of every import (open one to see exactly what it changed), every push and
// reconciliation against provisioning targets, charts worked out from applied imports, and the lifecycle events they
// recorded. Everything reads the local database.
import { useRef, useState, type KeyboardEvent } from "react";
import { PageHeader } from "../../shared/ui/PageHeader";
import { HistoryChartsPanel } from "./HistoryCharts";
import { ImportDetail } from "./ImportDetail";
import { ImportTimeline, noTimelineFilter, type TimelineFilter } from "./ImportTimeline";
import { LifecycleEvents, noEventFilter, type EventFilter } from "./LifecycleEvents";
import { PushDetailView } from "./PushDetail";
import { noPushFilter, PushTimeline, type PushFilter } from "./PushTimeline";
import { ReconciliationDetailView } from "./ReconciliationDetail";
import { noReconciliationFilter, ReconciliationTimeline, type ReconciliationFilter } from "./ReconciliationTimeline";
import { historyHref, useHistoryPlace, type HistoryPlace } from "./place";
import "../../shared/ui/forms.css";
import "./history.css";

const tabs: { id: HistoryPlace["tab"]; label: string }[] = [
  { id: "imports", label: "Imports" },
  { id: "pushes", label: "Pushes" },
  { id: "reconciliations", label: "Reconciliations" },
  { id: "charts", label: "Charts" },
  { id: "events", label: "Lifecycle events" },
];

export function HistoryScreen() {
  const [place, go] = useHistoryPlace();
  // Filters live here so they survive opening an import and switching tabs.
  const [timelineFilter, setTimelineFilter] = useState<TimelineFilter>(noTimelineFilter);
  const [eventFilter, setEventFilter] = useState<EventFilter>(noEventFilter);
  const tabRefs = useRef<(HTMLAnchorElement | null)[]>([]);
  const [pushFilter, setPushFilter] = useState<PushFilter>(noPushFilter);
  const [reconciliationFilter, setReconciliationFilter] = useState<ReconciliationFilter>(noReconciliationFilter);
  const current =
    place.importId !== null
      ? "imports"
      : place.pushId !== null
        ? "pushes"
        : place.reconciliationId !== null
          ? "reconciliations"
          : place.tab;

  function onTabKey(event: KeyboardEvent, index: number) {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = (index + step + tabs.length) % tabs.length;
    go({ tab: tabs[next].id });
    tabRefs.current[next]?.focus();
  }

  return (
    <div className="page page--wide history-screen">
      <PageHeader
        title="History"
        description="Every import Roster has previewed, applied or rejected, what each changed, the joiners, leavers and movers they recorded, every push to your identity providers with its receipts, and every reconciliation of their accounts. Kept on this computer; works offline."
      />
      <div role="tablist" aria-label="History views" className="history-tabs">
          {tabs.map((tab, index) => (
            <a
              key={tab.id}
              ref={(el) => {
                tabRefs.current[index] = el;
              }}
              role="tab"
              id={`history-tab-${tab.id}`}
              href={historyHref({ tab: tab.id })}
              aria-selected={current === tab.id}
              aria-controls="history-panel"
              tabIndex={current === tab.id ? 0 : -1}
              className="history-tabs__tab"
              onKeyDown={(e) => onTabKey(e, index)}
              data-testid={`history-tab-${tab.id}`}
            >
              {tab.label}
            </a>
          ))}
      </div>
      <div id="history-panel" role="tabpanel" aria-labelledby={`history-tab-${current}`} className="history-panel">
        {place.importId !== null ? (
          <ImportDetail key={place.importId} importId={place.importId} onBack={() => go({ tab: "imports" })} />
        ) : place.pushId !== null ? (
          <PushDetailView key={place.pushId} pushId={place.pushId} onBack={() => go({ tab: "pushes" })} />
        ) : place.reconciliationId !== null ? (
          <ReconciliationDetailView
            key={place.reconciliationId}
            reconciliationId={place.reconciliationId}
            onBack={() => go({ tab: "reconciliations" })}
          />
        ) : place.tab === "pushes" ? (
          <PushTimeline filter={pushFilter} onFilter={setPushFilter} />
        ) : place.tab === "reconciliations" ? (
          <ReconciliationTimeline filter={reconciliationFilter} onFilter={setReconciliationFilter} />
        ) : place.tab === "charts" ? (
          <HistoryChartsPanel />
        ) : place.tab === "events" ? (
          <LifecycleEvents filter={eventFilter} onFilter={setEventFilter} />
        ) : (
          <ImportTimeline filter={timelineFilter} onFilter={setTimelineFilter} onOpen={(importId) => go({ importId })} />
        )}
      </div>
    </div>
  );
}
