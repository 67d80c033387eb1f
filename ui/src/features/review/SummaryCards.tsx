// One card per change kind with its count; a card is also the table's filter (pressed = showing that kind).
import type { ChangeKind, ImportSummary } from "../../ipc/bindings";
import { formatCount } from "../../shared/formatCount";
import { changeKindOrder, changeKinds } from "../../shared/kinds";

type SummaryCardsProps = {
  summary: ImportSummary;
  selected: ChangeKind | null;
  onSelect: (kind: ChangeKind | null) => void;
};

export function SummaryCards({ summary, selected, onSelect }: SummaryCardsProps) {
  return (
    <ul className="review-cards" aria-label="People by kind of change">
      {changeKindOrder.map((kind) => {
        const style = changeKinds[kind];
        const KindIcon = style.icon;
        const count = summary.counts[kind];
        const pressed = selected === kind;
        return (
          <li key={kind}>
            <button
              type="button"
              className={`review-card review-card--${style.tone}${count === 0 ? " review-card--none" : ""}`}
              aria-pressed={pressed}
              title={`${style.description}. ${pressed ? "Showing these people; click to show everyone." : "Click to show these people."}`}
              onClick={() => onSelect(pressed ? null : kind)}
              data-testid={`review-card-${kind}`}
            >
              <span className="review-card__label">
                <KindIcon size={15} />
                {style.label}
              </span>
              <span className="review-card__count num" data-testid={`review-count-${kind}`}>
                {formatCount(count)}
              </span>
              {kind === "needs_attention" && count > 0 && (
                <span className="review-card__sub">
                  {summary.unresolved === 0 ? "all decided" : `${formatCount(summary.unresolved)} undecided`}
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
