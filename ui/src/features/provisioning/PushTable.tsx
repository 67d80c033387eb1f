// A push plan's accounts in a virtualised table: search by name, userName or externalId, filter by kind (the cards
// set it too), each row with before → after per attribute, groups added and removed, and why a held line is held.
import { useId, useMemo, useState } from "react";
import type { PushChange, PushKind } from "../../ipc/bindings";
import { countOf } from "../../shared/formatCount";
import { KindSelect } from "../../shared/kinds";
import { Dialog } from "../../shared/ui/Dialog";
import { SearchField } from "../../shared/ui/SearchField";
import { useDebounced } from "../../shared/useDebounced";
import { useVirtualWindow } from "../../shared/virtual/useVirtualWindow";
import "../../shared/virtual/virtual-table.css";
import { afterText, attentionText, attributeLabel, PushKindBadge, pushKindOrder, pushKinds } from "./pushKinds";
import { TableHead } from "./TableHead";

const rowHeight = 64;
/** Facts a row shows before "+N more". */
const shown = 2;

function matches(change: PushChange, search: string): boolean {
  if (!search) return true;
  const text = `${change.display_name} ${change.user_name} ${change.external_id ?? ""}`.toLowerCase();
  return text.includes(search);
}

/** Each thing the line changes, as one short text. */
export function factsOf(change: PushChange): string[] {
  const facts = change.attributes.map(
    (a) => `${attributeLabel(a.attribute)}: ${a.before ?? "—"} → ${afterText(a)}`,
  );
  for (const g of change.groups_added) facts.push(`+ group ${g}`);
  for (const g of change.groups_removed) facts.push(`− group ${g}`);
  if (change.attention) facts.unshift(attentionText[change.attention]);
  return facts;
}

function PushRow({ change, index, onDetails }: { change: PushChange; index: number; onDetails: () => void }) {
  const facts = factsOf(change);
  const hidden = facts.length - shown;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className="virtual-table__row push-table__row"
      style={{ top: index * rowHeight, height: rowHeight }}
      data-testid="push-row"
    >
      <div role="cell" className="push-table__who">
        <span className="push-table__name">{change.display_name || change.user_name}</span>
        <span className="push-table__sub">{change.user_name}</span>
      </div>
      <div role="cell">
        <PushKindBadge kind={change.kind} />
      </div>
      <div role="cell" className="push-table__facts">
        {facts[0] && (
          <span className="push-table__fact" title={facts[0]}>
            {facts[0]}
          </span>
        )}
        <span className="push-table__line">
          {facts[1] && (
            <span className="push-table__fact" title={facts[1]}>
              {facts[1]}
            </span>
          )}
          {(hidden > 0 || change.attributes.length > 0) && (
            <button type="button" className="link-button push-table__more" onClick={onDetails} data-testid="push-row-details">
              {hidden > 0 ? `+${hidden} more` : "Details"}
              <span className="visually-hidden"> for {change.display_name || change.user_name}</span>
            </button>
          )}
        </span>
      </div>
    </div>
  );
}

function DetailsDialog({ change, onClose }: { change: PushChange; onClose: () => void }) {
  return (
    <Dialog title={change.display_name || change.user_name} onClose={onClose} testId="push-details">
      <p>
        <PushKindBadge kind={change.kind} /> {change.user_name}
        {change.external_id && <> · employee ID {change.external_id}</>}
      </p>
      {change.attention && <p className="push-attention">{attentionText[change.attention]}</p>}
      {change.attributes.length > 0 && (
        <table className="data-table push-details__table">
          <TableHead columns={["Attribute", "Before", "After"]} />
          <tbody>
            {change.attributes.map((a) => (
              <tr key={a.attribute}>
                <th scope="row">{attributeLabel(a.attribute)}</th>
                <td>{a.before ?? "—"}</td>
                <td>{afterText(a)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {change.groups_added.length > 0 && <p>Added to: {change.groups_added.join(", ")}</p>}
      {change.groups_removed.length > 0 && <p>Removed from: {change.groups_removed.join(", ")}</p>}
    </Dialog>
  );
}

type PushTableProps = {
  changes: PushChange[];
  kind: PushKind | null;
  onKind: (kind: PushKind | null) => void;
};

export function PushTable({ changes, kind, onKind }: PushTableProps) {
  const headingId = useId();
  const [typed, setTyped] = useState("");
  const [details, setDetails] = useState<PushChange | null>(null);
  // Filtering is in memory but a plan may hold 100,000 accounts: once typing pauses.
  const search = useDebounced(typed, 150).trim().toLowerCase();
  const rows = useMemo(
    () => changes.filter((c) => (kind === null || c.kind === kind) && matches(c, search)),
    [changes, kind, search],
  );
  const { scrollRef, onScroll, first, last } = useVirtualWindow(rows.length, rowHeight, `${kind}|${search}`);
  const visible = [];
  for (let i = first; i <= last && i < rows.length; i += 1) {
    const change = rows[i];
    visible.push(<PushRow key={`${change.user_name}|${i}`} change={change} index={i} onDetails={() => setDetails(change)} />);
  }
  return (
    <section className="section-card change-section" aria-labelledby={headingId}>
      <div className="change-section__head">
        <h2 id={headingId} className="section-card__title">
          {kind ? pushKinds[kind].label : "Every account"}
        </h2>
        <span className="change-section__count" aria-live="polite" data-testid="push-table-count">
          {countOf(rows.length, "account", "accounts")}
          {search && ` matching “${typed.trim()}”`}
        </span>
      </div>
      <div className="change-section__filters">
        <SearchField value={typed} onChange={setTyped} testId="push-search" />
        <KindSelect order={pushKindOrder} styles={pushKinds} value={kind} onChange={onKind} className="reason-filter" testId="push-kind" />
      </div>
      <div
        ref={scrollRef}
        className="virtual-table__scroll push-table__scroll"
        tabIndex={0}
        role="region"
        aria-labelledby={headingId}
        onScroll={onScroll}
      >
        <div role="table" className="virtual-table push-table" aria-labelledby={headingId} aria-rowcount={rows.length + 1} data-testid="push-table">
          <div role="rowgroup" className="virtual-table__head">
            <div role="row" aria-rowindex={1} className="virtual-table__head-row push-table__row">
              <div role="columnheader">Account</div>
              <div role="columnheader">Change</div>
              <div role="columnheader">What changes (before → after)</div>
            </div>
          </div>
          <div role="rowgroup" className="virtual-table__body" style={{ height: rows.length * rowHeight }}>
            {visible}
          </div>
        </div>
        {rows.length === 0 && (
          <p className="change-table__empty" data-testid="push-table-empty">
            {search ? `No account matches “${typed.trim()}”. Search looks at names, userNames and employee IDs.` : "No account here."}
          </p>
        )}
      </div>
      {details && <DetailsDialog change={details} onClose={() => setDetails(null)} />}
    </section>
  );
}
