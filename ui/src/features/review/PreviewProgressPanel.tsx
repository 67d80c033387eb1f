// What a running preview is doing (waiting for another run, fetching page n of m, then planning), as a bar and in
// words, with Cancel.
import type { PreviewProgress } from "../../ipc/bindings";
import { formatCount } from "../../shared/formatCount";
import { fetchingShare, fetchingText, ProgressPanel } from "../../shared/ui/ProgressPanel";

type PreviewProgressPanelProps = {
  progress: PreviewProgress | null;
  cancelling: boolean;
  onCancel: () => void;
};

function describe(progress: PreviewProgress | null): string {
  if (!progress) return "Starting the preview…";
  if (progress.stage === "waiting") {
    return "Waiting for another Roster run to finish (a scheduled sync, or a preview in another window or terminal)…";
  }
  if (progress.stage === "planning") {
    return `Comparing ${formatCount(progress.employees)} employees with your directory…`;
  }
  return fetchingText(progress);
}

/** A fraction from 0 to 1 when it is known; null for an indeterminate bar. */
function fraction(progress: PreviewProgress | null): number | null {
  if (progress?.stage === "planning") return 1;
  if (!progress || progress.stage === "waiting") return null;
  return fetchingShare(progress);
}

export function PreviewProgressPanel({ progress, cancelling, onCancel }: PreviewProgressPanelProps) {
  return (
    <ProgressPanel
      title="Previewing the import"
      text={describe(progress)}
      share={fraction(progress)}
      hint="Nothing changes in your directory until you approve. A large company can take a few minutes."
      cancelling={cancelling}
      onCancel={onCancel}
      testId="review-progress"
      cancelTestId="review-cancel"
    />
  );
}
