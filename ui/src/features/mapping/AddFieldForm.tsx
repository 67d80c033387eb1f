// The small form that adds a custom directory field: a label, a snake_case name made from it, a type,
// and whether its values name groups (which turns on the case-and-spacing check).
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { buttonClass } from "../../shared/ui/buttonClass";
import type { DirectoryField, FieldKind } from "../../ipc/bindings";
import { deriveFieldName, fieldNameProblem } from "./spec";

type AddFieldFormProps = {
  taken: readonly string[];
  onAdd: (field: DirectoryField) => void;
  onCancel: () => void;
};

const kinds: { value: FieldKind; label: string }[] = [
  { value: "text", label: "Text" },
  { value: "date", label: "Date" },
  { value: "number", label: "Number" },
  { value: "boolean", label: "Yes / no" },
];

export function AddFieldForm({ taken, onAdd, onCancel }: AddFieldFormProps) {
  const [label, setLabel] = useState("");
  const [name, setName] = useState("");
  const [nameEdited, setNameEdited] = useState(false);
  const [kind, setKind] = useState<FieldKind>("text");
  const [drivesGroup, setDrivesGroup] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const labelRef = useRef<HTMLInputElement>(null);
  const ids = { label: useId(), name: useId(), kind: useId(), group: useId(), labelError: useId(), nameError: useId(), nameHint: useId() };

  useEffect(() => labelRef.current?.focus(), []);

  const effectiveName = nameEdited ? name : deriveFieldName(label);
  const labelProblem = label.trim() ? null : "Enter a label, such as Team or Cost centre.";
  const nameProblem = fieldNameProblem(effectiveName, taken);
  const showLabelProblem = submitted && labelProblem;
  const showNameProblem = (submitted || nameEdited || (label.trim() !== "" && taken.includes(effectiveName))) && nameProblem;

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (labelProblem) {
      labelRef.current?.focus();
      return;
    }
    if (nameProblem) {
      document.getElementById(ids.name)?.focus();
      return;
    }
    onAdd({ name: effectiveName, label: label.trim(), kind, core: false, drives_group: drivesGroup });
  }

  return (
    <form
      className="add-field"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          onCancel();
        }
      }}
      aria-label="Add a directory field"
      data-testid="mapping-add-form"
      noValidate
    >
      <div className="add-field__grid">
        <div className="form-field">
          <label htmlFor={ids.label} className="form-field__label">
            Label
          </label>
          <input
            ref={labelRef}
            id={ids.label}
            className="text-input text-input--plain"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            aria-invalid={showLabelProblem ? true : undefined}
            aria-describedby={showLabelProblem ? ids.labelError : undefined}
            autoComplete="off"
            data-testid="mapping-new-field-label"
          />
          {showLabelProblem && (
            <p id={ids.labelError} className="form-field__error">
              {labelProblem}
            </p>
          )}
        </div>
        <div className="form-field">
          <label htmlFor={ids.name} className="form-field__label">
            Name
          </label>
          <input
            id={ids.name}
            className="text-input"
            value={effectiveName}
            onChange={(e) => {
              setNameEdited(true);
              setName(e.target.value);
            }}
            aria-invalid={showNameProblem ? true : undefined}
            aria-describedby={showNameProblem ? ids.nameError : ids.nameHint}
            autoComplete="off"
            spellCheck={false}
            data-testid="mapping-new-field-name"
          />
          {showNameProblem ? (
            <p id={ids.nameError} className="form-field__error">
              {nameProblem}
            </p>
          ) : (
            <p id={ids.nameHint} className="form-field__hint">
              Made from the label; used in templates and exports.
            </p>
          )}
        </div>
        <div className="form-field">
          <label htmlFor={ids.kind} className="form-field__label">
            Type
          </label>
          <select
            id={ids.kind}
            className="select-input"
            value={kind}
            onChange={(e) => setKind(e.target.value as FieldKind)}
            data-testid="mapping-new-field-kind"
          >
            {kinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="add-field__check">
        <input
          id={ids.group}
          type="checkbox"
          checked={drivesGroup}
          onChange={(e) => setDrivesGroup(e.target.checked)}
          data-testid="mapping-new-field-group"
        />
        <label htmlFor={ids.group}>
          Drives a group
          <span className="add-field__check-hint">
            {" "}
            — its values name groups, so Roster flags names that differ only by case or spacing.
          </span>
        </label>
      </div>
      <div className="add-field__actions">
        <button type="submit" className={buttonClass("secondary")} data-testid="mapping-new-field-submit">
          Add field
        </button>
        <button type="button" className={buttonClass("quiet")} onClick={onCancel} data-testid="mapping-new-field-cancel">
          Cancel
        </button>
      </div>
    </form>
  );
}
