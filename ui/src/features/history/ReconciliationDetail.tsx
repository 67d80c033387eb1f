// One reconciliation opened from History: the target, when it ran and who ran it, what it found (every orphaned,
// missing and mismatched account, each named), or why it failed; and its CSV export for auditors.
import { useCallback } from "react";
import { exportReconcileCsv, historyReconciliation } from "../../ipc/client";
import { formatCount } from "../../shared/formatCount";
import { WarningIcon } from "../../shared/icons";
import { formatDateTime } from "../../shared/relativeTime";
import { useIpcQuery } from "../../shared/useIpcQuery";
import { describeFound, ReconcileFindings } from "../provisioning/ReconcilePanel";
import { ranBy } from "./ReconciliationTimeline";
import { RunDetail } from "./RunDetail";
import { TargetName } from "./TargetName";

export function ReconciliationDetailView({ reconciliationId, onBack }: { reconciliationId: number; onBack: () => void }) {
  const load = useCallback(() => historyReconciliation(reconciliationId), [reconciliationId]);
  const detail = useIpcQuery(load);
  return (
    <RunDetail
      title={`Reconciliation ${formatCount(reconciliationId)}`}
      testId="reconciliation"
      backLabel="All reconciliations"
      onBack={onBack}
      detail={detail}
      exportCommand="export_reconcile_csv"
      exportCsv={() => exportReconcileCsv(reconciliationId)}
      canExport={(data) => data.summary.failure === null}
    >
      {(data) => (
        <>
          <dl className="import-facts" data-testid="reconciliation-detail-facts">
            <div>
              <dt>Target</dt>
              <dd>
                <TargetName name={data.summary.target} />
              </dd>
            </div>
            <div>
              <dt>Run</dt>
              <dd>
                <time dateTime={data.summary.run_at}>{formatDateTime(data.summary.run_at)}</time>
              </dd>
            </div>
            <div>
              <dt>Run from</dt>
              <dd data-testid="reconciliation-detail-by">{ranBy(data.summary)}</dd>
            </div>
            <div>
              <dt>Found</dt>
              <dd data-testid="reconciliation-detail-found">{describeFound(data.summary)}</dd>
            </div>
          </dl>
          {data.summary.failure !== null ? (
            <div className="import-note import-note--guardrail" data-testid="reconciliation-detail-failure">
              <WarningIcon size={16} />
              <div>
                <p className="import-note__title">This run could not compare the target with the directory.</p>
                <p>{data.summary.failure}</p>
              </div>
            </div>
          ) : (
            <ReconcileFindings report={data.report} />
          )}
        </>
      )}
    </RunDetail>
  );
}
