// Every import newest first — when, planned day, how it started, mapping version, outcome (with why it failed)
// and counts (the first applied import: that it is the baseline; an old one: that retention removed its details) —
// filtered by outcome, trigger and planned day, in a virtualised list that pages as it scrolls.
import { useEffect, useId, useState } from "react";
import type { ImportOutcome, ImportSummary, ImportTrigger } from "../../ipc/bindings";
import { historyImports } from "../../ipc/client";
import { countOf, formatCount } from "../../shared/formatCount";
import { HistoryIcon } from "../../shared/icons";
import {
  baselineText,
  describeCounts,
  detailsRemovedText,
  OutcomeBadge,
  outcomeStyles,
  peopleIn,
  triggerLabels,
} from "../../shared/imports";
import { formatDateTime, formatDay } from "../../shared/relativeTime";
import { hrefFor } from "../../shared/router/hashRoute";
import { buttonClass } from "../../shared/ui/buttonClass";
import { Spinner } from "../../shared/ui/Spinner";
import { usePagedRows } from "../../shared/virtual/usePagedRows";
import { DateRange } from "./DateRange";
import { PagedTable, type RowFrame } from "./PagedTable";
import { historyHref } from "./place";

/** Every row is this tall (two lines of text), so positions follow from indices. */
export const importRowHeight = 56;
/** Imports per request (the core allows up to 500). */
export const importPageSize = 100;

const outcomeOrder: readonly ImportOutcome[] = ["applied", "held", "pending", "rejected", "superseded", "failed"];
const triggerOrder: readonly ImportTrigger[] = ["manual", "scheduled", "cli"];

export type TimelineFilter = { outcome: ImportOutcome | null; trigger: ImportTrigger | null; from: string; to: string };
export const noTimelineFilter: TimelineFilter = { outcome: null, trigger: null, from: "", to: "" };

function ImportRow({ summary, frame, onOpen }: { summary: ImportSummary; frame: RowFrame; onOpen: (id: number) => void }) {
  const open = summary.outcome === "pending" || summary.outcome === "held";
  return (
    <div
      {...frame}
      className="virtual-table__row import-row"
      data-testid="history-row"
      data-import-id={summary.import_id}
      data-outcome={summary.outcome}
      // The link is the keyboard's way in; the whole row is a larger target for the mouse.
      onClick={(event) => {
        if (!(event.target as HTMLElement).closest("a, button")) onOpen(summary.import_id);
      }}
    >
      <div role="rowheader" className="import-row__cell">
        <a href={historyHref({ importId: summary.import_id })} className="import-row__open" data-testid="history-open">
          Import {formatCount(summary.import_id)}
        </a>
        <span className="import-row__sub">
          {summary.mapping_version === null ? "No mapping" : `Mapping v${summary.mapping_version}`}
        </span>
      </div>
      <div role="cell" className="import-row__cell">
        <time dateTime={summary.created_at}>{formatDateTime(summary.created_at)}</time>
        <span className="import-row__sub">
          {triggerLabels[summary.trigger]} · for <time dateTime={summary.plan_date}>{formatDay(summary.plan_date)}</time>
        </span>
      </div>
      <div role="cell" className="import-row__cell import-row__outcome">
        <OutcomeBadge outcome={summary.outcome} />
        {summary.outcome === "failed" && summary.error && (
          <span className="import-row__sub import-row__error" title={summary.error}>
            {summary.error}
          </span>
        )}
        {summary.guardrail.tripped && summary.outcome !== "held" && (
          <span className="import-row__sub">Guardrail tripped</span>
        )}
        {open && (
          <a href={hrefFor("review")} className="import-row__sub">
            Open in Review
          </a>
        )}
      </div>
      <div role="cell" className="import-row__cell">
        {summary.baseline ? (
          <>
            <span className="import-row__counts" title={describeCounts(summary.counts)} data-testid="history-baseline">
              {baselineText(summary)}
            </span>
            {/* One line below the counts: a pruned baseline says that instead. */}
            {!summary.details_removed && <span className="import-row__sub">Not counted as joiners</span>}
          </>
        ) : (
          <span
            className={`import-row__counts${summary.details_removed ? " import-row__counts--one-line" : ""}`}
            title={describeCounts(summary.counts)}
            data-testid="history-counts"
          >
            {describeCounts(summary.counts)}
          </span>
        )}
        {summary.details_removed && (
          <span className="import-row__sub" data-testid="history-details-removed">
            {detailsRemovedText}
          </span>
        )}
      </div>
      <div role="cell" className="import-row__cell import-row__people num">
        {formatCount(peopleIn(summary.counts))}
      </div>
    </div>
  );
}

type TimelineProps = {
  filter: TimelineFilter;
  onFilter: (filter: TimelineFilter) => void;
  onOpen: (importId: number) => void;
};

export function ImportTimeline({ filter, onFilter, onOpen }: TimelineProps) {
  const headingId = useId();
  const outcomeId = useId();
  const triggerId = useId();
  const filtered = filter.outcome !== null || filter.trigger !== null || filter.from !== "" || filter.to !== "";
  const key = JSON.stringify(filter);
  const pages = usePagedRows<ImportSummary>(
    key,
    (offset, limit) =>
      historyImports({
        outcome: filter.outcome,
        trigger: filter.trigger,
        from: filter.from || null,
        to: filter.to || null,
        offset,
        limit,
      }).then((page) => ({ total: page.total, rows: page.imports })),
    importPageSize,
    "history_imports",
  );
  const [announce, setAnnounce] = useState("");
  useEffect(() => {
    if (pages.total !== null) setAnnounce(countOf(pages.total, "import", "imports"));
  }, [pages.total, key]);

  if (pages.total === 0 && !filtered) {
    return (
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
    );
  }

  return (
    <section className="history-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="visually-hidden">
        Imports
      </h2>
      <div className="history-filters" role="group" aria-label="Filter imports">
        <div className="history-filter">
          <label htmlFor={outcomeId} className="history-filter__label">
            Outcome
          </label>
          <select
            id={outcomeId}
            className="select-input"
            value={filter.outcome ?? ""}
            onChange={(e) => onFilter({ ...filter, outcome: (e.target.value || null) as ImportOutcome | null })}
            data-testid="history-filter-outcome"
          >
            <option value="">Any outcome</option>
            {outcomeOrder.map((o) => (
              <option key={o} value={o}>
                {outcomeStyles[o].label}
              </option>
            ))}
          </select>
        </div>
        <div className="history-filter">
          <label htmlFor={triggerId} className="history-filter__label">
            Started
          </label>
          <select
            id={triggerId}
            className="select-input"
            value={filter.trigger ?? ""}
            onChange={(e) => onFilter({ ...filter, trigger: (e.target.value || null) as ImportTrigger | null })}
            data-testid="history-filter-trigger"
          >
            <option value="">Any way</option>
            {triggerOrder.map((t) => (
              <option key={t} value={t}>
                {triggerLabels[t]}
              </option>
            ))}
          </select>
        </div>
        <DateRange
          legend="Planned"
          from={filter.from}
          to={filter.to}
          onChange={(from, to) => onFilter({ ...filter, from, to })}
          testIds={{ from: "history-filter-from", to: "history-filter-to" }}
        />
        <span className="history-filters__count num" data-testid="history-count">
          {pages.total === null ? (
            <>
              <Spinner /> Loading…
            </>
          ) : (
            countOf(pages.total, "import", "imports")
          )}
        </span>
        {filtered && (
          <button type="button" className="link-button" onClick={() => onFilter(noTimelineFilter)} data-testid="history-filter-clear">
            Clear filters
          </button>
        )}
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      <PagedTable
        label="Imports, newest first"
        testId="history-table"
        rowClass="import-row"
        rowHeight={importRowHeight}
        columns={[
          { label: "Import" },
          { label: "When" },
          { label: "Outcome" },
          { label: "Changes" },
          { label: "People", numeric: true },
        ]}
        pages={pages}
        renderRow={(summary, frame) => <ImportRow key={summary.import_id} summary={summary} frame={frame} onOpen={onOpen} />}
        errorTestId="history-error"
        empty={
          <div className="vtable__empty-body" data-testid="history-no-match">
            <p>No imports match these filters.</p>
            <button type="button" className={buttonClass("secondary")} onClick={() => onFilter(noTimelineFilter)}>
              Clear filters
            </button>
          </div>
        }
      />
    </section>
  );
}
