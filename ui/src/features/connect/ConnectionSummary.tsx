// The saved connection at a glance: which company, which credentials, when last verified, and what to do next.
import { useId, useState } from "react";
import type { ConnectionStatus } from "../../ipc/bindings";
import { companyLabel } from "../../shared/connection/ConnectionContext";
import { CheckCircleIcon, WarningIcon } from "../../shared/icons";
import { describeWhen, formatDateTime } from "../../shared/relativeTime";
import { hrefFor } from "../../shared/router/hashRoute";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { Spinner } from "../../shared/ui/Spinner";
import { ScopeChips } from "./ScopeChips";

type ConnectionSummaryProps = {
  status: ConnectionStatus;
  onCheck: () => Promise<void>;
  onRevoke: () => void;
};

function When({ iso }: { iso: string | null }) {
  if (!iso) return <>never</>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {describeWhen(iso)}
    </time>
  );
}

export function ConnectionSummary({ status, onCheck, onRevoke }: ConnectionSummaryProps) {
  const [checking, setChecking] = useState(false);
  const [checkedOnce, setCheckedOnce] = useState(false);
  const headingId = useId();
  const sandbox = status.profile === "sandbox";
  const attention = status.state === "needs_attention";
  const name = companyLabel(status);

  async function check() {
    setChecking(true);
    try {
      await onCheck();
    } finally {
      setChecking(false);
      setCheckedOnce(true);
    }
  }

  return (
    <section
      className={`connect-card summary-card${attention ? " summary-card--attention" : ""}`}
      aria-labelledby={headingId}
      data-testid="connect-summary"
      data-state={status.state}
    >
      <div className="summary-card__head">
        <span className="summary-card__icon">
          {attention ? <WarningIcon size={20} /> : <CheckCircleIcon size={20} />}
        </span>
        <div className="summary-card__titles">
          <h2 id={headingId} className="summary-card__title" tabIndex={-1} data-testid="connect-summary-title">
            {attention ? "Needs attention" : "Connected"} — {name}
          </h2>
          {status.legal_name && status.legal_name !== name && (
            <p className="summary-card__legal">{status.legal_name}</p>
          )}
        </div>
      </div>

      {attention && status.problem && <ErrorCallout error={status.problem} testId="connect-problem" />}

      <dl className="summary-facts">
        <div>
          <dt>Company ID</dt>
          <dd className="mono">{status.company_id}</dd>
        </div>
        <div>
          <dt>Client ID</dt>
          <dd className="mono">{status.client_id}</dd>
        </div>
        <div>
          <dt>API base URL</dt>
          <dd className="mono">{status.base_url}</dd>
        </div>
        <div>
          <dt>Last verified</dt>
          <dd data-testid="connect-last-verified">
            <When iso={status.last_verified_at} />
            {attention && status.last_checked_at && (
              <span className="summary-facts__aside">
                {" "}
                (last tried <When iso={status.last_checked_at} />)
              </span>
            )}
          </dd>
        </div>
        <div className="summary-facts__wide">
          <dt>Scopes granted</dt>
          <dd>
            <ScopeChips scopes={status.scopes} />
          </dd>
        </div>
      </dl>

      <div className="summary-card__actions">
        {!attention && (
          <a href={hrefFor("mapping")} className={buttonClass("primary")} data-testid="connect-next">
            Continue to Map fields
          </a>
        )}
        <button
          type="button"
          className={buttonClass(attention && sandbox ? "primary" : "secondary")}
          onClick={check}
          disabled={checking}
          aria-busy={checking || undefined}
          data-testid="connect-check"
        >
          {checking && <Spinner />}
          {checking ? "Checking…" : "Check again"}
        </button>
        <button type="button" className={buttonClass("danger-secondary")} onClick={onRevoke} data-testid="connect-revoke">
          {sandbox ? "Leave the sandbox…" : "Revoke…"}
        </button>
        <p className="summary-card__live" aria-live="polite">
          {checking
            ? "Checking the saved connection with TriNet…"
            : checkedOnce
              ? attention
                ? "Checked: the connection needs attention."
                : "Checked: the connection works."
              : ""}
        </p>
      </div>
    </section>
  );
}
