// One card per change kind with its count; a card is also the table's filter (pressed = showing that kind).
import type { ChangeKind, ImportSummary } from "../../ipc/bindings";
import { formatCount } from "../../shared/formatCount";
import { changeKindOrder, changeKinds, type ChangeKindStyle } from "../../shared/kinds";
import type { ReactNode } from "react";

type SummaryCardsProps = {
  summary: ImportSummary;
  selected: ChangeKind | null;
  onSelect: (kind: ChangeKind | null) => void;
};

type KindCardProps = {
  style: ChangeKindStyle;
  count: number;
  pressed: boolean;
  /** "people" or "accounts": what the card's table lists. */
  noun: string;
  onToggle: () => void;
  testId: string;
  countTestId: string;
  children?: ReactNode;
};

/** One kind's card: its label, icon and count; pressing it filters the table to that kind. */
export function KindCard({ style, count, pressed, noun, onToggle, testId, countTestId, children }: KindCardProps) {
  const KindIcon = style.icon;
  return (
    <button
      type="button"
      className={`review-card review-card--${style.tone}${count === 0 ? " review-card--none" : ""}`}
      aria-pressed={pressed}
      title={`${style.description}. ${pressed ? `Showing these ${noun}; click to show ${noun === "people" ? "everyone" : `every ${noun}`}.` : `Click to show these ${noun}.`}`}
      onClick={onToggle}
      data-testid={testId}
    >
      <span className="review-card__label">
        <KindIcon size={15} />
        {style.label}
      </span>
      <span className="review-card__count num" data-testid={countTestId}>
        {formatCount(count)}
      </span>
      {children}
    </button>
  );
}

export function SummaryCards({ summary, selected, onSelect }: SummaryCardsProps) {
  return (
    <ul className="review-cards" aria-label="People by kind of change">
      {changeKindOrder.map((kind) => {
        const count = summary.counts[kind];
        const pressed = selected === kind;
        return (
          <li key={kind}>
            <KindCard
              style={changeKinds[kind]}
              count={count}
              pressed={pressed}
              noun="people"
              onToggle={() => onSelect(pressed ? null : kind)}
              testId={`review-card-${kind}`}
              countTestId={`review-count-${kind}`}
            >
              {kind === "needs_attention" && count > 0 && (
                <span className="review-card__sub">
                  {summary.unresolved === 0 ? "all decided" : `${formatCount(summary.unresolved)} undecided`}
                </span>
              )}
            </KindCard>
          </li>
        );
      })}
    </ul>
  );
}
