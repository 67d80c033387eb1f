// Import history, browsable offline: every import with when, how it started, its outcome, mapping version and
// counts, newest first. Opening an import down to the person comes later.
import type { ImportSummary } from "../../ipc/bindings";
import { importHistory } from "../../ipc/client";
import { HistoryIcon } from "../../shared/icons";
import { describeCounts, OutcomeBadge, triggerLabels } from "../../shared/imports";
import { formatDateTime } from "../../shared/relativeTime";
import { hrefFor } from "../../shared/router/hashRoute";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { PageHeader } from "../../shared/ui/PageHeader";
import { Spinner } from "../../shared/ui/Spinner";
import { useIpcQuery } from "../../shared/useIpcQuery";
import "../../shared/ui/data-table.css";
import "./history.css";

/** The newest imports shown; paging through older ones comes with the fuller history. */
export const historyLimit = 200;

const loadHistory = () => importHistory(historyLimit, 0);

function HistoryTable({ imports }: { imports: ImportSummary[] }) {
  return (
    <div className="history-table__scroll" role="region" aria-label="Imports" tabIndex={0} data-scrolls-sideways>
      <table className="data-table history-table" data-testid="history-table">
        <thead>
          <tr>
            <th scope="col">Import</th>
            <th scope="col">When</th>
            <th scope="col">Started</th>
            <th scope="col">Outcome</th>
            <th scope="col">Mapping</th>
            <th scope="col">Changes</th>
          </tr>
        </thead>
        <tbody>
          {imports.map((entry) => (
            <tr
              key={entry.import_id}
              data-testid="history-row"
              data-import-id={entry.import_id}
              data-outcome={entry.outcome}
            >
              <th scope="row" className="num">
                {entry.import_id}
              </th>
              <td>
                <time dateTime={entry.created_at}>{formatDateTime(entry.created_at)}</time>
              </td>
              <td>{triggerLabels[entry.trigger]}</td>
              <td>
                <OutcomeBadge outcome={entry.outcome} />
                {entry.outcome === "failed" && entry.error && <p className="history-table__error">{entry.error}</p>}
                {(entry.outcome === "pending" || entry.outcome === "held") && (
                  <a href={hrefFor("review")} className="history-table__review">
                    Review
                  </a>
                )}
              </td>
              <td className="num">{entry.mapping_version === null ? "—" : `Version ${entry.mapping_version}`}</td>
              <td className="history-table__counts" data-testid="history-counts">
                {describeCounts(entry.counts)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function HistoryScreen() {
  const history = useIpcQuery(loadHistory);
  return (
    <div className="page page--wide history-screen">
      <PageHeader
        title="Import history"
        description="Every import Roster has previewed, applied or rejected, newest first. It is kept on this computer and works offline."
      />
      {history.status === "loading" && (
        <p className="history-loading" role="status">
          <Spinner /> Loading the import history…
        </p>
      )}
      {history.status === "failed" && (
        <ErrorCallout
          error={history.error}
          testId="history-error"
          action={
            <button type="button" className={buttonClass("secondary")} onClick={history.retry}>
              Try again
            </button>
          }
        />
      )}
      {history.status === "ready" && history.data.length === 0 && (
        <section className="panel" aria-labelledby="history-empty-title" data-testid="history-empty">
          <span className="panel__icon">
            <HistoryIcon size={20} />
          </span>
          <h2 id="history-empty-title" className="panel__title">
            No imports yet
          </h2>
          <p className="panel__text">
            Preview an import on Review; whether you approve or reject it, it is listed here with what it changed.
          </p>
          <div className="panel__actions">
            <a href={hrefFor("review")} className={buttonClass("primary")} data-testid="history-go-review">
              Go to Review
            </a>
          </div>
        </section>
      )}
      {history.status === "ready" && history.data.length > 0 && <HistoryTable imports={history.data} />}
    </div>
  );
}
