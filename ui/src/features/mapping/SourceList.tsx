// The left column: every TriNet field found in the data, searchable, each card draggable by pointer or keyboard.
import { useId, type KeyboardEvent, type PointerEvent } from "react";
import { describeWhen, formatDateTime } from "../../shared/relativeTime";
import { Spinner } from "../../shared/ui/Spinner";
import type { Catalog, SourceField } from "../../ipc/bindings";
import { FieldCard } from "./FieldCard";
import { describeFill, formatCount } from "./spec";

type SourceListProps = {
  catalog: Catalog;
  search: string;
  onSearch: (value: string) => void;
  /** Paths some directory field reads, so cards can say "Mapped". */
  usedPaths: ReadonlySet<string>;
  pickedPath: string | null;
  draggingPath: string | null;
  refreshing: boolean;
  onRefresh: () => void;
  onPointerDown: (event: PointerEvent<HTMLElement>, path: string) => void;
  onKeyDown: (event: KeyboardEvent<HTMLElement>, path: string) => void;
  onBlur: (path: string) => void;
};

export function matchesSearch(field: SourceField, query: string): boolean {
  const needle = query.trim().toLowerCase();
  if (!needle) return true;
  return field.path.toLowerCase().includes(needle) || field.samples.some((s) => s.toLowerCase().includes(needle));
}

export function SourceList(props: SourceListProps) {
  const { catalog, search } = props;
  const headingId = useId();
  const helpId = useId();
  const searchId = useId();
  const shown = catalog.fields.filter((f) => matchesSearch(f, search));

  return (
    <section className="mapping-panel" aria-labelledby={headingId}>
      <div className="mapping-panel__head">
        <h2 id={headingId} className="mapping-panel__title">
          TriNet fields
        </h2>
        <span className="mapping-panel__count">
          {formatCount(catalog.fields.length)} found in {formatCount(catalog.employees)} employees
        </span>
      </div>
      <div className="mapping-panel__tools">
        <label htmlFor={searchId} className="visually-hidden">
          Search TriNet fields
        </label>
        <input
          id={searchId}
          type="search"
          className="text-input mapping-search"
          placeholder="Search fields or values"
          value={search}
          onChange={(e) => props.onSearch(e.target.value)}
          data-testid="mapping-search"
        />
        <button
          type="button"
          className={buttonClassQuiet}
          onClick={props.onRefresh}
          disabled={props.refreshing}
          aria-busy={props.refreshing || undefined}
          data-testid="mapping-refresh"
          title={`Read ${formatDateTime(catalog.fetched_at)}`}
        >
          {props.refreshing && <Spinner />}
          {props.refreshing ? "Reading…" : "Read again"}
        </button>
      </div>
      <p className="mapping-panel__meta">
        Read from TriNet <time dateTime={catalog.fetched_at}>{describeWhen(catalog.fetched_at)}</time>
        {search.trim() && (
          <>
            {" "}
            · <span data-testid="mapping-search-count">{formatCount(shown.length)} match</span>
          </>
        )}
      </p>
      <p id={helpId} className="visually-hidden">
        Press Space to pick up this field, then the arrow keys to choose a directory field and Space to drop.
      </p>
      {shown.length === 0 ? (
        <p className="mapping-panel__empty" data-testid="mapping-search-empty">
          No TriNet field or sample value contains “{search.trim()}”. Try part of a path, such as deptName.
        </p>
      ) : (
        <ul className="source-list" aria-label="TriNet fields">
          {shown.map((field) => {
            const picked = props.pickedPath === field.path;
            const dragging = props.draggingPath === field.path;
            const used = props.usedPaths.has(field.path);
            return (
              <li key={field.path}>
                <FieldCard
                  testId={`mapping-source-${field.path}`}
                  name={field.path}
                  chip={field.kind}
                  roleDescription="draggable TriNet field"
                  describedBy={helpId}
                  picked={picked}
                  dragging={dragging}
                  used={used}
                  onPointerDown={props.onPointerDown}
                  onKeyDown={props.onKeyDown}
                  onBlur={props.onBlur}
                >
                  <span className="source-card__samples">
                    {field.samples.length ? (
                      field.samples.map((s, i) => (
                        <span key={i} className="sample">
                          {s}
                        </span>
                      ))
                    ) : (
                      <span className="source-card__none">No values</span>
                    )}
                  </span>
                  <span className="source-card__fill num">{describeFill(field.filled, field.total)}</span>
                </FieldCard>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

const buttonClassQuiet = "button button--quiet mapping-panel__refresh";
