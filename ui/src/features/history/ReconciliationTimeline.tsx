// Every reconciliation run against every target, newest first — target, when, who ran it (the window or the command
// line) and how many orphaned, missing and mismatched accounts it found, or that it failed and why — filtered by
// target. Runs are few, so a page of 100 with "Show more" is enough.
import { useCallback, useState } from "react";
import type { ReconciliationSummary } from "../../ipc/bindings";
import { historyReconciliations } from "../../ipc/client";
import { countOf, formatCount } from "../../shared/formatCount";
import { formatDateTime } from "../../shared/relativeTime";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { Spinner } from "../../shared/ui/Spinner";
import { useIpcQuery } from "../../shared/useIpcQuery";
import { historyHref } from "./place";
import { TargetName } from "./TargetName";
import { pushTriggerLabels, TargetFilter } from "./PushTimeline";

export type ReconciliationFilter = { target: string | null };
export const noReconciliationFilter: ReconciliationFilter = { target: null };

const pageSize = 100;

/** Who ran it: "Command line (cli:hr)". */
export function ranBy(s: ReconciliationSummary): string {
  return s.trigger ? `${pushTriggerLabels[s.trigger]}${s.run_by !== s.trigger ? ` (${s.run_by})` : ""}` : s.run_by;
}

function Row({ run }: { run: ReconciliationSummary }) {
  return (
    <tr data-testid="history-reconciliation-row" data-reconciliation-id={run.reconciliation_id} data-failed={run.failure !== null}>
      <th scope="row">
        <a href={historyHref({ reconciliationId: run.reconciliation_id })} data-testid="history-reconciliation-open">
          Run {formatCount(run.reconciliation_id)}
        </a>
      </th>
      <td>
        <TargetName name={run.target} />
      </td>
      <td>
        <time dateTime={run.run_at}>{formatDateTime(run.run_at)}</time>
      </td>
      <td>{ranBy(run)}</td>
      {run.failure !== null ? (
        <td colSpan={3} data-testid="history-reconciliation-failure">
          <strong>Failed:</strong> {run.failure}
        </td>
      ) : (
        <>
          <td className="num" data-testid="history-reconciliation-orphans">
            {formatCount(run.orphans)}
          </td>
          <td className="num">{formatCount(run.missing)}</td>
          <td className="num">{formatCount(run.mismatched)}</td>
        </>
      )}
    </tr>
  );
}

export function ReconciliationTimeline({ filter, onFilter }: { filter: ReconciliationFilter; onFilter: (filter: ReconciliationFilter) => void }) {
  const [limit, setLimit] = useState(pageSize);
  const load = useCallback(() => historyReconciliations({ ...filter, offset: 0, limit }), [filter, limit]);
  const loaded = useIpcQuery(load);
  const filtered = filter.target !== null;

  const page = loaded.status === "ready" ? loaded.data : null;
  const runs = page?.reconciliations ?? [];
  return (
    <section className="section-card" aria-label="Reconciliations, newest first" data-testid="reconciliation-timeline">
      <div className="history-filters">
        <TargetFilter
          targets={page?.targets}
          value={filter.target}
          onChange={(target) => onFilter({ target })}
          testId="reconciliation-filter-target"
        />
        <span className="history-filters__count num" data-testid="reconciliation-count" aria-live="polite">
          {page ? countOf(page.total, "reconciliation", "reconciliations") : loaded.status === "loading" ? <Spinner /> : null}
        </span>
        {filtered && (
          <button type="button" className="link-button" onClick={() => onFilter(noReconciliationFilter)} data-testid="reconciliation-filter-clear">
            Clear filter
          </button>
        )}
      </div>
      {loaded.status === "failed" && (
        <ErrorCallout error={loaded.error} testId="reconciliation-timeline-error" onRetry={loaded.retry} />
      )}
      {page && runs.length === 0 && (
        <div className="vtable__empty-body" data-testid="reconciliation-timeline-empty">
          {filtered ? (
            <>
              <p>No reconciliations of this target yet.</p>
              <button type="button" className={buttonClass("secondary")} onClick={() => onFilter(noReconciliationFilter)}>
                Clear filter
              </button>
            </>
          ) : (
            <p>
              No reconciliations yet. Run one in Provisioning, on a target&rsquo;s Reconciliation tab, or with{" "}
              <code>roster reconcile --target NAME</code>: every run is kept here.
            </p>
          )}
        </div>
      )}
      {runs.length > 0 && (
        <>
          <table className="data-table reconciliation-table" data-testid="reconciliation-table">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Target</th>
                <th scope="col">When</th>
                <th scope="col">Run from</th>
                <th scope="col" className="num">
                  Orphaned
                </th>
                <th scope="col" className="num">
                  Missing
                </th>
                <th scope="col" className="num">
                  Mismatched
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <Row key={r.reconciliation_id} run={r} />
              ))}
            </tbody>
          </table>
          {page && page.total > runs.length && (
            <button type="button" className={buttonClass("secondary")} onClick={() => setLimit((n) => Math.min(n + pageSize, 500))}>
              Show more
            </button>
          )}
        </>
      )}
    </section>
  );
}
