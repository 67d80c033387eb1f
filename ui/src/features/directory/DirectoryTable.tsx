// Everyone matching the filters in a virtualised table: rows have one height, only those in view (plus a few)
// exist, and pages of people load as they scroll into view. Rows are one tab stop (arrow keys move between
// them, Enter opens the person's timeline).
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { DirectoryEntry } from "../../ipc/bindings";
import { formatDay } from "../../shared/relativeTime";
import { PersonStatusBadge } from "../../shared/statuses";
import type { PagedRows } from "../../shared/virtual/usePagedRows";
import { useVirtualWindow } from "../../shared/virtual/useVirtualWindow";
import "../../shared/virtual/virtual-table.css";
import { displayName, type FieldLabels } from "./people";

/** Every row is this tall, so positions follow from indices and only the visible rows exist. */
export const rowHeight = 48;
/** The sticky header's height, kept clear when a row is scrolled into view from the keyboard. */
const headHeight = 34;

type DirectoryTableProps = {
  rows: PagedRows<DirectoryEntry>;
  labels: FieldLabels;
  labelledBy: string;
  onOpen: (personId: number) => void;
};

function Cell({ text, className = "" }: { text: string | undefined; className?: string }) {
  return (
    <div role="cell" className={`directory-row__cell ${className}`} title={text || undefined}>
      {text || <span className="directory-row__none">—</span>}
    </div>
  );
}

function PersonRow({
  person,
  index,
  tabbable,
  onOpen,
  onKeyDown,
}: {
  person: DirectoryEntry;
  index: number;
  tabbable: boolean;
  onOpen: (personId: number) => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>, index: number) => void;
}) {
  const v = person.values;
  const name = displayName(person);
  const start = v.start_date ? formatDay(v.start_date) : undefined;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      tabIndex={tabbable ? 0 : -1}
      className="virtual-table__row directory-row"
      style={{ top: index * rowHeight }}
      data-testid="directory-row"
      data-person-id={person.person_id}
      data-index={index}
      onClick={() => onOpen(person.person_id)}
      onKeyDown={(event) => onKeyDown(event, index)}
    >
      <div role="rowheader" className="directory-row__cell directory-row__person">
        <span className="directory-row__name" title={name}>
          {name}
        </span>
        <span className="directory-row__ids" title={[v.employee_id, v.work_email].filter(Boolean).join(" · ")}>
          <span className="mono">{v.employee_id ?? "no employee ID"}</span>
          <span aria-hidden="true"> · </span>
          <span className="visually-hidden">, </span>
          {v.work_email ?? <span className="directory-row__none">no work email</span>}
        </span>
      </div>
      <div role="cell" className="directory-row__cell directory-row__status">
        <PersonStatusBadge status={person.status} />
      </div>
      <Cell text={v.department} />
      <Cell text={v.location} />
      <Cell text={v.job_title} />
      <div role="cell" className="directory-row__cell directory-row__date" title={v.start_date}>
        {start ? <time dateTime={v.start_date}>{start}</time> : <span className="directory-row__none">—</span>}
      </div>
    </div>
  );
}

/** A row whose page is still on its way. */
function PendingRow({ index }: { index: number }) {
  return (
    <div role="row" aria-rowindex={index + 2} className="virtual-table__row directory-row directory-row--pending" style={{ top: index * rowHeight }}>
      <div role="cell" className="directory-row__loading">
        Loading…
      </div>
    </div>
  );
}

export function DirectoryTable({ rows, labels, labelledBy, onOpen }: DirectoryTableProps) {
  const count = rows.total ?? 0;
  const { scrollRef, onScroll, first, last } = useVirtualWindow(count, rowHeight, rows.key);
  const [active, setActive] = useState(0);
  const focusNext = useRef<number | null>(null);

  // Cheap when nothing is missing; runs after every render so pages also follow a reload or a new filter.
  useEffect(() => rows.request(first, last));

  // A new filter starts the keyboard at the top too.
  useEffect(() => setActive(0), [rows.key]);

  // Focus the row the keyboard moved to once it has been drawn.
  useEffect(() => {
    const index = focusNext.current;
    if (index === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-testid="directory-row"][data-index="${index}"]`);
    if (row) {
      focusNext.current = null;
      row.focus({ preventScroll: true });
    }
  });

  function moveTo(index: number) {
    const target = Math.max(0, Math.min(count - 1, index));
    const scroller = scrollRef.current;
    if (scroller) {
      const top = target * rowHeight;
      const viewTop = scroller.scrollTop;
      const viewBottom = viewTop + scroller.clientHeight - headHeight;
      if (top < viewTop) scroller.scrollTop = top;
      else if (top + rowHeight > viewBottom) scroller.scrollTop = top + rowHeight - (scroller.clientHeight - headHeight);
    }
    focusNext.current = target;
    setActive(target);
  }

  function onRowKey(event: KeyboardEvent<HTMLDivElement>, index: number) {
    const page = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 480) - headHeight) / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: count - 1,
    };
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      const person = rows.rowAt(index);
      if (person) onOpen(person.person_id);
    } else if (Object.hasOwn(moves, event.key)) {
      event.preventDefault();
      moveTo(moves[event.key]);
    }
  }

  // The one tab stop: the active row when it is drawn and loaded, else the first loaded row in view.
  let tabStop = -1;
  if (active >= first && active <= last && rows.rowAt(active)) tabStop = active;
  const drawn = [];
  for (let index = first; index <= last && index < count; index += 1) {
    const person = rows.rowAt(index);
    if (person && tabStop < 0) tabStop = index;
    drawn.push(
      person ? (
        <PersonRow
          key={person.person_id}
          person={person}
          index={index}
          tabbable={index === tabStop}
          onOpen={onOpen}
          onKeyDown={onRowKey}
        />
      ) : (
        <PendingRow key={`pending-${index}`} index={index} />
      ),
    );
  }

  return (
    <div ref={scrollRef} className="virtual-table__scroll directory-table__scroll" onScroll={onScroll} data-scrolls-sideways>
      <div
        role="table"
        className="virtual-table directory-table"
        aria-labelledby={labelledBy}
        aria-rowcount={count + 1}
        data-testid="directory-table"
        data-total={rows.total ?? undefined}
      >
        <div role="rowgroup" className="virtual-table__head">
          <div role="row" aria-rowindex={1} className="virtual-table__head-row directory-table__head-row">
            <div role="columnheader" title={`Name · ${labels.label("employee_id")} · ${labels.label("work_email")}`}>
              Name
              <span className="directory-table__sub">
                {" "}
                · {labels.label("employee_id")} · {labels.label("work_email")}
              </span>
            </div>
            <div role="columnheader">Status</div>
            {(["department", "location", "job_title"] as const).map((field) => (
              <div key={field} role="columnheader" title={labels.label(field)}>
                {labels.label(field)}
              </div>
            ))}
            <div role="columnheader" className="directory-table__date-head" title={labels.label("start_date")}>
              {labels.label("start_date")}
            </div>
          </div>
        </div>
        <div role="rowgroup" className="virtual-table__body" style={{ height: count * rowHeight }}>
          {drawn}
        </div>
      </div>
    </div>
  );
}
