// An import held by a guardrail: why (one sentence per tripped limit) and the typed confirmation that lets
// Approve through. Typing a word is deliberate in a way a click is not.
import { useId } from "react";
import { CheckCircleIcon, ShieldIcon } from "../../shared/icons";

/** What the admin types to approve a held import (any letter case). */
export const guardrailWord = "APPLY";

export function guardrailConfirmed(typed: string): boolean {
  return typed.trim().toUpperCase() === guardrailWord;
}

type GuardrailBannerProps = {
  /** One sentence per tripped limit. */
  reasons: string[];
  /** Why guardrails exist and what typing the word does, for this screen. */
  explanation?: string;
  typed: string;
  onTyped: (typed: string) => void;
  testId?: string;
};

export function GuardrailBanner({ reasons, explanation, typed, onTyped, testId = "review-guardrail" }: GuardrailBannerProps) {
  const id = useId();
  const confirmed = guardrailConfirmed(typed);
  return (
    <section className="review-banner review-banner--guardrail" aria-labelledby={`${id}-title`} data-testid={testId}>
      <ShieldIcon size={20} className="review-banner__icon" />
      <div className="review-banner__body">
        <h2 id={`${id}-title`} className="review-banner__title">
          Held by your guardrails
        </h2>
        <ul className="review-banner__reasons">
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
        <p id={`${id}-what`} className="review-banner__text">
          {explanation ??
            "Guardrails stop a mistake in TriNet or in your mapping from changing many people at once. Look through the people it affects first."}{" "}
          To approve it anyway, type <strong>{guardrailWord}</strong> below; Approve stays off
          until you do.
        </p>
        <div className="guardrail-confirm">
          <label htmlFor={`${id}-input`} className="guardrail-confirm__label">
            Type {guardrailWord} to allow approval
          </label>
          <input
            id={`${id}-input`}
            className="text-input guardrail-confirm__input"
            value={typed}
            onChange={(e) => onTyped(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${id}-what ${id}-state`}
            data-testid={`${testId}-input`}
          />
          <span id={`${id}-state`} className="guardrail-confirm__state" aria-live="polite">
            {confirmed ? (
              <>
                <CheckCircleIcon size={14} /> Confirmed — Approve is available.
              </>
            ) : (
              "Not confirmed yet."
            )}
          </span>
        </div>
      </div>
    </section>
  );
}
