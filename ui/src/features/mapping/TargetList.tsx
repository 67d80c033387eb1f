// The right column: the directory's fields (core, then custom), each a drop target with a source menu,
// a transform button and the problems the core found with it.
import { useId } from "react";
import { CloseIcon, ErrorCircleIcon, PlusIcon, WarningIcon } from "../../shared/icons";
import { buttonClass } from "../../shared/ui/buttonClass";
import type { DirectoryField, FieldIssue, Transform } from "../../ipc/bindings";
import { AddFieldForm } from "./AddFieldForm";
import { describeTransform, singleSource, transformLabels, transformShortLabels } from "./spec";

type TargetListProps = {
  fields: DirectoryField[];
  transforms: ReadonlyMap<string, Transform>;
  paths: readonly string[];
  errors: readonly FieldIssue[];
  warnings: readonly FieldIssue[];
  highlighted: string | null;
  dragActive: boolean;
  addOpen: boolean;
  onOpenAdd: () => void;
  onCloseAdd: () => void;
  onAdd: (field: DirectoryField) => void;
  onChooseSource: (field: string, path: string | null) => void;
  onEditTransform: (field: string) => void;
  onRemoveField: (field: string) => void;
};

export function TargetList(props: TargetListProps) {
  const headingId = useId();
  const custom = props.fields.filter((f) => !f.core);
  return (
    <section className="mapping-panel" aria-labelledby={headingId}>
      <div className="mapping-panel__head">
        <h2 id={headingId} className="mapping-panel__title">
          Directory fields
        </h2>
        <span className="mapping-panel__count mapping-panel__count--optional">
          {props.fields.length - custom.length} core · {custom.length} custom
        </span>
        {!props.addOpen && (
          <button
            type="button"
            className={`${buttonClass("secondary")} mapping-panel__add`}
            onClick={props.onOpenAdd}
            data-testid="mapping-add-field"
          >
            <PlusIcon size={14} />
            Add field
          </button>
        )}
      </div>
      {props.addOpen && (
        <AddFieldForm taken={props.fields.map((f) => f.name)} onAdd={props.onAdd} onCancel={props.onCloseAdd} />
      )}
      <ul
        className={`target-list${props.dragActive ? " target-list--drag" : ""}`}
        aria-label="Directory fields"
        data-drop-scroll
      >
        {props.fields.map((field) => (
          <TargetRow
            key={field.name}
            field={field}
            transform={props.transforms.get(field.name) ?? null}
            paths={props.paths}
            errors={props.errors.filter((e) => e.field === field.name)}
            warnings={props.warnings.filter((w) => w.field === field.name)}
            highlighted={props.highlighted === field.name}
            onChooseSource={(path) => props.onChooseSource(field.name, path)}
            onEditTransform={() => props.onEditTransform(field.name)}
            onRemove={() => props.onRemoveField(field.name)}
          />
        ))}
      </ul>
    </section>
  );
}

type TargetRowProps = {
  field: DirectoryField;
  transform: Transform | null;
  paths: readonly string[];
  errors: readonly FieldIssue[];
  warnings: readonly FieldIssue[];
  highlighted: boolean;
  onChooseSource: (path: string | null) => void;
  onEditTransform: () => void;
  onRemove: () => void;
};

const severalSources = "__several__";

function TargetRow({ field, transform, paths, errors, warnings, highlighted, ...on }: TargetRowProps) {
  const selectId = useId();
  const problemsId = useId();
  const source = transform ? singleSource(transform) : null;
  const selectValue = !transform ? "" : source ?? severalSources;
  const options = source && !paths.includes(source) ? [source, ...paths] : paths;
  const hasProblems = errors.length + warnings.length > 0;
  const summary = transform ? describeTransform(transform) : null;
  const showSummary = transform && transform.type !== "direct";

  return (
    <li
      className={`target${highlighted ? " target--over" : ""}${errors.length ? " target--error" : ""}${
        transform ? "" : " target--unmapped"
      }`}
      data-drop-field={field.name}
      data-testid={`mapping-target-${field.name}`}
      data-mapped={transform ? "true" : "false"}
    >
      <div className="target__head">
        <span className="target__label">{field.label}</span>
        <code className="target__name">{field.name}</code>
        <span className="type-chip">{field.kind}</span>
        {field.drives_group && <span className="tag">Group</span>}
        <span className="target__head-end">
          {field.core ? (
            <span className={`tag${transform ? " tag--auto" : ""}`}>{transform ? "Auto-mapped" : "Core"}</span>
          ) : (
            <>
              <span className="tag tag--custom">Custom</span>
              <button
                type="button"
                className="icon-button target__remove"
                aria-label={`Remove ${field.label}`}
                onClick={on.onRemove}
                data-testid={`mapping-remove-${field.name}`}
              >
                <CloseIcon size={14} />
              </button>
            </>
          )}
        </span>
      </div>
      <div className="target__controls">
        <label htmlFor={selectId} className="target__select-label">
          Source
        </label>
        <select
          id={selectId}
          className="select-input target__select"
          value={selectValue}
          aria-describedby={hasProblems ? problemsId : undefined}
          aria-invalid={errors.length ? true : undefined}
          onChange={(e) => {
            const value = e.target.value;
            if (value === severalSources) return;
            on.onChooseSource(value || null);
          }}
          data-testid={`mapping-source-select-${field.name}`}
        >
          <option value="">Not mapped</option>
          {transform && !source && (
            <option value={severalSources} disabled>
              Several fields (see below)
            </option>
          )}
          {options.map((path) => (
            <option key={path} value={path}>
              {path}
            </option>
          ))}
        </select>
        <button
          type="button"
          className={`${buttonClass("secondary")} target__transform`}
          onClick={on.onEditTransform}
          aria-label={`Transform for ${field.label}: ${transform ? transformLabels[transform.type] : "not mapped"}`}
          data-testid={`mapping-transform-${field.name}`}
        >
          {transform ? transformShortLabels[transform.type] : "Transform"}
        </button>
      </div>
      {showSummary && (
        <p className="target__summary" data-testid={`mapping-summary-${field.name}`}>
          {summary}
        </p>
      )}
      {!transform && !hasProblems && <p className="target__summary">Not mapped: drop a TriNet field here.</p>}
      {hasProblems && (
        <ul id={problemsId} className="target__problems" data-testid={`mapping-problems-${field.name}`}>
          {errors.map((e, i) => (
            <li key={`e${i}`} className="problem problem--error">
              <ErrorCircleIcon size={14} />
              <span>
                <span className="visually-hidden">Error: </span>
                {e.message}
              </span>
            </li>
          ))}
          {warnings.map((w, i) => (
            <li key={`w${i}`} className="problem problem--warning">
              <WarningIcon size={14} />
              <span>
                <span className="visually-hidden">Warning: </span>
                {w.message}
              </span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
