// A long task in progress: what it is doing in words (announced politely), a bar (indeterminate until the share
// is known), a hint, and Cancel. Review's preview and Map fields' first read of TriNet use it.
import type { FetchProgress } from "../../ipc/bindings";
import { formatCount } from "../formatCount";
import { buttonClass } from "./buttonClass";
import { Spinner } from "./Spinner";
import "./progress-panel.css";

type ProgressPanelProps = {
  title: string;
  text: string;
  /** From 0 to 1 once known; null draws an indeterminate bar. */
  share: number | null;
  hint: string;
  cancelling: boolean;
  onCancel: () => void;
  /** Test ids: `${testId}`, `${testId}-text`, and `${cancelTestId}` for the button. */
  testId: string;
  cancelTestId: string;
};

/** A fetch's progress in words: pages of the known total (or so far) and employees received. */
export function fetchingText(progress: FetchProgress): string {
  const received = `${formatCount(progress.employees_received)} employees so far`;
  return progress.pages_expected
    ? `Fetching employees from TriNet: page ${formatCount(progress.pages_done)} of ${formatCount(progress.pages_expected)} · ${received}`
    : `Fetching employees from TriNet: ${formatCount(progress.pages_done)} pages · ${received}`;
}

/** A fetch's share done, or null while TriNet has not said how many pages there are. */
export function fetchingShare(progress: FetchProgress): number | null {
  return progress.pages_expected ? Math.min(1, progress.pages_done / progress.pages_expected) : null;
}

export function ProgressPanel({ title, text, share, hint, cancelling, onCancel, testId, cancelTestId }: ProgressPanelProps) {
  const headingId = `${testId}-heading`;
  return (
    <section className="panel progress-panel" aria-labelledby={headingId} data-testid={testId}>
      <h2 id={headingId} className="panel__title">
        {title}
      </h2>
      <p className="progress-panel__text" role="status" aria-live="polite" data-testid={`${testId}-text`}>
        {text}
      </p>
      <div
        className={`progress-bar${share === null ? " progress-bar--indeterminate" : ""}`}
        role="progressbar"
        aria-label={title}
        aria-valuemin={share === null ? undefined : 0}
        aria-valuemax={share === null ? undefined : 100}
        aria-valuenow={share === null ? undefined : Math.round(share * 100)}
        aria-valuetext={text}
      >
        <span className="progress-bar__fill" style={share === null ? undefined : { width: `${share * 100}%` }} />
      </div>
      <p className="panel__hint">{hint}</p>
      <div className="panel__actions">
        <button
          type="button"
          className={buttonClass("secondary")}
          onClick={onCancel}
          disabled={cancelling}
          aria-busy={cancelling || undefined}
          data-testid={cancelTestId}
        >
          {cancelling && <Spinner />}
          {cancelling ? "Cancelling…" : "Cancel"}
        </button>
      </div>
    </section>
  );
}
