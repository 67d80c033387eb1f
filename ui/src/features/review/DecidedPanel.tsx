// After a decision: what applying changed (or that nothing did, for a rejection), with the way to History.
import type { Applied, ImportSummary } from "../../ipc/bindings";
import { formatCount } from "../../shared/formatCount";
import { BanIcon, CheckCircleIcon } from "../../shared/icons";
import { hrefFor } from "../../shared/router/hashRoute";
import { buttonClass } from "../../shared/ui/buttonClass";

type DecidedPanelProps = { onPreview: () => void };

export function AppliedPanel({ applied, onPreview }: DecidedPanelProps & { applied: Applied }) {
  const numbers: [string, number, string][] = [
    ["People changed", applied.people_changed, "review-applied-people"],
    ["Lifecycle events", applied.lifecycle_events, "review-applied-events"],
    ["Needs attention applied", applied.attention_applied, "review-applied-attention"],
    ["Needs attention left out", applied.attention_left_out, "review-applied-left-out"],
  ];
  return (
    <section className="panel" aria-labelledby="review-applied-title" data-testid="review-applied">
      <div role="status">
        <h2 id="review-applied-title" className="panel__title panel__title--success">
          <CheckCircleIcon size={20} />
          Import {applied.summary.import_id} applied
        </h2>
        <p className="panel__text">Roster applied the whole import in one step and recorded it in History.</p>
      </div>
      <dl className="applied-numbers">
        {numbers.map(([label, n, testId]) => (
          <div key={label} className="applied-numbers__item">
            <dt>{label}</dt>
            <dd className="num" data-testid={testId}>
              {formatCount(n)}
            </dd>
          </div>
        ))}
      </dl>
      <div className="panel__actions">
        <a href={hrefFor("history")} className={buttonClass("primary")} data-testid="review-go-history">
          Open History
        </a>
        <button type="button" className={buttonClass("secondary")} onClick={onPreview} data-testid="review-preview">
          Preview the next import
        </button>
      </div>
    </section>
  );
}

export function RejectedPanel({ summary, onPreview }: DecidedPanelProps & { summary: ImportSummary }) {
  return (
    <section className="panel" aria-labelledby="review-rejected-title" data-testid="review-rejected">
      <div role="status">
        <h2 id="review-rejected-title" className="panel__title">
          <BanIcon size={20} />
          Import {summary.import_id} rejected
        </h2>
        <p className="panel__text">
          Nothing in your directory changed. The rejected import is kept in History, so you can see what it would have
          done.
        </p>
      </div>
      <div className="panel__actions">
        <a href={hrefFor("history")} className={buttonClass("secondary")} data-testid="review-go-history">
          Open History
        </a>
        <button type="button" className={buttonClass("primary")} onClick={onPreview} data-testid="review-preview">
          Preview again
        </button>
      </div>
    </section>
  );
}
