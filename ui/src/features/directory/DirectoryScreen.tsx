// The directory as the last applied import left it, browsable offline: search and filters (department,
// location, status, with counts), a virtualised table that pages through 100,000 people, CSV export of exactly
// the people shown, and one person's timeline (#/directory?person=<id>, which History links to).
import { useCallback, useEffect, useId, useState } from "react";
import type { DirectoryEntry, DirectoryFacets, DirectoryQuery, Facet, PersonStatus } from "../../ipc/bindings";
import { directoryFacets, directoryPeople, exportDirectoryCsv } from "../../ipc/client";
import { CsvExportResult, useCsvExport } from "../../shared/csvExport";
import { formatCount } from "../../shared/formatCount";
import { DirectoryIcon, DownloadIcon } from "../../shared/icons";
import { hrefFor, useHashParam } from "../../shared/router/hashRoute";
import { isPersonStatus, personStatuses, personStatusOrder } from "../../shared/statuses";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { PageHeader } from "../../shared/ui/PageHeader";
import { SearchField } from "../../shared/ui/SearchField";
import { Spinner } from "../../shared/ui/Spinner";
import { useDebounced } from "../../shared/useDebounced";
import { useIpcQuery } from "../../shared/useIpcQuery";
import { usePagedRows } from "../../shared/virtual/usePagedRows";
import { DirectoryTable } from "./DirectoryTable";
import { fallbackLabels, loadFieldLabels } from "./people";
import { PersonTimelinePanel } from "./PersonTimelinePanel";
import "./directory.css";

export const searchDebounceMs = 250;
/** People per request (the core allows up to 500). */
export const pageSize = 200;

type Filters = { department: string; location: string; status: PersonStatus | "" };
const noFilters: Filters = { department: "", location: "", status: "" };

/** The query for these filters, without paging (export takes every page). */
function queryFor(search: string, filters: Filters): DirectoryQuery {
  return {
    search: search.trim() || null,
    department: filters.department || null,
    location: filters.location || null,
    status: filters.status || null,
    offset: 0,
    limit: pageSize,
  };
}

function personFrom(param: string | null): number | null {
  const id = Number(param);
  return param !== null && Number.isInteger(id) && id > 0 ? id : null;
}

function FilterSelect({
  label,
  value,
  all,
  facets,
  optionLabel = (v) => v,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  all: string;
  facets: Facet[];
  optionLabel?: (value: string) => string;
  onChange: (value: string) => void;
  testId: string;
}) {
  const id = useId();
  return (
    <div className="directory-filter">
      <label htmlFor={id} className="directory-filter__label">
        {label}
      </label>
      <select id={id} className="select-input" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">{all}</option>
        {facets.map((facet) => (
          <option key={facet.value} value={facet.value}>
            {optionLabel(facet.value)} ({formatCount(facet.count)})
          </option>
        ))}
      </select>
    </div>
  );
}

function DirectoryBrowser({ facets, onOpen }: { facets: DirectoryFacets; onOpen: (personId: number) => void }) {
  const headingId = useId();
  const [typed, setTyped] = useState("");
  const search = useDebounced(typed, searchDebounceMs);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const labels = useIpcQuery(loadFieldLabels);
  const exporter = useCsvExport("export_directory_csv");
  const query = queryFor(search, filters);
  const key = JSON.stringify(query);
  const rows = usePagedRows<DirectoryEntry>(
    key,
    (offset, limit) => directoryPeople({ ...query, offset, limit }).then((page) => ({ total: page.total, rows: page.people })),
    pageSize,
    "directory_people",
  );
  const { clear } = exporter;
  // A confirmation is about the people exported; once the filters change it no longer describes the table.
  useEffect(() => clear(), [key, clear]);

  const filtered = typed.trim() !== "" || filters.department !== "" || filters.location !== "" || filters.status !== "";
  const statuses = personStatusOrder
    .map((status) => facets.statuses.find((f) => f.value === status))
    .filter((f): f is Facet => f !== undefined);
  const set = (change: Partial<Filters>) => setFilters((current) => ({ ...current, ...change }));
  const clearFilters = () => {
    setTyped("");
    setFilters(noFilters);
  };

  return (
    <section className="section-card directory-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="visually-hidden">
        People
      </h2>
      <div className="directory-toolbar">
        <SearchField value={typed} onChange={setTyped} testId="directory-search" className="directory-search" />
        <FilterSelect
          label="Status"
          value={filters.status}
          all="All statuses"
          facets={statuses}
          optionLabel={(v) => (isPersonStatus(v) ? personStatuses[v].label : v)}
          onChange={(v) => set({ status: isPersonStatus(v) ? v : "" })}
          testId="directory-filter-status"
        />
        <FilterSelect
          label="Department"
          value={filters.department}
          all="All departments"
          facets={facets.departments}
          onChange={(v) => set({ department: v })}
          testId="directory-filter-department"
        />
        <FilterSelect
          label="Location"
          value={filters.location}
          all="All locations"
          facets={facets.locations}
          onChange={(v) => set({ location: v })}
          testId="directory-filter-location"
        />
      </div>
      <div className="directory-summary">
        <p className="directory-summary__count" aria-live="polite">
          {rows.total === null ? (
            <>
              <Spinner /> Loading…
            </>
          ) : (
            <>
              <span className="directory-summary__number" data-testid="directory-total">
                {formatCount(rows.total)}
              </span>{" "}
              {filtered ? `of ${formatCount(facets.total)} ` : ""}
              {rows.total === 1 && !filtered ? "person" : "people"}
            </>
          )}
        </p>
        {filtered && (
          <button type="button" className="link-button" onClick={clearFilters} data-testid="directory-clear-filters">
            Clear filters
          </button>
        )}
        <button
          type="button"
          className={`${buttonClass("secondary")} directory-summary__export`}
          onClick={() => exporter.run(() => exportDirectoryCsv(query))}
          disabled={exporter.state.status === "working" || rows.total === 0}
          data-testid="directory-export-csv"
        >
          {exporter.state.status === "working" ? <Spinner /> : <DownloadIcon size={15} />}
          Export CSV
        </button>
      </div>
      <CsvExportResult state={exporter.state} noun={["person", "people"]} />
      {rows.error ? (
        <ErrorCallout
          error={rows.error}
          testId="directory-error"
          onRetry={rows.reload}
        />
      ) : rows.total === 0 ? (
        <div className="directory-no-match" data-testid="directory-no-match">
          <p>
            No one matches
            {search.trim() ? ` “${search.trim()}”` : ""}
            {filters.department || filters.location || filters.status ? " with these filters" : ""}. Search looks at
            names, employee IDs and work emails.
          </p>
          <button type="button" className={buttonClass("secondary")} onClick={clearFilters}>
            Clear filters
          </button>
        </div>
      ) : (
        <DirectoryTable
          rows={rows}
          labels={labels.status === "ready" ? labels.data : fallbackLabels}
          labelledBy={headingId}
          onOpen={onOpen}
        />
      )}
    </section>
  );
}

function NoImportsYet() {
  return (
    <section className="panel" aria-labelledby="directory-empty-title" data-testid="directory-empty">
      <span className="panel__icon">
        <DirectoryIcon size={20} />
      </span>
      <h2 id="directory-empty-title" className="panel__title">
        No one in the directory yet
      </h2>
      <p className="panel__text">
        The directory fills when you approve your first import. Preview it in Review, check what it would change, and
        approve it; everyone in it then appears here with their status.
      </p>
      <div className="panel__actions">
        <a href={hrefFor("review")} className={buttonClass("primary")} data-testid="directory-go-review">
          Run the first import in Review
        </a>
      </div>
    </section>
  );
}

export function DirectoryScreen() {
  const facets = useIpcQuery(directoryFacets);
  const personParam = useHashParam("person");
  const [openPerson, setOpenPerson] = useState<number | null>(null);

  // Opened a render after the address says so, so the panel takes focus after the page title has had it.
  useEffect(() => setOpenPerson(personFrom(personParam)), [personParam]);

  const open = useCallback((personId: number) => {
    window.location.hash = hrefFor("directory", { person: personId });
  }, []);
  const close = useCallback(() => {
    setOpenPerson(null);
    window.location.hash = hrefFor("directory");
  }, []);

  return (
    <div className="page page--wide directory-screen">
      <PageHeader
        title="Directory"
        description="Everyone as the last approved import left them, with their status. Kept on this computer; works offline."
      />
      {facets.status === "loading" && (
        <p className="directory-loading" role="status">
          <Spinner /> Loading the directory…
        </p>
      )}
      {facets.status === "failed" && (
        <ErrorCallout
          error={facets.error}
          testId="directory-error"
          onRetry={facets.retry}
        />
      )}
      {facets.status === "ready" && facets.data.total === 0 && <NoImportsYet />}
      {facets.status === "ready" && facets.data.total > 0 && <DirectoryBrowser facets={facets.data} onOpen={open} />}
      {openPerson !== null && <PersonTimelinePanel key={openPerson} personId={openPerson} onClose={close} />}
    </div>
  );
}
