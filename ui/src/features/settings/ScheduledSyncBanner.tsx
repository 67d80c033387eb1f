// The window's notice after a scheduled sync that needs the admin: an import held for review, a failed run,
// or an applied run that left needs-attention items out. Runs that applied cleanly stay quiet; History lists
// every run.
import { useCallback, useState } from "react";
import type { SyncOutcome } from "../../ipc/bindings";
import { onScheduledSync } from "../../ipc/client";
import { CloseIcon, WarningIcon } from "../../shared/icons";
import { hrefFor } from "../../shared/router/hashRoute";
import { useAppEvent } from "../../shared/useAppEvent";
import "./settings.css";

/** Whether a scheduled run's outcome needs the admin's eyes. */
function needsAdmin(o: SyncOutcome): boolean {
  return o.result === "held" || o.result === "failed" || o.needs_attention > 0;
}

/** Listens for scheduled syncs while mounted; `initial` lets tests start with an outcome. */
export function ScheduledSyncBanner({ initial = null }: { initial?: SyncOutcome | null }) {
  const [outcome, setOutcome] = useState<SyncOutcome | null>(initial);

  const onOutcome = useCallback((o: SyncOutcome) => {
    // A run that went well clears an earlier warning.
    setOutcome(needsAdmin(o) ? o : null);
  }, []);
  useAppEvent(onScheduledSync, onOutcome);

  if (!outcome) return null;
  const held = outcome.result === "held";
  const leftOut = outcome.result === "applied" || outcome.result === "nothing_to_do";
  const reason = outcome.reasons.join(" ");
  return (
    <div className="scheduled-sync-banner" role="status" data-testid="scheduled-sync-banner" data-result={outcome.result}>
      <WarningIcon size={16} className="scheduled-sync-banner__icon" />
      <p className="scheduled-sync-banner__text">
        {leftOut ? (
          <>
            <strong>Scheduled sync applied import #{outcome.import_id} without the items that need attention:</strong>{" "}
            {reason} <a href={hrefFor("review")}>Preview in Review to decide them</a>
          </>
        ) : held ? (
          <>
            <strong>
              Scheduled sync {outcome.review_import_id !== null && outcome.review_import_id === outcome.import_id
                ? `held import #${outcome.review_import_id} for review`
                : "is waiting for your review"}
              :
            </strong>{" "}
            {reason} <a href={hrefFor("review")}>Open Review</a>
          </>
        ) : (
          <>
            <strong>Scheduled sync failed:</strong> {reason} <a href={hrefFor("history")}>See History</a>
          </>
        )}
      </p>
      <button
        type="button"
        className="icon-button"
        aria-label="Dismiss the scheduled sync notice"
        onClick={() => setOutcome(null)}
        data-testid="scheduled-sync-dismiss"
      >
        <CloseIcon size={14} />
      </button>
    </div>
  );
}
