// One card per push kind with its count; a card is also the table's filter (pressed = showing that kind).
import type { PushCounts, PushKind } from "../../ipc/bindings";
import { KindCard } from "../review/SummaryCards";
import { pushKindOrder, pushKinds } from "./pushKinds";

type PushCardsProps = { counts: PushCounts; selected: PushKind | null; onSelect: (kind: PushKind | null) => void };

export function PushCards({ counts, selected, onSelect }: PushCardsProps) {
  return (
    <ul className="review-cards" aria-label="Accounts by kind of change">
      {pushKindOrder.map((kind) => {
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
