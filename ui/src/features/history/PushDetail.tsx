// One push opened from History: target, when and how it was sent, its state and counts, the guardrail if it held,
// its receipts with the failures first, every line it planned, and its CSV export (plan + receipt status per line).
import { useCallback, useState } from "react";
import type { PushKind } from "../../ipc/bindings";
import { exportPushCsv, historyPush } from "../../ipc/client";
import { CsvExportResult, useCsvExport } from "../../shared/csvExport";
import { formatCount } from "../../shared/formatCount";
import { ArrowRightIcon, DownloadIcon, ShieldIcon } from "../../shared/icons";
import { formatDateTime } from "../../shared/relativeTime";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { Spinner } from "../../shared/ui/Spinner";
import { useIpcQuery } from "../../shared/useIpcQuery";
import { PushCards } from "../provisioning/PushCards";
import { PushTable } from "../provisioning/PushTable";
import { pushStateLabel, ReceiptList } from "../provisioning/Receipts";
import { pushTriggerLabels } from "./PushTimeline";

export function PushDetailView({ pushId, onBack }: { pushId: number; onBack: () => void }) {
  const load = useCallback(() => historyPush(pushId), [pushId]);
  const detail = useIpcQuery(load);
  const [kind, setKind] = useState<PushKind | null>(null);
  const csv = useCsvExport("export_push_csv");
  return (
    <article className="import-detail" data-testid="push-detail" aria-label={`Push ${pushId}`}>
      <div className="import-detail__head">
        <button type="button" className="link-button" onClick={onBack} data-testid="push-detail-back">
          <ArrowRightIcon size={14} className="flip" /> All pushes
        </button>
        <h2 className="import-detail__title">Push {formatCount(pushId)}</h2>
        <button
          type="button"
          className={buttonClass("secondary")}
          onClick={() => csv.run(() => exportPushCsv(pushId))}
          disabled={csv.state.status === "working"}
          data-testid="push-detail-export"
        >
          <DownloadIcon size={14} /> Export CSV
        </button>
      </div>
      <CsvExportResult state={csv.state} noun={["row", "rows"]} />
      {detail.status === "loading" && (
        <p className="history-loading" role="status">
          <Spinner /> Loading push {formatCount(pushId)}…
        </p>
      )}
      {detail.status === "failed" && <ErrorCallout error={detail.error} testId="push-detail-error" onRetry={detail.retry} />}
      {detail.status === "ready" && (
        <>
          <dl className="import-facts" data-testid="push-detail-facts">
            <div>
              <dt>Target</dt>
              <dd>{detail.data.summary.target}</dd>
            </div>
            <div>
              <dt>Planned</dt>
              <dd>
                <time dateTime={detail.data.summary.created_at}>{formatDateTime(detail.data.summary.created_at)}</time>
              </dd>
            </div>
            <div>
              <dt>State</dt>
              <dd data-testid="push-detail-state">{pushStateLabel(detail.data.summary.state)}</dd>
            </div>
            <div>
              <dt>Sent</dt>
              <dd data-testid="push-detail-trigger">
                {detail.data.summary.trigger ? pushTriggerLabels[detail.data.summary.trigger] : "Not sent"}
                {detail.data.summary.decided_by && ` (${detail.data.summary.decided_by})`}
              </dd>
            </div>
          </dl>
          {detail.data.guardrail.tripped && (
            <div className="import-note import-note--guardrail" data-testid="push-detail-guardrail">
              <ShieldIcon size={16} />
              <div>
                <p className="import-note__title">A guardrail held this push.</p>
                <ul>
                  {detail.data.guardrail.reasons.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              </div>
            </div>
          )}
          {detail.data.receipts.length > 0 ? (
            <ReceiptList receipts={detail.data.receipts} testId="push-detail-receipts" />
          ) : (
            <p className="import-note">Nothing was sent in this push.</p>
          )}
          <PushCards
            counts={detail.data.summary.counts}
            deleteAfterDays={detail.data.delete_after_days}
            selected={kind}
            onSelect={setKind}
          />
          <PushTable changes={detail.data.changes} kind={kind} onKind={setKind} />
        </>
      )}
    </article>
  );
}
