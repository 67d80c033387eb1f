// One person in the review table: who, the kind of change, and what changes (field by field), or for a
// needs-attention line the reason and the decisions it allows.
import { useState } from "react";
import type { ChangeLine, Resolution } from "../../ipc/bindings";
import { KindBadge } from "../../shared/kinds";
import { FactValue, type Fact } from "../../shared/facts";
import { choicesFor, factsOf, factText, reasonLabels } from "./describe";

export { FactValue };

/** Every row is this tall, so positions follow from indices and only the visible rows exist. */
export const rowHeight = 64;

/** How many facts a row shows before "+N more". */
const factsShown = 2;

type ChangeRowProps = {
  line: ChangeLine;
  index: number;
  /** Whether decisions can still be made (an open, not stale import). */
  decidable: boolean;
  onResolve: (line: ChangeLine, resolution: Resolution | null) => Promise<void>;
  onDetails: (line: ChangeLine) => void;
};

function FactLine({ fact }: { fact: Fact }) {
  return (
    <span className="change-row__text fact" title={factText(fact)}>
      <span className="fact__label">{fact.label}:</span> <FactValue fact={fact} />
    </span>
  );
}

function MoreButton({ line, hidden, onDetails }: { line: ChangeLine; hidden: number; onDetails: (line: ChangeLine) => void }) {
  return (
    <button type="button" className="link-button change-row__more" onClick={() => onDetails(line)} data-testid="review-row-details">
      {hidden > 0 ? `+${hidden} more` : "Details"}
      <span className="visually-hidden"> for {line.name ?? line.employee_id ?? "this person"}</span>
    </button>
  );
}

function AttentionActions({ line, decidable, onResolve }: Pick<ChangeRowProps, "line" | "decidable" | "onResolve">) {
  const [busy, setBusy] = useState(false);
  const who = line.name ?? line.employee_id ?? "this record";

  async function choose(resolution: Resolution) {
    setBusy(true);
    try {
      await onResolve(line, line.resolution === resolution ? null : resolution);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="decision" role="group" aria-label={`Decision for ${who}`} aria-busy={busy || undefined}>
      {choicesFor(line).map((choice) => {
        const chosen = line.resolution === choice.resolution;
        return (
          <button
            key={choice.resolution}
            type="button"
            className={`decision__choice${chosen ? " decision__choice--chosen" : ""}`}
            aria-pressed={chosen}
            disabled={!decidable || busy}
            title={chosen ? `${choice.hint} Chosen — click again to undo.` : choice.hint}
            onClick={() => choose(choice.resolution)}
            data-testid={`resolve-${choice.resolution}`}
          >
            {choice.label}
          </button>
        );
      })}
      {!line.resolution && <span className="decision__undecided">Undecided · stays out</span>}
    </div>
  );
}

export function ChangeRow({ line, index, decidable, onResolve, onDetails }: ChangeRowProps) {
  const facts = factsOf(line);
  const attention = line.kind === "needs_attention";
  const shown = attention ? [] : facts.slice(0, factsShown);
  const hidden = facts.length - shown.length;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={`virtual-table__row change-row${attention && !line.resolution ? " change-row--open" : ""}`}
      style={{ top: index * rowHeight }}
      data-testid="review-row"
      data-seq={line.seq}
      data-kind={line.kind}
    >
      <div role="rowheader" className="change-row__cell change-row__person">
        <span className="change-row__name">{line.name ?? "No name"}</span>
        <span className="change-row__ids">
          <span className="mono">{line.employee_id ?? "no employee ID"}</span>
          <span aria-hidden="true"> · </span>
          <span className="visually-hidden">, </span>
          {line.work_email ?? <span className="fact__missing">no work email</span>}
        </span>
      </div>
      <div role="cell" className="change-row__cell change-row__kind">
        <KindBadge kind={line.kind} />
      </div>
      <div role="cell" className="change-row__cell change-row__facts">
        {attention ? (
          <>
            <span className="change-row__line">
              <span className="change-row__text" title={line.note ?? undefined}>
                <strong>{line.reason ? reasonLabels[line.reason] : "Needs attention"}</strong>
                {line.note && <span className="change-row__note"> — {line.note}</span>}
              </span>
              <MoreButton line={line} hidden={0} onDetails={onDetails} />
            </span>
            <AttentionActions line={line} decidable={decidable} onResolve={onResolve} />
          </>
        ) : facts.length === 0 ? (
          <span className="change-row__note">{line.note ?? "Nothing changes"}</span>
        ) : (
          <>
            {shown.map((fact, i) => (
              <span key={i} className="change-row__line">
                <FactLine fact={fact} />
                {i === shown.length - 1 && (hidden > 0 || line.note) && (
                  <MoreButton line={line} hidden={hidden} onDetails={onDetails} />
                )}
              </span>
            ))}
          </>
        )}
      </div>
    </div>
  );
}

/** A row whose page is still on its way. */
export function PendingRow({ index }: { index: number }) {
  return (
    <div role="row" aria-rowindex={index + 2} className="virtual-table__row change-row change-row--pending" style={{ top: index * rowHeight }}>
      <div role="cell" className="change-row__cell change-row__loading">
        Loading…
      </div>
    </div>
  );
}
