// Edits how one directory field gets its value: direct copy, value map, date normalisation, fallback chain,
// template, or (for the manager) the supervisor's work email. Changes apply to the mapping on Apply.
import { useId, useRef, useState, type ReactNode } from "react";
import { ArrowDownIcon, ArrowUpIcon, CloseIcon, ErrorCircleIcon, PlusIcon } from "../../shared/icons";
import { buttonClass } from "../../shared/ui/buttonClass";
import { Dialog } from "../../shared/ui/Dialog";
import type { DirectoryField, FieldIssue, SourceField, Transform } from "../../ipc/bindings";
import { convertTransform, transformLabels, type TransformType } from "./spec";

type TransformDialogProps = {
  field: DirectoryField;
  transform: Transform | null;
  sources: readonly SourceField[];
  /** Directory fields a template may refer to. */
  tokens: readonly DirectoryField[];
  errors: readonly FieldIssue[];
  onApply: (transform: Transform) => void;
  onClose: () => void;
};

const typeHelp: Record<TransformType, string> = {
  direct: "Copies the TriNet value as it is.",
  value_map: "Looks the TriNet value up in a table, e.g. a department code to a group name.",
  date: "Reads dates written in any common form and stores them as year-month-day.",
  fallback: "Uses the first of several TriNet fields that has a value, e.g. preferred name, else legal first name.",
  template: "Joins directory fields and text, e.g. {first_name} {last_name}.",
  manager_email: "Finds the employee whose ID the TriNet field holds and uses their work email.",
};

function SourceSelect({
  value,
  sources,
  onChange,
  label,
  testId,
  hideLabel,
}: {
  value: string;
  sources: readonly SourceField[];
  onChange: (value: string) => void;
  label: string;
  testId?: string;
  hideLabel?: boolean;
}) {
  const id = useId();
  const known = sources.some((s) => s.path === value);
  return (
    <div className={hideLabel ? "transform__source transform__source--bare" : "form-field transform__source"}>
      <label htmlFor={id} className={hideLabel ? "visually-hidden" : "form-field__label"}>
        {label}
      </label>
      <select
        id={id}
        className="select-input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      >
        <option value="">Choose a TriNet field…</option>
        {value && !known && <option value={value}>{value}</option>}
        {sources.map((s) => (
          <option key={s.path} value={s.path}>
            {s.path}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TransformDialog({ field, transform, sources, tokens, errors, onApply, onClose }: TransformDialogProps) {
  const [draft, setDraft] = useState<Transform>(transform ?? { type: "direct", source: "" });
  const templateRef = useRef<HTMLInputElement>(null);
  const typeName = useId();
  const helpId = useId();
  const defaultId = useId();
  const templateId = useId();

  const types: TransformType[] = ["direct", "value_map", "date", "fallback", "template"];
  if (field.name === "manager_email" || draft.type === "manager_email") types.push("manager_email");

  const samplesOf = (path: string) => sources.find((s) => s.path === path)?.samples ?? [];

  let body: ReactNode;
  switch (draft.type) {
    case "direct":
    case "date":
    case "manager_email":
      body = (
        <SourceSelect
          label="TriNet field"
          value={draft.source}
          sources={sources}
          onChange={(source) => setDraft({ ...draft, source })}
          testId="mapping-transform-source"
        />
      );
      break;
    case "value_map": {
      const vm = draft;
      const setRow = (index: number, key: "from" | "to", value: string) =>
        setDraft({ ...vm, table: vm.table.map((r, i) => (i === index ? { ...r, [key]: value } : r)) });
      const unused = samplesOf(vm.source).filter((s) => !vm.table.some((r) => r.from === s));
      body = (
        <>
          <SourceSelect
            label="TriNet field"
            value={vm.source}
            sources={sources}
            onChange={(source) => setDraft({ ...vm, source })}
            testId="mapping-transform-source"
          />
          <table className="value-map" data-testid="mapping-value-map">
            <caption className="visually-hidden">Value map rows</caption>
            <thead>
              <tr>
                <th scope="col">TriNet value</th>
                <th scope="col" aria-hidden="true" className="value-map__arrow-col"></th>
                <th scope="col">Directory value</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {vm.table.length === 0 && (
                <tr>
                  <td colSpan={4} className="value-map__empty">
                    No rows yet: every value passes through unchanged.
                  </td>
                </tr>
              )}
              {vm.table.map((row, index) => (
                <tr key={index}>
                  <td>
                    <input
                      className="text-input"
                      value={row.from}
                      onChange={(e) => setRow(index, "from", e.target.value)}
                      aria-label={`TriNet value, row ${index + 1}`}
                      data-testid={`mapping-value-map-from-${index}`}
                    />
                  </td>
                  <td className="value-map__arrow" aria-hidden="true">
                    →
                  </td>
                  <td>
                    <input
                      className="text-input"
                      value={row.to}
                      onChange={(e) => setRow(index, "to", e.target.value)}
                      aria-label={`Directory value, row ${index + 1}`}
                      data-testid={`mapping-value-map-to-${index}`}
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Remove row ${index + 1}`}
                      onClick={() => setDraft({ ...vm, table: vm.table.filter((_, i) => i !== index) })}
                    >
                      <CloseIcon size={14} />
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="transform__row-actions">
            <button
              type="button"
              className={buttonClass("secondary")}
              onClick={() => setDraft({ ...vm, table: [...vm.table, { from: unused[0] ?? "", to: "" }] })}
              data-testid="mapping-value-map-add-row"
            >
              <PlusIcon size={14} />
              Add row
            </button>
            {unused.length > 0 && (
              <span className="transform__samples">
                Seen in TriNet:{" "}
                {unused.map((s) => (
                  <span key={s} className="sample">
                    {s}
                  </span>
                ))}
              </span>
            )}
          </div>
          <div className="form-field">
            <label htmlFor={defaultId} className="form-field__label">
              When no row matches
            </label>
            <input
              id={defaultId}
              className="text-input"
              value={vm.default ?? ""}
              placeholder="Keep the TriNet value"
              onChange={(e) => setDraft({ ...vm, default: e.target.value === "" ? null : e.target.value })}
              data-testid="mapping-value-map-default"
            />
          </div>
        </>
      );
      break;
    }
    case "fallback": {
      const fb = draft;
      const move = (from: number, to: number) => {
        const next = [...fb.sources];
        [next[from], next[to]] = [next[to], next[from]];
        setDraft({ ...fb, sources: next });
      };
      body = (
        <>
          <ol className="fallback" data-testid="mapping-fallback">
            {fb.sources.map((source, index) => (
              <li key={index} className="fallback__item">
                <span className="fallback__rank" aria-hidden="true">
                  {index === 0 ? "First" : "Else"}
                </span>
                <SourceSelect
                  label={`Source ${index + 1}`}
                  hideLabel
                  value={source}
                  sources={sources}
                  onChange={(value) => setDraft({ ...fb, sources: fb.sources.map((s, i) => (i === index ? value : s)) })}
                  testId={`mapping-fallback-source-${index}`}
                />
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move source ${index + 1} up`}
                  disabled={index === 0}
                  onClick={() => move(index, index - 1)}
                >
                  <ArrowUpIcon size={14} />
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move source ${index + 1} down`}
                  disabled={index === fb.sources.length - 1}
                  onClick={() => move(index, index + 1)}
                >
                  <ArrowDownIcon size={14} />
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove source ${index + 1}`}
                  disabled={fb.sources.length === 1}
                  onClick={() => setDraft({ ...fb, sources: fb.sources.filter((_, i) => i !== index) })}
                >
                  <CloseIcon size={14} />
                </button>
              </li>
            ))}
          </ol>
          <div className="transform__row-actions">
            <button
              type="button"
              className={buttonClass("secondary")}
              onClick={() => setDraft({ ...fb, sources: [...fb.sources, ""] })}
              data-testid="mapping-fallback-add"
            >
              <PlusIcon size={14} />
              Add a source
            </button>
          </div>
        </>
      );
      break;
    }
    case "template": {
      const tp = draft;
      const insert = (token: string) => {
        const input = templateRef.current;
        const start = input?.selectionStart ?? tp.template.length;
        const end = input?.selectionEnd ?? tp.template.length;
        const text = `{${token}}`;
        setDraft({ ...tp, template: tp.template.slice(0, start) + text + tp.template.slice(end) });
        requestAnimationFrame(() => {
          input?.focus();
          input?.setSelectionRange(start + text.length, start + text.length);
        });
      };
      body = (
        <>
          <div className="form-field">
            <label htmlFor={templateId} className="form-field__label">
              Template
            </label>
            <input
              ref={templateRef}
              id={templateId}
              className="text-input"
              value={tp.template}
              placeholder="{first_name} {last_name}"
              onChange={(e) => setDraft({ ...tp, template: e.target.value })}
              data-testid="mapping-template-input"
            />
          </div>
          <div className="tokens" role="group" aria-label="Insert a directory field">
            <span className="tokens__label" aria-hidden="true">
              Insert:
            </span>
            {tokens.map((t) => (
              <button
                key={t.name}
                type="button"
                className="token"
                onClick={() => insert(t.name)}
                aria-label={`Insert ${t.label}`}
                data-testid={`mapping-token-${t.name}`}
              >
                {`{${t.name}}`}
              </button>
            ))}
          </div>
        </>
      );
      break;
    }
  }

  return (
    <Dialog
      title={`How ${field.label} gets its value`}
      onClose={onClose}
      testId="mapping-transform-dialog"
      describedById={helpId}
      footer={
        <>
          <button type="button" className={buttonClass("quiet")} onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className={buttonClass("primary")}
            onClick={() => onApply(draft)}
            data-testid="mapping-transform-apply"
          >
            Apply
          </button>
        </>
      }
    >
      <div className="transform">
        <fieldset className="transform__types">
          <legend className="form-field__label">Transform</legend>
          <div className="segmented">
            {types.map((type) => (
              <label key={type} className="segmented__option">
                <input
                  type="radio"
                  name={typeName}
                  value={type}
                  checked={draft.type === type}
                  onChange={() => setDraft(convertTransform(draft, type))}
                  data-testid={`mapping-transform-type-${type}`}
                />
                <span>{transformLabels[type]}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <p id={helpId} className="transform__help">
          {typeHelp[draft.type]}
        </p>
        {body}
        {errors.length > 0 && (
          <ul className="target__problems" aria-label="Problems with the saved mapping of this field">
            {errors.map((e, i) => (
              <li key={i} className="problem problem--error">
                <ErrorCircleIcon size={14} />
                <span>{e.message}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
