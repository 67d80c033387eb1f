// Reconciliation: the target against the directory now, nothing sent: orphaned accounts, people with no account,
// and accounts whose attributes differ; and the same as CSV for auditors.
import { useId, useState } from "react";
import type { IpcError, ReconcileEntry, ReconcileReport } from "../../ipc/bindings";
import { exportReconcileCsv, isIpcError, reconcileReport, toIpcError } from "../../ipc/client";
import { CsvExportResult, useCsvExport } from "../../shared/csvExport";
import { formatCount } from "../../shared/formatCount";
import { DownloadIcon } from "../../shared/icons";
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

export function ReconcilePanel({ target }: { target: string }) {
  const [report, setReport] = useState<ReconcileReport | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const csv = useCsvExport("export_reconcile_csv");
  async function run() {
    setRunning(true);
    setError(null);
    try {
      setReport(await reconcileReport(target));
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
          Compares every account in <strong>{target}</strong> with your directory. Nothing is sent.
        </p>
        <button type="button" className={buttonClass("primary")} onClick={run} disabled={running} aria-busy={running || undefined} data-testid="reconcile-run">
          {running ? <><Spinner /> Reading the target…</> : report ? "Run again" : "Run reconciliation"}
        </button>
        <button type="button" className={buttonClass("secondary")} onClick={() => csv.run(() => exportReconcileCsv(target))} disabled={csv.state.status === "working"} data-testid="reconcile-export">
          <DownloadIcon size={15} /> Export CSV
        </button>
      </div>
      <CsvExportResult state={csv.state} noun={["finding", "findings"]} />
      {error && <TargetError error={error} testId="reconcile-error" onRetry={run} />}
      {report &&
        findings.map((f) => <Finding key={f.key} title={f.title} what={f.what} empty={f.empty} entries={report[f.key]} testId={`reconcile-${f.key}`} />)}
    </div>
  );
}
