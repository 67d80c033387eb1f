// Lifecycle events of applied imports (joiners, leavers, movers, leaves, rehires, type changes), newest first,
// filtered by kind, department and day, with a "Last quarter" range and a CSV export of exactly what is listed:
// how an admin finds who joined Engineering last quarter.
import { useEffect, useId, useState } from "react";
import type { EventQuery, EventRow, LifecycleEventKind } from "../../ipc/bindings";
import { directoryFacets, exportEventsCsv, historyEvents } from "../../ipc/client";
import { CsvExportResult, useCsvExport } from "../../shared/csvExport";
import { factText, fieldLabel } from "../../shared/facts";
import { countOf, formatCount } from "../../shared/formatCount";
import { DownloadIcon } from "../../shared/icons";
import { LifecycleBadge, lifecycleKindOrder, lifecycleKinds } from "../../shared/lifecycle";
import { buttonClass } from "../../shared/ui/buttonClass";
import { Spinner } from "../../shared/ui/Spinner";
import { formatDay } from "../../shared/relativeTime";
import { useIpcQuery } from "../../shared/useIpcQuery";
import { usePagedRows } from "../../shared/virtual/usePagedRows";
import { lastQuarter } from "./dates";
import { DateRange } from "./DateRange";
import { PagedTable, type RowFrame } from "./PagedTable";
import { historyHref, personHref } from "./place";

export const eventRowHeight = 56;
const eventPageSize = 100;

export type EventFilter = { kind: LifecycleEventKind | null; department: string; from: string; to: string };
export const noEventFilter: EventFilter = { kind: null, department: "", from: "", to: "" };

function queryOf(filter: EventFilter, offset: number, limit: number): EventQuery {
  return {
    kind: filter.kind,
    department: filter.department || null,
    location: null,
    from: filter.from || null,
    to: filter.to || null,
    offset,
    limit,
  };
}

function EventLine({ event, frame }: { event: EventRow; frame: RowFrame }) {
  const changes = event.fields.map((f) => factText({ label: fieldLabel(f.field), before: f.before, after: f.after, onlyAfter: false }));
  return (
    <div
      {...frame}
      className="virtual-table__row event-row"
      data-testid="events-row"
      data-event-kind={event.kind}
      data-department={event.department ?? ""}
      data-day={event.occurred_on}
    >
      <div role="cell" className="event-row__cell">
        <time dateTime={event.occurred_on}>{formatDay(event.occurred_on)}</time>
        <a href={historyHref({ importId: event.import_id })} className="event-row__sub">
          Import {formatCount(event.import_id)}
        </a>
      </div>
      <div role="rowheader" className="event-row__cell">
        <a href={personHref(event.person_id)} className="event-row__name" title="Open this person's timeline">
          {event.name ?? event.employee_id ?? `Person ${event.person_id}`}
        </a>
        <span className="event-row__sub">
          <span className="mono">{event.employee_id ?? "no employee ID"}</span>
          <span aria-hidden="true"> · </span>
          <span className="visually-hidden">, </span>
          {event.work_email ?? "no work email"}
        </span>
      </div>
      <div role="cell" className="event-row__cell">
        <LifecycleBadge kind={event.kind} />
      </div>
      <div role="cell" className="event-row__cell">
        <span className="event-row__text">{event.department ?? "No department"}</span>
        <span className="event-row__sub">{event.location ?? "No location"}</span>
      </div>
      <div role="cell" className="event-row__cell">
        {changes.length > 0 ? (
          <span className="event-row__text event-row__changes" title={changes.join("\n")}>
            {changes.join(" · ")}
          </span>
        ) : (
          <span className="event-row__sub">—</span>
        )}
      </div>
    </div>
  );
}

type LifecycleEventsProps = { filter: EventFilter; onFilter: (filter: EventFilter) => void };

export function LifecycleEvents({ filter, onFilter }: LifecycleEventsProps) {
  const headingId = useId();
  const kindId = useId();
  const departmentId = useId();
  const facets = useIpcQuery(directoryFacets);
  const csv = useCsvExport("export_events_csv");
  const filtered = filter.kind !== null || filter.department !== "" || filter.from !== "" || filter.to !== "";
  const key = JSON.stringify(filter);
  const pages = usePagedRows<EventRow>(
    key,
    (offset, limit) => historyEvents(queryOf(filter, offset, limit)).then((page) => ({ total: page.total, rows: page.events })),
    eventPageSize,
    "history_events",
  );
  const { clear } = csv;
  // A confirmation belongs to the filter it exported.
  useEffect(() => clear(), [key, clear]);
  const [quarter] = useState(() => lastQuarter());
  const isLastQuarter = filter.from === quarter.from && filter.to === quarter.to;

  const departments = facets.status === "ready" ? facets.data.departments : [];
  return (
    <section className="history-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="visually-hidden">
        Lifecycle events
      </h2>
      <div className="history-filters" role="group" aria-label="Filter lifecycle events">
        <div className="history-filter">
          <label htmlFor={kindId} className="history-filter__label">
            Event
          </label>
          <select
            id={kindId}
            className="select-input"
            value={filter.kind ?? ""}
            onChange={(e) => onFilter({ ...filter, kind: (e.target.value || null) as LifecycleEventKind | null })}
            data-testid="events-filter-kind"
          >
            <option value="">Every event</option>
            {lifecycleKindOrder.map((k) => (
              <option key={k} value={k}>
                {lifecycleKinds[k].label}
              </option>
            ))}
          </select>
        </div>
        <div className="history-filter">
          <label htmlFor={departmentId} className="history-filter__label">
            Department
          </label>
          <select
            id={departmentId}
            className="select-input"
            value={filter.department}
            onChange={(e) => onFilter({ ...filter, department: e.target.value })}
            data-testid="events-filter-department"
          >
            <option value="">Every department</option>
            {filter.department && !departments.some((d) => d.value === filter.department) && (
              <option value={filter.department}>{filter.department}</option>
            )}
            {departments.map((d) => (
              <option key={d.value} value={d.value}>
                {d.value}
              </option>
            ))}
          </select>
        </div>
        <DateRange
          legend="Between"
          from={filter.from}
          to={filter.to}
          onChange={(from, to) => onFilter({ ...filter, from, to })}
          testIds={{ from: "events-from", to: "events-to" }}
        >
          <button
            type="button"
            className={buttonClass("quiet")}
            aria-pressed={isLastQuarter}
            onClick={() => onFilter({ ...filter, ...quarter })}
            title={`${formatDay(quarter.from)} to ${formatDay(quarter.to)}`}
            data-testid="events-last-quarter"
          >
            Last quarter
          </button>
        </DateRange>
        {filtered && (
          <button type="button" className="link-button" onClick={() => onFilter(noEventFilter)} data-testid="events-filter-clear">
            Clear filters
          </button>
        )}
      </div>
      <div className="history-toolbar">
        <span className="history-filters__count num" aria-live="polite" data-testid="events-count">
          {pages.total === null ? (
            <>
              <Spinner /> Loading…
            </>
          ) : (
            countOf(pages.total, "event", "events")
          )}
        </span>
        <button
          type="button"
          className={buttonClass("secondary")}
          onClick={() => void csv.run(() => exportEventsCsv(queryOf(filter, 0, 0)))}
          disabled={csv.state.status === "working" || !pages.total}
          aria-busy={csv.state.status === "working" || undefined}
          data-testid="events-export-csv"
        >
          {csv.state.status === "working" ? <Spinner /> : <DownloadIcon size={15} />}
          Export CSV
        </button>
      </div>
      <CsvExportResult state={csv.state} noun={["event", "events"]} />
      <PagedTable
        label="Lifecycle events, newest first"
        testId="events-table"
        rowClass="event-row"
        rowHeight={eventRowHeight}
        columns={[{ label: "Day" }, { label: "Person" }, { label: "Event" }, { label: "Where" }, { label: "What changed" }]}
        pages={pages}
        renderRow={(event, frame) => <EventLine key={event.event_id} event={event} frame={frame} />}
        errorTestId="events-error"
        empty={
          filtered ? (
            <div className="vtable__empty-body" data-testid="events-empty">
              <p>No lifecycle events match these filters. Widen the dates or pick another department.</p>
              <button type="button" className={buttonClass("secondary")} onClick={() => onFilter(noEventFilter)}>
                Clear filters
              </button>
            </div>
          ) : (
            <p data-testid="events-empty">
              No lifecycle events yet. Joiners, leavers, movers, leaves and rehires are recorded when an import is
              applied on Review.
            </p>
          )
        }
      />
    </section>
  );
}
