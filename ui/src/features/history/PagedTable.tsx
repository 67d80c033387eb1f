// The frame of History's long lists (imports, an import's people, lifecycle events): a scroll area with a sticky
// header and a body as tall as every row together, where only the rows in view exist and their pages load as
// they scroll into view; an error with Try again in its place, and what to say when nothing matches.
import { useEffect, type CSSProperties, type ReactNode } from "react";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import type { PagedRows } from "../../shared/virtual/usePagedRows";
import { useVirtualWindow } from "../../shared/virtual/useVirtualWindow";
import "../../shared/virtual/virtual-table.css";

/** What every row must carry: its role, its place for screen readers, and its position in the body. */
export type RowFrame = { role: "row"; "aria-rowindex": number; style: CSSProperties };

type PagedTableProps<T> = {
  /** Names the scroll region and the table. */
  label: string;
  testId: string;
  /** The class every row (and the header row) has; it sets the columns. */
  rowClass: string;
  rowHeight: number;
  columns: { label: string; numeric?: boolean }[];
  pages: PagedRows<T>;
  renderRow: (row: T, frame: RowFrame) => ReactNode;
  /** Shown under the header when nothing matches. */
  empty: ReactNode;
  errorTestId: string;
};

export function PagedTable<T>({ label, testId, rowClass, rowHeight, columns, pages, renderRow, empty, errorTestId }: PagedTableProps<T>) {
  const count = pages.total ?? 0;
  // A new query starts at the top.
  const { scrollRef, onScroll, first, last } = useVirtualWindow(count, rowHeight, pages.key);
  // Cheap when nothing is missing; runs after every render so pages follow a reload or a new query.
  useEffect(() => pages.request(first, Math.max(first, last)));

  if (pages.error) {
    return (
      <ErrorCallout
        error={pages.error}
        testId={errorTestId}
        onRetry={pages.reload}
      />
    );
  }

  const rows = [];
  for (let index = first; index <= last; index += 1) {
    const frame: RowFrame = { role: "row", "aria-rowindex": index + 2, style: { top: index * rowHeight } };
    const row = pages.rowAt(index);
    rows.push(
      row ? (
        renderRow(row, frame)
      ) : (
        <div key={`pending-${index}`} {...frame} className={`virtual-table__row ${rowClass} vtable__pending`}>
          <div role="cell">Loading…</div>
        </div>
      ),
    );
  }

  return (
    <div ref={scrollRef} className="virtual-table__scroll vtable__scroll" tabIndex={0} role="region" aria-label={label} onScroll={onScroll} data-scrolls-sideways>
      <div role="table" className="virtual-table vtable" aria-label={label} aria-rowcount={count + 1} data-testid={testId}>
        <div role="rowgroup" className="virtual-table__head">
          <div role="row" aria-rowindex={1} className={`virtual-table__head-row ${rowClass}`}>
            {columns.map((column) => (
              <div key={column.label} role="columnheader" className={column.numeric ? "num vtable__numeric" : undefined}>
                {column.label}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="virtual-table__body" style={{ height: count * rowHeight }}>
          {rows}
        </div>
      </div>
      {pages.total === 0 && <div className="vtable__empty">{empty}</div>}
    </div>
  );
}
