// The people of an import, filtered by kind (from the summary cards), reason and a search, in a virtualised
// table: rows have one height, only those in view (plus a few) exist, and pages load as they scroll into view.
import { useEffect, useId, useState } from "react";
import type { AttentionReason, ChangeKind, ChangeLine, Resolution } from "../../ipc/bindings";
import { countOf } from "../../shared/formatCount";
import { changeKinds } from "../../shared/kinds";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { SearchField } from "../../shared/ui/SearchField";
import { Spinner } from "../../shared/ui/Spinner";
import { useDebounced } from "../../shared/useDebounced";
import { useVirtualWindow } from "../../shared/virtual/useVirtualWindow";
import "../../shared/virtual/virtual-table.css";
import { ChangeDetailsDialog } from "./ChangeDetailsDialog";
import { ChangeRow, PendingRow, rowHeight } from "./ChangeRow";
import { reasonLabels, reasonOrder } from "./describe";
import { useChangePages } from "./useChangePages";

export const searchDebounceMs = 250;

type ChangeTableProps = {
  importId: number;
  kind: ChangeKind | null;
  onShowAll: () => void;
  decidable: boolean;
  /** The changed line, or null when the decision failed (the screen shows why). */
  onResolve: (line: ChangeLine, resolution: Resolution | null) => Promise<ChangeLine | null>;
};

export function ChangeTable({ importId, kind, onShowAll, decidable, onResolve }: ChangeTableProps) {
  const headingId = useId();
  const reasonId = useId();
  const [typed, setTyped] = useState("");
  const search = useDebounced(typed, searchDebounceMs);
  const [reason, setReason] = useState<AttentionReason | null>(null);
  const [details, setDetails] = useState<ChangeLine | null>(null);
  const shownReason = kind === "needs_attention" ? reason : null;
  const pages = useChangePages(importId, { kind, reason: shownReason, search });

  const total = pages.total;
  const count = total ?? 0;
  // A new filter starts at the top.
  const { scrollRef, onScroll, first, last } = useVirtualWindow(count, rowHeight, pages.key);

  // Cheap when nothing is missing; runs after every render so pages also follow a reload or a new filter.
  useEffect(() => pages.request(first, last));

  async function resolve(line: ChangeLine, resolution: Resolution | null) {
    const updated = await onResolve(line, resolution);
    if (updated) pages.replace(updated);
  }

  const kindLabel = kind ? changeKinds[kind].label : "Everyone";
  const rows = [];
  if (total !== null) {
    for (let index = first; index <= last && index < count; index += 1) {
      const line = pages.rowAt(index);
      rows.push(
        line ? (
          <ChangeRow
            key={line.seq}
            line={line}
            index={index}
            decidable={decidable}
            onResolve={resolve}
            onDetails={setDetails}
          />
        ) : (
          <PendingRow key={`pending-${index}`} index={index} />
        ),
      );
    }
  }

  return (
    <section className="section-card change-section" aria-labelledby={headingId}>
      <div className="change-section__head">
        <h2 id={headingId} className="section-card__title">
          {kindLabel}
        </h2>
        <span className="change-section__count" aria-live="polite" data-testid="review-table-count">
          {total === null ? (
            <>
              <Spinner /> Loading…
            </>
          ) : (
            `${countOf(total, "person", "people")}${search.trim() ? ` matching “${search.trim()}”` : ""}`
          )}
        </span>
        {kind && (
          <button type="button" className="link-button" onClick={onShowAll} data-testid="review-show-all">
            Show everyone
          </button>
        )}
      </div>
      <div className="change-section__filters">
        <SearchField value={typed} onChange={setTyped} testId="review-search" />
        {kind === "needs_attention" && (
          <div className="reason-filter">
            <label htmlFor={reasonId} className="reason-filter__label">
              Reason
            </label>
            <select
              id={reasonId}
              className="select-input"
              value={reason ?? ""}
              onChange={(e) => setReason((e.target.value || null) as AttentionReason | null)}
              data-testid="review-reason"
            >
              <option value="">All reasons</option>
              {reasonOrder.map((r) => (
                <option key={r} value={r}>
                  {reasonLabels[r]}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {pages.error ? (
        <ErrorCallout
          error={pages.error}
          testId="review-table-error"
          onRetry={pages.reload}
        />
      ) : (
        <div
          ref={scrollRef}
          className="virtual-table__scroll change-table__scroll"
          tabIndex={0}
          role="region"
          aria-labelledby={headingId}
          onScroll={onScroll}
        >
          <div
            role="table"
            className="virtual-table change-table"
            aria-labelledby={headingId}
            aria-rowcount={count + 1}
            data-testid="review-table"
            data-total={total ?? undefined}
          >
            <div role="rowgroup" className="virtual-table__head">
              <div role="row" aria-rowindex={1} className="virtual-table__head-row change-table__head-row">
                <div role="columnheader">Person</div>
                <div role="columnheader">Change</div>
                <div role="columnheader">What changes</div>
              </div>
            </div>
            <div role="rowgroup" className="virtual-table__body" style={{ height: count * rowHeight }}>
              {rows}
            </div>
          </div>
          {total === 0 && (
            <p className="change-table__empty" data-testid="review-table-empty">
              {search.trim()
                ? `No one here matches “${search.trim()}”. Search looks at names, employee IDs and work emails.`
                : kind
                  ? `Nobody in this import is under “${changeKinds[kind].label}”.`
                  : "This import has no people."}
            </p>
          )}
        </div>
      )}
      {details && <ChangeDetailsDialog line={details} onClose={() => setDetails(null)} />}
    </section>
  );
}
