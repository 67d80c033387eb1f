// Exactly what one import changed, per person and field (before → after): changed people only unless asked,
// filtered by kind and a search, virtualised and paged; each person links to their timeline in the Directory.
import { useId, useState } from "react";
import type { ChangeKind, ChangeLine } from "../../ipc/bindings";
import { reviewChanges } from "../../ipc/client";
import { factsOf, factText, FactValue } from "../../shared/facts";
import { countOf } from "../../shared/formatCount";
import { detailsRemovedText } from "../../shared/imports";
import { changeKindOrder, changeKinds, KindBadge, KindSelect } from "../../shared/kinds";
import { SearchField } from "../../shared/ui/SearchField";
import { Spinner } from "../../shared/ui/Spinner";
import { useDebounced } from "../../shared/useDebounced";
import { usePagedRows } from "../../shared/virtual/usePagedRows";
import { ChangeDetailsDialog } from "../review/ChangeDetailsDialog";
import { reasonLabels, resolutionLabel } from "../review/describe";
import { PagedTable, type RowFrame } from "./PagedTable";
import { personHref } from "./place";

export const lineRowHeight = 64;
const linePageSize = 100;
const factsShown = 2;
export const searchDebounceMs = 250;

/** What became of a line when its import was applied (or why it stayed out). */
function outcomeOf(line: ChangeLine): string | null {
  if (line.kind === "needs_attention") {
    const decision = resolutionLabel(line);
    const reason = line.reason ? reasonLabels[line.reason] : "Needs attention";
    return decision ? `${reason} · ${decision}` : `${reason} · no decision`;
  }
  return null;
}

function LineRow({ line, frame, onDetails }: { line: ChangeLine; frame: RowFrame; onDetails: (line: ChangeLine) => void }) {
  const facts = factsOf(line);
  const shown = facts.slice(0, factsShown);
  const hidden = facts.length - shown.length;
  const who = line.name ?? line.employee_id ?? "this person";
  const outcome = outcomeOf(line);
  return (
    <div {...frame} className="virtual-table__row line-row" data-testid="import-line"
      data-seq={line.seq}
      data-kind={line.kind}
    >
      <div role="rowheader" className="line-row__cell">
        <span className="line-row__name">
          {line.person_id !== null ? (
            <a href={personHref(line.person_id)} data-testid="import-line-person" title={`Open ${who}'s timeline`}>
              {line.name ?? "No name"}
            </a>
          ) : (
            (line.name ?? "No name")
          )}
        </span>
        <span className="line-row__sub">
          <span className="mono">{line.employee_id ?? "no employee ID"}</span>
          <span aria-hidden="true"> · </span>
          <span className="visually-hidden">, </span>
          {line.work_email ?? "no work email"}
        </span>
      </div>
      <div role="cell" className="line-row__cell">
        <KindBadge kind={line.kind} />
        {outcome && <span className="line-row__sub">{outcome}</span>}
      </div>
      <div role="cell" className="line-row__cell line-row__facts">
        {facts.length === 0 ? (
          <span className="line-row__sub">{line.note ?? "Nothing changed"}</span>
        ) : (
          shown.map((fact, i) => (
            <span key={i} className="line-row__line">
              <span className="line-row__text" title={factText(fact)} data-testid="import-line-fact">
                <span className="fact__label">{fact.label}:</span> <FactValue fact={fact} />
              </span>
              {i === shown.length - 1 && (hidden > 0 || line.note) && (
                <button type="button" className="link-button line-row__more" onClick={() => onDetails(line)}>
                  {hidden > 0 ? `+${hidden} more` : "Details"}
                  <span className="visually-hidden"> for {who}</span>
                </button>
              )}
            </span>
          ))
        )}
      </div>
    </div>
  );
}

type ImportChangesProps = {
  importId: number;
  kind: ChangeKind | null;
  onKind: (kind: ChangeKind | null) => void;
  /** The retention setting removed the import's per-person lines: nothing to list, which is not "changed no one". */
  detailsRemoved?: boolean;
};

export function ImportChanges({ importId, kind, onKind, detailsRemoved = false }: ImportChangesProps) {
  const headingId = useId();
  const unchangedId = useId();
  const [typed, setTyped] = useState("");
  const [withUnchanged, setWithUnchanged] = useState(false);
  const [details, setDetails] = useState<ChangeLine | null>(null);
  const search = useDebounced(typed.trim(), searchDebounceMs);
  const changedOnly = !withUnchanged && kind !== "unchanged";
  const key = JSON.stringify([importId, kind, search, changedOnly]);
  const pages = usePagedRows<ChangeLine>(
    key,
    (offset, limit) =>
      reviewChanges(importId, { kind, reason: null, search: search || null, field: null, changed_only: changedOnly, offset, limit }).then(
        (page) => ({ total: page.total, rows: page.lines }),
      ),
    linePageSize,
    "review_changes",
  );

  if (detailsRemoved) {
    // Nothing is stored to search or filter; the counts above are what is left.
    return (
      <section className="section-card import-changes" aria-labelledby={headingId}>
        <h3 id={headingId} className="section-card__title">
          What changed
        </h3>
        <p className="import-changes__removed" data-testid="import-lines-empty">
          {detailsRemovedText}: who this import changed is no longer stored. Its counts above are kept.
        </p>
      </section>
    );
  }

  return (
    <section className="section-card import-changes" aria-labelledby={headingId}>
      <div className="import-changes__head">
        <h3 id={headingId} className="section-card__title">
          What changed
        </h3>
        <span className="import-changes__count num" aria-live="polite" data-testid="import-lines-count">
          {pages.total === null ? (
            <>
              <Spinner /> Loading…
            </>
          ) : (
            `${countOf(pages.total, "person", "people")}${search ? ` matching “${search}”` : ""}`
          )}
        </span>
      </div>
      <div className="history-filters">
        <SearchField value={typed} onChange={setTyped} testId="import-search" className="history-search" />
        <KindSelect order={changeKindOrder} styles={changeKinds} value={kind} onChange={onKind} className="history-filter" testId="import-filter-kind" />
        <label htmlFor={unchangedId} className="check-field">
          <input
            id={unchangedId}
            type="checkbox"
            checked={withUnchanged || kind === "unchanged"}
            disabled={kind !== null}
            onChange={(e) => setWithUnchanged(e.target.checked)}
            data-testid="import-show-unchanged"
          />
          Include unchanged people
        </label>
      </div>
      <PagedTable
        label="What changed, per person"
        testId="import-lines"
        rowClass="line-row"
        rowHeight={lineRowHeight}
        columns={[{ label: "Person" }, { label: "Change" }, { label: "Before → after" }]}
        pages={pages}
        renderRow={(line, frame) => <LineRow key={line.seq} line={line} frame={frame} onDetails={setDetails} />}
        errorTestId="import-lines-error"
        empty={
          <p data-testid="import-lines-empty">
            {search
              ? `No one here matches “${search}”. Search looks at names, employee IDs and work emails.`
              : kind
                ? `Nobody in this import is under “${changeKinds[kind].label}”.`
                : "This import changed no one."}
          </p>
        }
      />
      {details && <ChangeDetailsDialog line={details} onClose={() => setDetails(null)} />}
    </section>
  );
}
