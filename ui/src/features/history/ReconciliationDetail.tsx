// One reconciliation opened from History: the target, when it ran and who ran it, what it found (every orphaned,
// missing and mismatched account, each named), or why it failed; and its CSV export for auditors.
import { useCallback } from "react";
import { exportReconcileCsv, historyReconciliation } from "../../ipc/client";
import { CsvExportResult, useCsvExport } from "../../shared/csvExport";
import { formatCount } from "../../shared/formatCount";
import { ArrowRightIcon, DownloadIcon, WarningIcon } from "../../shared/icons";
import { formatDateTime } from "../../shared/relativeTime";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { Spinner } from "../../shared/ui/Spinner";
import { useIpcQuery } from "../../shared/useIpcQuery";
import { describeFound, ReconcileFindings } from "../provisioning/ReconcilePanel";
import { ranBy } from "./ReconciliationTimeline";

export function ReconciliationDetailView({ reconciliationId, onBack }: { reconciliationId: number; onBack: () => void }) {
  const load = useCallback(() => historyReconciliation(reconciliationId), [reconciliationId]);
  const detail = useIpcQuery(load);
  const csv = useCsvExport("export_reconcile_csv");
  const failed = detail.status === "ready" && detail.data.summary.failure !== null;
  return (
    <article className="import-detail" data-testid="reconciliation-detail" aria-label={`Reconciliation ${reconciliationId}`}>
      <div className="import-detail__head">
        <button type="button" className="link-button" onClick={onBack} data-testid="reconciliation-detail-back">
          <ArrowRightIcon size={14} className="flip" /> All reconciliations
        </button>
        <h2 className="import-detail__title">Reconciliation {formatCount(reconciliationId)}</h2>
        {!failed && (
          <button
            type="button"
            className={buttonClass("secondary")}
            onClick={() => csv.run(() => exportReconcileCsv(reconciliationId))}
            disabled={csv.state.status === "working"}
            data-testid="reconciliation-detail-export"
          >
            <DownloadIcon size={14} /> Export CSV
          </button>
        )}
      </div>
      <CsvExportResult state={csv.state} noun={["row", "rows"]} />
      {detail.status === "loading" && (
        <p className="history-loading" role="status">
          <Spinner /> Loading reconciliation {formatCount(reconciliationId)}…
        </p>
      )}
      {detail.status === "failed" && <ErrorCallout error={detail.error} testId="reconciliation-detail-error" onRetry={detail.retry} />}
      {detail.status === "ready" && (
        <>
          <dl className="import-facts" data-testid="reconciliation-detail-facts">
            <div>
              <dt>Target</dt>
              <dd>{detail.data.summary.target}</dd>
            </div>
            <div>
              <dt>Run</dt>
              <dd>
                <time dateTime={detail.data.summary.run_at}>{formatDateTime(detail.data.summary.run_at)}</time>
              </dd>
            </div>
            <div>
              <dt>Run from</dt>
              <dd data-testid="reconciliation-detail-by">{ranBy(detail.data.summary)}</dd>
            </div>
            <div>
              <dt>Found</dt>
              <dd data-testid="reconciliation-detail-found">{describeFound(detail.data.summary)}</dd>
            </div>
          </dl>
          {detail.data.summary.failure !== null ? (
            <div className="import-note import-note--guardrail" data-testid="reconciliation-detail-failure">
              <WarningIcon size={16} />
              <div>
                <p className="import-note__title">This run could not compare the target with the directory.</p>
                <p>{detail.data.summary.failure}</p>
              </div>
            </div>
          ) : (
            <ReconcileFindings report={detail.data.report} />
          )}
        </>
      )}
    </article>
  );
}
