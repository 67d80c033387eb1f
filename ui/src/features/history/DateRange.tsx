// A from/to pair of day inputs (either may be empty), with an optional quick range beside them.
import { useId, type ReactNode } from "react";

type DateRangeProps = {
  legend: string;
  from: string;
  to: string;
  onChange: (from: string, to: string) => void;
  testIds: { from: string; to: string };
  children?: ReactNode;
};

export function DateRange({ legend, from, to, onChange, testIds, children }: DateRangeProps) {
  const fromId = useId();
  const toId = useId();
  const backwards = from !== "" && to !== "" && from > to;
  return (
    <fieldset className="date-range">
      <legend className="history-filter__label">{legend}</legend>
      <label htmlFor={fromId} className="visually-hidden">
        {legend} from
      </label>
      <input
        id={fromId}
        type="date"
        className="text-input date-range__input"
        value={from}
        max={to || undefined}
        onChange={(e) => onChange(e.target.value, to)}
        aria-invalid={backwards || undefined}
        data-testid={testIds.from}
      />
      <span aria-hidden="true" className="date-range__dash">
        –
      </span>
      <label htmlFor={toId} className="visually-hidden">
        {legend} to
      </label>
      <input
        id={toId}
        type="date"
        className="text-input date-range__input"
        value={to}
        min={from || undefined}
        onChange={(e) => onChange(from, e.target.value)}
        aria-invalid={backwards || undefined}
        data-testid={testIds.to}
      />
      {children}
    </fieldset>
  );
}
