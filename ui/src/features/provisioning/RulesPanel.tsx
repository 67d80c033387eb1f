// A target's rules, built like Map fields (its drag hook and field cards): directory fields dragged, or picked, onto
// the SCIM attributes the target declares, by pointer or keyboard; what fills each (a directory field, the first of
// several, a template, fixed text, the manager's account, the company's name); group rules with look-alike names
// flagged while editing; lifecycle policy; guardrails.
import { useCallback, useEffect, useId, useMemo, useState } from "react";
import type { Capabilities, DirectoryField, GroupRule, IpcError, RulesCheck, Source, TargetSettings } from "../../ipc/bindings";
import { directoryFields, isIpcError, targetRulesCheck, targetSettings, targetSettingsSave, toIpcError } from "../../ipc/client";
import { CheckCircleIcon, PlusIcon, WarningIcon } from "../../shared/icons";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { Spinner } from "../../shared/ui/Spinner";
import { DragGhost, FieldCard } from "../mapping/FieldCard";
import "../mapping/mapping.css";
import { attributeValue, useFieldDrag, type DropTarget } from "../mapping/useFieldDrag";
import { attributeLabel } from "./pushKinds";
import { TableHead } from "./TableHead";
import { droppedSource, makeSource, offeredAttributes, setRule, sourceLabels, sourceText, type SourceKind } from "./rules";

const checkDebounceMs = 250;

function FieldSelect({ fields, value, onChange, label }: { fields: DirectoryField[]; value: string; onChange: (v: string) => void; label: string }) {
  return (
    <select className="select-input" aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      {!fields.some((f) => f.name === value) && <option value={value}>{value || "Choose a field"}</option>}
      {fields.map((f) => (
        <option key={f.name} value={f.name}>
          {f.label}
        </option>
      ))}
    </select>
  );
}

function AttributeRow({ attribute, source, fields, declared, highlighted, onChange }: {
  attribute: string;
  source: Source | null;
  fields: DirectoryField[];
  declared: boolean;
  highlighted: boolean;
  onChange: (s: Source | null) => void;
}) {
  const kind: SourceKind = source?.kind ?? "none";
  const name = attributeLabel(attribute);
  const text = source ? sourceText(source) : "";
  const usesField = kind === "field" || kind === "manager_of";
  return (
    <tr data-testid="rule-row" data-attribute={attribute} data-drop-field={attribute} className={highlighted ? "rules__row--over" : undefined}>
      <th scope="row">
        <code>{name}</code>
        {!declared && <span className="rules__undeclared"> (not declared by the target)</span>}
      </th>
      {/* The company's name needs no value: its select takes the value's column too, so its label is never cut. */}
      <td className="rules__kind" colSpan={kind === "company" ? 2 : undefined}>
        <select
          className="select-input"
          aria-label={`What fills ${name}`}
          value={kind}
          onChange={(e) => {
            const next = e.target.value as SourceKind;
            onChange(next === "none" ? null : makeSource(next, next === "field" || next === "manager_of" ? fields[0]?.name ?? "" : text));
          }}
          data-testid="rule-kind"
        >
          {(Object.keys(sourceLabels) as SourceKind[]).map((k) => (
            <option key={k} value={k}>
              {sourceLabels[k]}
            </option>
          ))}
        </select>
      </td>
      {kind !== "company" && (
        <td>
          {source && usesField && <FieldSelect fields={fields} value={text} label={`Field for ${name}`} onChange={(v) => onChange(makeSource(source.kind, v))} />}
          {source && !usesField && (
            <input
              className="text-input"
              aria-label={`${sourceLabels[kind]} for ${name}`}
              value={text}
              placeholder={kind === "template" ? "{preferred_name|first_name} {last_name}" : kind === "first_of" ? "preferred_name, first_name" : ""}
              onChange={(e) => onChange(makeSource(source.kind, e.target.value))}
            />
          )}
        </td>
      )}
    </tr>
  );
}

function GroupRules({ groups, fields, onChange }: { groups: GroupRule[]; fields: DirectoryField[]; onChange: (g: GroupRule[]) => void }) {
  const set = (i: number, rule: GroupRule) => onChange(groups.map((g, j) => (j === i ? rule : g)));
  return (
    <fieldset className="rules__fieldset" data-testid="group-rules">
      <legend>Group rules</legend>
      <p className="form-field__hint">Membership follows each person&apos;s fields; a move changes their groups.</p>
      <ul className="rules__groups">
        {groups.map((g, i) => (
          <li key={i} className="rules__group">
            {g.kind === "field" ? (
              <>
                <span>One group per value of</span>
                <FieldSelect fields={fields} value={g.field} label={`Field naming group ${i + 1}`} onChange={(field) => set(i, { ...g, field })} />
                <input className="text-input rules__prefix" aria-label={`Prefix of group ${i + 1}`} placeholder="Prefix (optional)" value={g.prefix} onChange={(e) => set(i, { ...g, prefix: e.target.value })} />
              </>
            ) : (
              <>
                <span>Everyone in</span>
                <input className="text-input" aria-label={`Name of group ${i + 1}`} value={g.name} onChange={(e) => set(i, { ...g, name: e.target.value })} />
              </>
            )}
            <button type="button" className={buttonClass("quiet")} onClick={() => onChange(groups.filter((_, j) => j !== i))}>
              Remove<span className="visually-hidden"> group rule {i + 1}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="rules__add">
        <button type="button" className={buttonClass("secondary")} onClick={() => onChange([...groups, { kind: "field", field: "department", prefix: "" }])}>
          <PlusIcon size={15} /> Groups from a field
        </button>
        <button type="button" className={buttonClass("secondary")} onClick={() => onChange([...groups, { kind: "fixed", name: "All employees" }])}>
          <PlusIcon size={15} /> A fixed group
        </button>
      </div>
    </fieldset>
  );
}

function NumberField({ label, value, onChange, step = 1 }: { label: string; value: number; onChange: (n: number) => void; step?: number }) {
  const id = useId();
  return (
    <div className="form-field">
      <label className="form-field__label" htmlFor={id}>
        {label}
      </label>
      <input id={id} className="text-input rules__number" type="number" min={0} step={step} value={value} onChange={(e) => onChange(Number(e.target.value))} />
    </div>
  );
}

function PolicyAndGuardrails({ settings, onChange }: { settings: TargetSettings; onChange: (s: TargetSettings) => void }) {
  const leaveId = useId();
  const { policy, guardrails } = settings;
  const setPolicy = (p: Partial<TargetSettings["policy"]>) => onChange({ ...settings, policy: { ...policy, ...p } });
  const setGuard = (g: Partial<TargetSettings["guardrails"]>) => onChange({ ...settings, guardrails: { ...guardrails, ...g } });
  return (
    <div className="rules__columns">
      <fieldset className="rules__fieldset" data-testid="policy">
        <legend>Lifecycle policy</legend>
        <p className="form-field__hint">Leavers are set inactive, never deleted; rehires get the same account back.</p>
        <div className="form-field">
          <label className="form-field__label" htmlFor={leaveId}>
            People on leave
          </label>
          <select id={leaveId} className="select-input" value={policy.leave} onChange={(e) => setPolicy({ leave: e.target.value as TargetSettings["policy"]["leave"] })}>
            <option value="suspend">Suspended (inactive) until they return</option>
            <option value="keep">Keep their account active</option>
          </select>
        </div>
        <NumberField label="Create accounts this many days before the start date" value={policy.create_days_before_start} onChange={(n) => setPolicy({ create_days_before_start: n })} />
        <label className="rules__check">
          <input type="checkbox" checked={policy.create_missing_groups} onChange={(e) => setPolicy({ create_missing_groups: e.target.checked })} />
          Create groups the rules name that the target lacks
        </label>
        <label className="rules__check">
          <input type="checkbox" checked={policy.deactivate_orphans} onChange={(e) => setPolicy({ deactivate_orphans: e.target.checked })} />
          Deactivate orphaned accounts (off: only listed)
        </label>
        <label className="rules__check">
          <input
            type="checkbox"
            checked={settings.auto_push}
            onChange={(e) => onChange({ ...settings, auto_push: e.target.checked })}
            data-testid="policy-auto-push"
          />
          Push automatically after each import and on the sync schedule (only what trips no guardrail and needs no
          one; the rest waits here for review). The first push with new attributes, groups or lifecycle rules always
          waits for you.
        </label>
        <label className="rules__check">
          <input
            type="checkbox"
            checked={policy.delete_after_days !== null}
            onChange={(e) => setPolicy({ delete_after_days: e.target.checked ? 90 : null })}
            data-testid="policy-delete"
          />
          Delete deactivated accounts of people who left (irreversible; off: never deleted)
        </label>
        {policy.delete_after_days !== null && (
          <NumberField
            label="Delete this many days after they left (the account was deactivated first)"
            value={policy.delete_after_days}
            onChange={(n) => setPolicy({ delete_after_days: n })}
          />
        )}
      </fieldset>
      <fieldset className="rules__fieldset" data-testid="push-guardrails">
        <legend>Guardrails</legend>
        <p className="form-field__hint">A push over any limit is held until someone types a confirmation.</p>
        <NumberField label="Deactivations over this share (%)" value={guardrails.max_deactivated_percent} step={0.5} onChange={(n) => setGuard({ max_deactivated_percent: n })} />
        <NumberField label="Deactivations over this many accounts" value={guardrails.max_deactivated_people} onChange={(n) => setGuard({ max_deactivated_people: n })} />
        <NumberField label="userName changes over this share (%)" value={guardrails.max_identity_changes_percent} step={0.5} onChange={(n) => setGuard({ max_identity_changes_percent: n })} />
      </fieldset>
    </div>
  );
}

function DirectoryFieldCards({ fields, used, drag }: { fields: DirectoryField[]; used: ReadonlySet<string>; drag: ReturnType<typeof useFieldDrag> }) {
  const helpId = useId();
  return (
    <div className="rules__sources">
      <p id={helpId} className="visually-hidden">
        Press Space to pick up this field, then the arrow keys to choose a SCIM attribute and Space to drop.
      </p>
      <ul className="source-list" aria-label="Directory fields">
        {fields.map((f) => (
          <li key={f.name}>
            <FieldCard
              name={f.name}
              title={f.label}
              chip={f.kind}
              roleDescription="draggable directory field"
              describedBy={helpId}
              picked={drag.keyboardDrag?.path === f.name}
              dragging={drag.pointerDrag?.path === f.name}
              used={used.has(f.name)}
              testId={`rules-source-${f.name}`}
              onPointerDown={drag.onPointerDown}
              onKeyDown={drag.onKeyDown}
              onBlur={drag.onBlur}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}

function fieldsOf(source: Source): string[] {
  if (source.kind === "field" || source.kind === "manager_of") return [source.value];
  if (source.kind === "first_of") return source.value;
  return [];
}

function AttributeTable({ settings, caps, fields, announce, onChange }: {
  settings: TargetSettings;
  caps: Capabilities | null;
  fields: DirectoryField[];
  announce: (message: string) => void;
  onChange: (s: TargetSettings) => void;
}) {
  const declared = useMemo(() => (caps ? offeredAttributes(caps) : []), [caps]);
  const mapped = settings.attributes.map((r) => r.attribute);
  const rows = [...mapped, ...declared.filter((a) => !mapped.includes(a))];
  const used = new Set(settings.attributes.flatMap((r) => fieldsOf(r.source)));
  const targets: DropTarget[] = rows.map((attribute) => {
    const source = settings.attributes.find((r) => r.attribute === attribute)?.source;
    return { name: attribute, label: attributeLabel(attribute), summary: source ? `Now: ${sourceLabels[source.kind]} ${sourceText(source)}.` : "Not sent now." };
  });
  const fieldLabel = (name: string) => fields.find((f) => f.name === name)?.label ?? name;
  const onDrop = (field: string, attribute: string) => {
    onChange({ ...settings, attributes: setRule(settings.attributes, attribute, droppedSource(attribute, field)) });
    announce(`${attributeLabel(attribute)} is now filled from ${fieldLabel(field)}.`);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-drop-field="${attributeValue(attribute)}"] select`)?.focus());
  };
  const drag = useFieldDrag({ targets, onDrop, announce, noun: "SCIM attribute" });
  return (
    <fieldset className="rules__fieldset" data-testid="attribute-rules">
      <legend>Attribute mapping</legend>
      <p className="form-field__hint">
        Drag a directory field onto a SCIM attribute (or pick up a field with Space and choose with the arrow keys), or choose what fills it. externalId is always the employee ID (the identity anchor) and active follows the lifecycle policy. A manager is found in the target through the field holding their work email. A value cleared in the directory is removed from the account.
        {caps ? " Only attributes the target's schemas declare are offered." : " Test the connection to see every attribute the target declares."}
      </p>
      <div className="rules__mapping">
        <DirectoryFieldCards fields={fields} used={used} drag={drag} />
        <div className={drag.pointerDrag || drag.keyboardDrag ? "rules__targets rules__targets--drag" : "rules__targets"} data-drop-scroll>
          <table className="data-table rules__table">
            <TableHead columns={["SCIM attribute", "Filled from", "Field or text"]} />
            <tbody>
              {rows.map((attribute) => (
                <AttributeRow
                  key={attribute}
                  attribute={attribute}
                  source={settings.attributes.find((r) => r.attribute === attribute)?.source ?? null}
                  fields={fields}
                  declared={!caps || declared.includes(attribute)}
                  highlighted={drag.highlighted === attribute}
                  onChange={(source) => onChange({ ...settings, attributes: setRule(settings.attributes, attribute, source) })}
                />
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {drag.pointerDrag && (
        <DragGhost drag={drag.pointerDrag} overLabel={attributeLabel} nowhere="Drop on a SCIM attribute" testId="rules-drag-ghost" />
      )}
    </fieldset>
  );
}

/** Group names the draft's rules would make that differ only in case or spacing from each other or from a group the
 * target already has (as its last preview read them), checked by the core as you edit. */
function GroupLookAlikes({ check }: { check: RulesCheck | null }) {
  if (!check || check.group_look_alikes.length === 0) return null;
  return (
    <section className="group-warnings" aria-labelledby="rules-group-warnings" data-testid="rules-group-warnings" role="status">
      <h3 id="rules-group-warnings" className="group-warnings__title">
        <WarningIcon size={16} />
        Group names that differ only by case or spacing
      </h3>
      <p className="group-warnings__intro">
        These rules would make separate groups in the target that look the same as each other or as a group the target already has. Fix the names (or
        the directory values with a value map in Map fields), or keep them if they are meant to differ.
      </p>
      <ul className="group-warnings__list">
        {check.group_look_alikes.map((names) => (
          <li key={names.join("|")}>
            {names.map((n, i) => (
              <span key={n}>
                {i > 0 && " looks like "}
                <span className="sample sample--strong">{n}</span>
                {check.in_target.includes(n) && ", a group the target already has"}
              </span>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function RulesPanel({ target, caps }: { target: string; caps: Capabilities | null }) {
  const [settings, setSettings] = useState<TargetSettings | null>(null);
  const [fields, setFields] = useState<DirectoryField[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  const [state, setState] = useState<"idle" | "saving" | "saved">("idle");
  const [check, setCheck] = useState<RulesCheck | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const announce = useCallback((message: string) => {
    setAnnouncement("");
    requestAnimationFrame(() => setAnnouncement(message));
  }, []);
  const groupsKey = JSON.stringify(settings?.groups ?? null);
  // The group names are checked as the rules change, debounced so typing a name does not flood the core.
  useEffect(() => {
    if (!settings) return;
    let current = true;
    const timer = setTimeout(() => {
      targetRulesCheck(target, settings).then(
        (c) => current && setCheck(c),
        () => current && setCheck(null),
      );
    }, checkDebounceMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the group rules change the check
  }, [target, groupsKey]);
  useEffect(() => {
    const fail = (reason: unknown) => setError(isIpcError(reason) ? reason : toIpcError(reason, "target_settings"));
    targetSettings(target).then(setSettings, fail);
    directoryFields().then(setFields, fail);
  }, [target]);
  if (!settings) return error ? <ErrorCallout error={error} testId="rules-error" /> : <Spinner />;
  const change = (s: TargetSettings) => {
    setSettings(s);
    setState("idle");
  };
  async function save() {
    if (!settings) return;
    setState("saving");
    setError(null);
    try {
      setSettings(await targetSettingsSave(target, settings));
      setState("saved");
    } catch (reason) {
      setError(isIpcError(reason) ? reason : toIpcError(reason, "target_settings_save"));
      setState("idle");
    }
  }
  return (
    <div className="rules" data-testid="rules">
      <div className="visually-hidden" aria-live="assertive" aria-atomic="true" data-testid="rules-announcer">
        {announcement}
      </div>
      <AttributeTable settings={settings} caps={caps} fields={fields} announce={announce} onChange={change} />
      <GroupRules groups={settings.groups} fields={fields} onChange={(groups) => change({ ...settings, groups })} />
      <GroupLookAlikes check={check} />
      <PolicyAndGuardrails settings={settings} onChange={change} />
      {error && <ErrorCallout error={error} testId="rules-error" />}
      <div className="rules__save">
        <button type="button" className={buttonClass("primary")} onClick={save} disabled={state === "saving"} data-testid="rules-save">
          {state === "saving" ? <><Spinner /> Saving…</> : "Save rules"}
        </button>
        {state === "saved" && (
          <span role="status" className="rules__saved" data-testid="rules-saved">
            <CheckCircleIcon size={14} /> Saved. The next preview follows these rules.
          </span>
        )}
      </div>
    </div>
  );
}
