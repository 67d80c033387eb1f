// The exclusion rule: one TriNet field and the value that means "leave this person out of the directory".
import { useId } from "react";
import { KindBadge } from "../../shared/kinds";
import { ErrorCircleIcon } from "../../shared/icons";
import type { Exclusion, FieldIssue, SourceField } from "../../ipc/bindings";

type ExclusionPanelProps = {
  exclusion: Exclusion | null;
  sources: readonly SourceField[];
  errors: readonly FieldIssue[];
  onChange: (exclusion: Exclusion | null) => void;
};

export const defaultExclusionValue = "Yes";

export function ExclusionPanel({ exclusion, sources, errors, onChange }: ExclusionPanelProps) {
  const headingId = useId();
  const sourceId = useId();
  const valueId = useId();
  const explainId = useId();
  const errorId = useId();
  const samples = sources.find((s) => s.path === exclusion?.source)?.samples ?? [];
  return (
    <section className="section-card" aria-labelledby={headingId} data-testid="mapping-exclusion">
      <div className="mapping-section__head">
        <h2 id={headingId} className="section-card__title">
          Exclusion rule
        </h2>
      </div>
      <p id={explainId} className="mapping-section__intro">
        People whose TriNet value matches stay out of your directory. They are still listed in every review as{" "}
        <KindBadge kind="excluded" />, never silently dropped.
      </p>
      <div className="exclusion">
        <div className="form-field">
          <label htmlFor={sourceId} className="form-field__label">
            TriNet field
          </label>
          <select
            id={sourceId}
            className="select-input"
            value={exclusion?.source ?? ""}
            aria-describedby={explainId}
            onChange={(e) =>
              onChange(e.target.value ? { source: e.target.value, value: exclusion?.value ?? defaultExclusionValue } : null)
            }
            data-testid="mapping-exclusion-source"
          >
            <option value="">No exclusion rule</option>
            {sources.map((s) => (
              <option key={s.path} value={s.path}>
                {s.path}
              </option>
            ))}
          </select>
        </div>
        <span className="exclusion__equals" aria-hidden="true">
          is
        </span>
        <div className="form-field">
          <label htmlFor={valueId} className="form-field__label">
            Value that means “exclude”
          </label>
          <input
            id={valueId}
            className="text-input"
            value={exclusion?.value ?? defaultExclusionValue}
            disabled={!exclusion}
            aria-invalid={errors.length ? true : undefined}
            aria-describedby={errors.length ? errorId : undefined}
            onChange={(e) => exclusion && onChange({ ...exclusion, value: e.target.value })}
            data-testid="mapping-exclusion-value"
          />
        </div>
      </div>
      {exclusion && samples.length > 0 && (
        <p className="mapping-section__hint">
          Values seen in {exclusion.source}:{" "}
          {samples.map((s) => (
            <span key={s} className="sample">
              {s}
            </span>
          ))}
        </p>
      )}
      {errors.length > 0 && (
        <ul id={errorId} className="target__problems">
          {errors.map((e, i) => (
            <li key={i} className="problem problem--error">
              <ErrorCircleIcon size={14} />
              <span>{e.message}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
