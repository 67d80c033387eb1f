// What a running preview is doing (fetching page n of m, then planning), as a bar and in words, with Cancel.
import type { PreviewProgress } from "../../ipc/bindings";
import { formatCount } from "../../shared/formatCount";
import { buttonClass } from "../../shared/ui/buttonClass";
import { Spinner } from "../../shared/ui/Spinner";

type PreviewProgressPanelProps = {
  progress: PreviewProgress | null;
  cancelling: boolean;
  onCancel: () => void;
};

function describe(progress: PreviewProgress | null): string {
  if (!progress) return "Starting the preview…";
  if (progress.stage === "planning") {
    return `Comparing ${formatCount(progress.employees)} employees with your directory…`;
  }
  const received = `${formatCount(progress.employees_received)} employees so far`;
  return progress.pages_expected
    ? `Fetching employees from TriNet: page ${formatCount(progress.pages_done)} of ${formatCount(progress.pages_expected)} · ${received}`
    : `Fetching employees from TriNet: ${formatCount(progress.pages_done)} pages · ${received}`;
}

/** A fraction from 0 to 1 when it is known; null for an indeterminate bar. */
function fraction(progress: PreviewProgress | null): number | null {
  if (progress?.stage === "planning") return 1;
  if (progress?.stage === "fetching" && progress.pages_expected) {
    return Math.min(1, progress.pages_done / progress.pages_expected);
  }
  return null;
}

export function PreviewProgressPanel({ progress, cancelling, onCancel }: PreviewProgressPanelProps) {
  const share = fraction(progress);
  const text = describe(progress);
  return (
    <section className="panel review-progress" aria-labelledby="review-progress-heading" data-testid="review-progress">
      <h2 id="review-progress-heading" className="panel__title">
        Previewing the import
      </h2>
      <p className="review-progress__text" role="status" aria-live="polite" data-testid="review-progress-text">
        {text}
      </p>
      <div
        className={`progress-bar${share === null ? " progress-bar--indeterminate" : ""}`}
        role="progressbar"
        aria-label="Preview progress"
        aria-valuemin={share === null ? undefined : 0}
        aria-valuemax={share === null ? undefined : 100}
        aria-valuenow={share === null ? undefined : Math.round(share * 100)}
        aria-valuetext={text}
      >
        <span className="progress-bar__fill" style={share === null ? undefined : { width: `${share * 100}%` }} />
      </div>
      <p className="panel__hint">
        Nothing changes in your directory until you approve. A large company can take a few minutes.
      </p>
      <div className="panel__actions">
        <button
          type="button"
          className={buttonClass("secondary")}
          onClick={onCancel}
          disabled={cancelling}
          aria-busy={cancelling || undefined}
          data-testid="review-cancel"
        >
          {cancelling && <Spinner />}
          {cancelling ? "Cancelling…" : "Cancel"}
        </button>
      </div>
    </section>
  );
}
