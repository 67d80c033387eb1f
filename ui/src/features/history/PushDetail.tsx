// One push opened from History: target, when and how it was sent, its state and counts, the guardrail if it held,
// its receipts with the failures first, every line it planned, and its CSV export (plan + receipt status per line).
import { useCallback, useState } from "react";
import type { PushKind } from "../../ipc/bindings";
import { exportPushCsv, historyPush } from "../../ipc/client";
import { formatCount } from "../../shared/formatCount";
import { ShieldIcon } from "../../shared/icons";
import { formatDateTime } from "../../shared/relativeTime";
import { useIpcQuery } from "../../shared/useIpcQuery";
import { PushCards } from "../provisioning/PushCards";
import { PushTable } from "../provisioning/PushTable";
import { pushStateLabel, ReceiptList } from "../provisioning/Receipts";
import { pushTriggerLabels } from "./PushTimeline";
import { RunDetail } from "./RunDetail";
import { TargetName } from "./TargetName";

export function PushDetailView({ pushId, onBack }: { pushId: number; onBack: () => void }) {
  const load = useCallback(() => historyPush(pushId), [pushId]);
  const detail = useIpcQuery(load);
  const [kind, setKind] = useState<PushKind | null>(null);
  return (
    <RunDetail
      title={`Push ${formatCount(pushId)}`}
      testId="push"
      backLabel="All pushes"
      onBack={onBack}
      detail={detail}
      exportCommand="export_push_csv"
      exportCsv={() => exportPushCsv(pushId)}
      canExport={() => true}
    >
      {(data) => (
        <>
          <dl className="import-facts" data-testid="push-detail-facts">
            <div>
              <dt>Target</dt>
              <dd>
                <TargetName name={data.summary.target} />
              </dd>
            </div>
            <div>
              <dt>Planned</dt>
              <dd>
                <time dateTime={data.summary.created_at}>{formatDateTime(data.summary.created_at)}</time>
              </dd>
            </div>
            <div>
              <dt>State</dt>
              <dd data-testid="push-detail-state">{pushStateLabel(data.summary.state)}</dd>
            </div>
            <div>
              <dt>Sent</dt>
              <dd data-testid="push-detail-trigger">
                {data.summary.trigger ? pushTriggerLabels[data.summary.trigger] : "Not sent"}
                {data.summary.decided_by && data.summary.decided_by !== data.summary.trigger && ` (${data.summary.decided_by})`}
              </dd>
            </div>
          </dl>
          {data.guardrail.tripped && (
            <div className="import-note import-note--guardrail" data-testid="push-detail-guardrail">
              <ShieldIcon size={16} />
              <div>
                <p className="import-note__title">A guardrail held this push.</p>
                <ul>
                  {data.guardrail.reasons.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              </div>
            </div>
          )}
          {data.receipts.length > 0 ? (
            <ReceiptList receipts={data.receipts} testId="push-detail-receipts" />
          ) : (
            <p className="import-note">Nothing was sent in this push.</p>
          )}
          <PushCards
            counts={data.summary.counts}
            deleteAfterDays={data.delete_after_days}
            selected={kind}
            onSelect={setKind}
          />
          <PushTable changes={data.changes} kind={kind} onKind={setKind} />
        </>
      )}
    </RunDetail>
  );
}
