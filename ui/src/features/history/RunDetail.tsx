// The frame of a push or a reconciliation opened from History: a way back to the list, the title, the CSV export
// (when there is something to export), the export's result, and the record loading, failed or shown.
import type { ReactNode } from "react";
import type { Exported } from "../../ipc/bindings";
import { CsvExportResult, useCsvExport } from "../../shared/csvExport";
import { ArrowRightIcon, DownloadIcon } from "../../shared/icons";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { Spinner } from "../../shared/ui/Spinner";
import type { IpcQuery } from "../../shared/useIpcQuery";

type RunDetailProps<T> = {
  /** "Push 3": the title, and what loads. */
  title: string;
  /** "push": test ids `${testId}-detail`, `-back`, `-export`, `-error`. */
  testId: string;
  backLabel: string;
  onBack: () => void;
  detail: IpcQuery<T>;
  /** The IPC command that saves the CSV, and the call; no button while `canExport` says there is nothing. */
  exportCommand: string;
  exportCsv: () => Promise<Exported | null>;
  canExport: (data: T) => boolean;
  children: (data: T) => ReactNode;
};

export function RunDetail<T>({ title, testId, backLabel, onBack, detail, exportCommand, exportCsv, canExport, children }: RunDetailProps<T>) {
  const csv = useCsvExport(exportCommand);
  const exportable = detail.status !== "ready" || canExport(detail.data);
  return (
    <article className="import-detail" data-testid={`${testId}-detail`} aria-label={title}>
      <div className="import-detail__head">
        <button type="button" className="link-button" onClick={onBack} data-testid={`${testId}-detail-back`}>
          <ArrowRightIcon size={14} className="flip" /> {backLabel}
        </button>
        <h2 className="import-detail__title">{title}</h2>
        {exportable && (
          <button
            type="button"
            className={buttonClass("secondary")}
            onClick={() => csv.run(exportCsv)}
            disabled={csv.state.status === "working"}
            data-testid={`${testId}-detail-export`}
          >
            <DownloadIcon size={14} /> Export CSV
          </button>
        )}
      </div>
      <CsvExportResult state={csv.state} noun={["row", "rows"]} />
      {detail.status === "loading" && (
        <p className="history-loading" role="status">
          <Spinner /> Loading {title.charAt(0).toLowerCase() + title.slice(1)}…
        </p>
      )}
      {detail.status === "failed" && <ErrorCallout error={detail.error} testId={`${testId}-detail-error`} onRetry={detail.retry} />}
      {detail.status === "ready" && children(detail.data)}
    </article>
  );
}
