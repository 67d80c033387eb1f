// One card per push kind with its count; a card is also the table's filter (pressed = showing that kind). The Delete
// card shows only where the target's deletion policy is on (or the push deletes someone): "0 deleted" next to a
// policy that never deletes would only worry the reviewer.
import type { PushCounts, PushKind } from "../../ipc/bindings";
import { KindCard } from "../review/SummaryCards";
import { pushKindOrder, pushKinds } from "./pushKinds";

type PushCardsProps = {
  counts: PushCounts;
  /** The deletion policy the push was planned with: null when the target never deletes. */
  deleteAfterDays: number | null;
  selected: PushKind | null;
  onSelect: (kind: PushKind | null) => void;
};

/** The kinds a push's cards show. */
export function shownKinds(counts: PushCounts, deleteAfterDays: number | null): readonly PushKind[] {
  return pushKindOrder.filter((kind) => kind !== "delete" || deleteAfterDays !== null || counts.delete > 0);
}

export function PushCards({ counts, deleteAfterDays, selected, onSelect }: PushCardsProps) {
  return (
    <ul className="review-cards" aria-label="Accounts by kind of change">
      {shownKinds(counts, deleteAfterDays).map((kind) => {
        const pressed = selected === kind;
        return (
          <li key={kind}>
            <KindCard
              style={pushKinds[kind]}
              count={counts[pushKinds[kind].count]}
              pressed={pressed}
              noun="accounts"
              onToggle={() => onSelect(pressed ? null : kind)}
              testId={`push-card-${kind}`}
              countTestId={`push-count-${kind}`}
            />
          </li>
        );
      })}
    </ul>
  );
}

/** Lines that would send something. */
export function toSend(counts: PushCounts): number {
  return counts.create + counts.update + counts.deactivate + counts.delete + counts.reactivate + counts.group_changes;
}
