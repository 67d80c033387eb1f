// Reconciliation: the target against the directory now, nothing sent: orphaned accounts, people with no account,
// and accounts whose attributes differ; and the same as CSV for auditors. Every run is kept in History (the panel
// links to it, and says when the target was last reconciled).
import { useEffect, useId, useState } from "react";
import type { IpcError, ReconcileEntry, ReconcileReport, ReconciliationDetail, ReconciliationSummary } from "../../ipc/bindings";
import { exportReconcileCsv, historyReconciliations, isIpcError, reconcileReport, toIpcError } from "../../ipc/client";
import { CsvExportResult, useCsvExport } from "../../shared/csvExport";
import { formatCount } from "../../shared/formatCount";
import { DownloadIcon } from "../../shared/icons";
import { formatDateTime } from "../../shared/relativeTime";
import { historyHref } from "../history/place";
import { buttonClass } from "../../shared/ui/buttonClass";
import { TargetError } from "./TargetError";
import { Spinner } from "../../shared/ui/Spinner";
import { TableHead } from "./TableHead";

const findings: { key: keyof ReconcileReport; title: string; empty: string; what: string }[] = [
  {
    key: "orphans",
    title: "Orphaned accounts",
    what: "Active in the target with no directory person, or a former one. Roster never touches them unless the policy deactivates orphans.",
    empty: "No orphaned accounts.",
  },
  { key: "missing", title: "Missing accounts", what: "Directory people with no account in the target.", empty: "Everyone has an account." },
  { key: "mismatched", title: "Mismatched accounts", what: "Accounts whose attributes differ from the directory.", empty: "Every account matches." },
];

function Finding({ title, what, empty, entries, testId }: { title: string; what: string; empty: string; entries: ReconcileEntry[]; testId: string }) {
  const id = useId();
  return (
    <section className="section-card" aria-labelledby={id} data-testid={testId}>
      <h3 id={id} className="section-card__title">
        {title} <span className="num reconcile__count">{formatCount(entries.length)}</span>
      </h3>
      <p className="reconcile__what">{what}</p>
      {entries.length === 0 ? (
        <p className="reconcile__empty">{empty}</p>
      ) : (
        <div className="receipts__scroll" tabIndex={0} role="region" aria-labelledby={id}>
          <table className="data-table">
            <TableHead columns={["userName", "Employee ID", "Name", "Detail"]} />
            <tbody>
              {entries.map((e) => (
                <tr key={`${e.user_name}|${e.external_id ?? ""}`}>
                  <td>{e.user_name}</td>
                  <td>{e.external_id ?? "—"}</td>
                  <td>{e.display_name}</td>
                  <td>{e.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The three findings of a report, each a card with its accounts. */
export function ReconcileFindings({ report }: { report: ReconcileReport }) {
  return (
    <>
      {findings.map((f) => (
        <Finding key={f.key} title={f.title} what={f.what} empty={f.empty} entries={report[f.key]} testId={`reconcile-${f.key}`} />
      ))}
    </>
  );
}

/** "2 orphaned, 0 missing, 1 mismatched", or why the run failed. */
export function describeFound(s: ReconciliationSummary): string {
  if (s.failure !== null) return "Failed";
  return `${formatCount(s.orphans)} orphaned, ${formatCount(s.missing)} missing, ${formatCount(s.mismatched)} mismatched`;
}

/** The target's last kept run, so the panel says when it was last checked before anyone runs it again. */
function LastRun({ target }: { target: string }) {
  const [last, setLast] = useState<ReconciliationSummary | null>(null);
  useEffect(() => {
    let current = true;
    historyReconciliations({ target, offset: 0, limit: 1 }).then(
      (page) => current && setLast(page.reconciliations[0] ?? null),
      () => current && setLast(null),
    );
    return () => {
      current = false;
    };
  }, [target]);
  if (!last) return null;
  return (
    <p className="reconcile__last" data-testid="reconcile-last">
      Last run <time dateTime={last.run_at}>{formatDateTime(last.run_at)}</time>: {describeFound(last)}.{" "}
      <a href={historyHref({ reconciliationId: last.reconciliation_id })}>Open it in History</a>
    </p>
  );
}

export function ReconcilePanel({ target }: { target: string }) {
  const [run, setRun] = useState<ReconciliationDetail | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const csv = useCsvExport("export_reconcile_csv");
  async function start() {
    setRunning(true);
    setError(null);
    try {
      setRun(await reconcileReport(target));
    } catch (reason) {
      setError(isIpcError(reason) ? reason : toIpcError(reason, "reconcile_report"));
    } finally {
      setRunning(false);
    }
  }
  return (
    <div className="reconcile" data-testid="reconcile">
      <div className="push-panel__head">
        <p className="push-panel__text">
          Compares every account in <strong>{target}</strong> with your directory. Nothing is sent; every run is kept in
          History.
        </p>
        <button type="button" className={buttonClass("primary")} onClick={start} disabled={running} aria-busy={running || undefined} data-testid="reconcile-run">
          {running ? <><Spinner /> Reading the target…</> : run ? "Run again" : "Run reconciliation"}
        </button>
        {run && (
          <button
            type="button"
            className={buttonClass("secondary")}
            onClick={() => csv.run(() => exportReconcileCsv(run.summary.reconciliation_id))}
            disabled={csv.state.status === "working"}
            data-testid="reconcile-export"
          >
            <DownloadIcon size={15} /> Export CSV
          </button>
        )}
      </div>
      <CsvExportResult state={csv.state} noun={["finding", "findings"]} />
      {error && <TargetError error={error} testId="reconcile-error" onRetry={start} />}
      {run ? (
        <>
          <p className="reconcile__last" data-testid="reconcile-kept">
            Run <time dateTime={run.summary.run_at}>{formatDateTime(run.summary.run_at)}</time>, kept in History as{" "}
            <a href={historyHref({ reconciliationId: run.summary.reconciliation_id })}>
              reconciliation {formatCount(run.summary.reconciliation_id)}
            </a>
            .
          </p>
          <ReconcileFindings report={run.report} />
        </>
      ) : (
        !running && <LastRun key={error ? "after-error" : "first"} target={target} />
      )}
    </div>
  );
}
