// The mapping editor: TriNet fields beside directory fields, transforms, the exclusion rule, a live preview,
// group-name warnings, save with its result, and the version history. Edits stay local until Save.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import type { IpcError } from "../../ipc/bindings";
import { isIpcError, mappingCheck, mappingCurrent, mappingPreview, mappingSave, toIpcError } from "../../ipc/client";
import { CheckCircleIcon, ErrorCircleIcon, WarningIcon } from "../../shared/icons";
import { describeWhen, formatDateTime } from "../../shared/relativeTime";
import { hrefFor } from "../../shared/router/hashRoute";
import { useNavigationGuard } from "../../shared/router/navigationGuard";
import { useRefreshSetupProgress } from "../../shared/setupProgress";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { Spinner } from "../../shared/ui/Spinner";
import type { DirectoryField, MappingCheck, MappingSpec, MappingState, Preview, Transform } from "../../ipc/bindings";
import { ExclusionPanel } from "./ExclusionPanel";
import { DragGhost } from "./FieldCard";
import { HistoryPanel } from "./HistoryPanel";
import type { MappingData } from "./MappingScreen";
import { PreviewTable } from "./PreviewTable";
import { SourceList } from "./SourceList";
import {
  describeTransform,
  formatCount,
  sameSpec,
  sourcesOf,
  withCustomField,
  withoutCustomField,
  withTransform,
} from "./spec";
import { TargetList } from "./TargetList";
import { TransformDialog } from "./TransformDialog";
import { attributeValue, useFieldDrag, type DropTarget } from "./useFieldDrag";

const unsavedTitle = "Discard unsaved mapping changes?";
const unsavedMessage =
  "The changes you made to the field mapping since the last save will be lost if you leave Map fields now.";

export const previewDebounceMs = 250;
export const previewCount = 5;

type MappingEditorProps = { data: MappingData; onRefreshCatalog: () => Promise<void> };

type SaveResult = { text: string } | null;

function asIpcError(reason: unknown, command: string): IpcError {
  return isIpcError(reason) ? reason : toIpcError(reason, command);
}

function peopleText(n: number) {
  return `${formatCount(n)} ${n === 1 ? "person" : "people"}`;
}

export function MappingEditor({ data, onRefreshCatalog }: MappingEditorProps) {
  const { catalog, core } = data;
  const [saved, setSaved] = useState<MappingState>(data.current);
  const refreshSetupProgress = useRefreshSetupProgress();
  const [draft, setDraft] = useState<MappingSpec>(data.current.spec);
  const [search, setSearch] = useState("");
  const [announcement, setAnnouncement] = useState("");
  const [addOpen, setAddOpen] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<IpcError | null>(null);

  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<IpcError | null>(null);
  const [check, setCheck] = useState<MappingCheck | null>(null);
  const [updating, setUpdating] = useState(true);
  const sequence = useRef(0);

  const [acknowledged, setAcknowledged] = useState(false);
  const [note, setNote] = useState("");
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<IpcError | null>(null);
  const [saveResult, setSaveResult] = useState<SaveResult>(null);
  const [historyRevision, setHistoryRevision] = useState(0);
  const ackId = useId();
  const noteId = useId();
  const blockedId = useId();

  const fields: DirectoryField[] = useMemo(() => [...core, ...draft.custom_fields], [core, draft.custom_fields]);
  const transforms = useMemo(() => new Map(draft.mappings.map((m) => [m.field, m.transform])), [draft.mappings]);
  const usedPaths = useMemo(() => new Set(draft.mappings.flatMap((m) => sourcesOf(m.transform))), [draft.mappings]);
  const paths = useMemo(() => catalog.fields.map((f) => f.path), [catalog.fields]);
  const labelOf = useCallback((name: string) => fields.find((f) => f.name === name)?.label ?? name, [fields]);
  const dirty = !sameSpec(draft, saved.spec);
  useNavigationGuard(dirty, unsavedMessage, unsavedTitle);

  const announce = useCallback((message: string) => {
    // Clearing first makes a repeated message count as new for screen readers.
    setAnnouncement("");
    requestAnimationFrame(() => setAnnouncement(message));
  }, []);

  const edit = useCallback((next: MappingSpec) => {
    setDraft(next);
    setSaveResult(null);
    setSaveError(null);
  }, []);

  // Preview and check follow the draft, debounced so typing in a value map does not flood the core.
  useEffect(() => {
    setUpdating(true);
    const timer = setTimeout(() => {
      const mine = ++sequence.current;
      Promise.allSettled([mappingPreview(draft, previewCount), mappingCheck(draft)]).then(([p, c]) => {
        if (mine !== sequence.current) return;
        setUpdating(false);
        if (p.status === "fulfilled") {
          setPreview(p.value);
          setPreviewError(null);
        } else {
          setPreviewError(asIpcError(p.reason, "mapping_preview"));
        }
        if (c.status === "fulfilled") setCheck(c.value);
      });
    }, previewDebounceMs);
    return () => clearTimeout(timer);
  }, [draft]);

  const groupWarningKey = JSON.stringify(check?.group_warnings ?? []);
  useEffect(() => setAcknowledged(false), [groupWarningKey]);

  const mapDirect = useCallback(
    (path: string, field: string, how: "drop" | "select") => {
      setDraft((current) => withTransform(current, field, { type: "direct", source: path }));
      setSaveResult(null);
      setSaveError(null);
      const label = labelOf(field);
      announce(
        how === "drop"
          ? `Dropped ${path} on ${label}. ${label} now reads ${path} directly.`
          : `${label} now reads ${path} directly.`,
      );
    },
    [announce, labelOf],
  );

  const targets: DropTarget[] = useMemo(
    () =>
      fields.map((f) => {
        const t = transforms.get(f.name);
        return {
          name: f.name,
          label: f.label,
          summary: t ? `Currently ${describeTransform(t)}.` : "Not mapped yet.",
        };
      }),
    [fields, transforms],
  );

  const drag = useFieldDrag({ targets, onDrop: (path, field) => mapDirect(path, field, "drop"), announce });

  async function refreshCatalog() {
    setRefreshing(true);
    setRefreshError(null);
    try {
      await onRefreshCatalog();
      announce("TriNet fields read again.");
    } catch (reason) {
      setRefreshError(asIpcError(reason, "mapping_catalog"));
    } finally {
      setRefreshing(false);
    }
  }

  function addField(field: DirectoryField) {
    edit(withCustomField(draft, field));
    setAddOpen(false);
    announce(`Added ${field.label}. Drag a TriNet field onto it, or choose its source.`);
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`[data-testid="mapping-source-select-${attributeValue(field.name)}"]`)?.focus(),
    );
  }

  function removeField(name: string) {
    const label = labelOf(name);
    edit(withoutCustomField(draft, name));
    announce(`Removed ${label}.`);
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="mapping-add-field"]')?.focus());
  }

  function chooseSource(field: string, path: string | null) {
    if (path) {
      mapDirect(path, field, "select");
    } else {
      edit(withTransform(draft, field, null));
      announce(`${labelOf(field)} is no longer mapped.`);
    }
  }

  function applyTransform(field: string, transform: Transform) {
    edit(withTransform(draft, field, transform));
    setEditing(null);
    announce(`${labelOf(field)} now uses ${describeTransform(transform)}.`);
  }

  const errors = check?.errors ?? [];
  const warnings = check?.warnings ?? [];
  const groupWarnings = check?.group_warnings ?? [];
  // Problems the rows cannot show (a field that is no longer listed): shown above Save so none hides.
  const otherErrors = errors.filter((e) => e.field !== "exclusion" && !fields.some((f) => f.name === e.field));
  const neverSaved = saved.version === null;
  const needsAck = groupWarnings.length > 0 && !acknowledged;
  const blockedReason = updating
    ? null
    : errors.length > 0
      ? `Fix ${errors.length === 1 ? "the problem" : `the ${errors.length} problems`} marked above before saving.`
      : needsAck
        ? "Tick the box above to confirm the group names first."
        : null;
  const canSave = (dirty || neverSaved) && !saving && !updating && !blockedReason;

  async function save() {
    setSaving(true);
    setSaveError(null);
    try {
      const result = await mappingSave(draft, groupWarnings.length > 0 && acknowledged, note.trim() || null);
      setSaved({ version: result.version, spec: draft, saved_at: result.saved_at });
      refreshSetupProgress();
      setNote("");
      const text = `Saved as version ${result.version} — the next import changes values for ${peopleText(result.people_changed)}.`;
      setSaveResult({ text });
      announce(text);
      setHistoryRevision((n) => n + 1);
    } catch (reason) {
      setSaveError(asIpcError(reason, "mapping_save"));
    } finally {
      setSaving(false);
    }
  }

  async function restored(from: number, result: { version: number; people_changed: number }) {
    refreshSetupProgress();
    try {
      const state = await mappingCurrent();
      setSaved(state);
      setDraft(state.spec);
    } catch (reason) {
      setSaveError(asIpcError(reason, "mapping_current"));
    }
    const text = `Restored version ${from} as version ${result.version} — the next import changes values for ${peopleText(result.people_changed)}.`;
    setSaveResult({ text });
    announce(text);
    setHistoryRevision((n) => n + 1);
  }

  const editingField = editing ? fields.find((f) => f.name === editing) : undefined;

  return (
    <div className="mapping-editor">
      <div className="visually-hidden" aria-live="assertive" aria-atomic="true" data-testid="mapping-announcer">
        {announcement}
      </div>

      {refreshError && <ErrorCallout error={refreshError} testId="mapping-refresh-error" />}

      <div className="mapping-columns">
        <SourceList
          catalog={catalog}
          search={search}
          onSearch={setSearch}
          usedPaths={usedPaths}
          pickedPath={drag.keyboardDrag?.path ?? null}
          draggingPath={drag.pointerDrag?.path ?? null}
          refreshing={refreshing}
          onRefresh={refreshCatalog}
          onPointerDown={drag.onPointerDown}
          onKeyDown={drag.onKeyDown}
          onBlur={drag.onBlur}
        />
        <TargetList
          fields={fields}
          transforms={transforms}
          paths={paths}
          errors={errors}
          warnings={warnings}
          highlighted={drag.highlighted}
          dragActive={!!drag.pointerDrag || !!drag.keyboardDrag}
          addOpen={addOpen}
          onOpenAdd={() => setAddOpen(true)}
          onCloseAdd={() => {
            setAddOpen(false);
            requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="mapping-add-field"]')?.focus());
          }}
          onAdd={addField}
          onChooseSource={chooseSource}
          onEditTransform={setEditing}
          onRemoveField={removeField}
        />
      </div>

      <ExclusionPanel
        exclusion={draft.exclusion}
        sources={catalog.fields}
        errors={errors.filter((e) => e.field === "exclusion")}
        onChange={(exclusion) => edit({ ...draft, exclusion })}
      />

      <PreviewTable preview={preview} error={previewError} updating={updating} fields={fields} />

      {groupWarnings.length > 0 && (
        <section className="group-warnings" aria-labelledby="mapping-group-warnings" data-testid="mapping-group-warnings">
          <h2 id="mapping-group-warnings" className="group-warnings__title">
            <WarningIcon size={16} />
            Group names that differ only by case or spacing
          </h2>
          <p className="group-warnings__intro">
            These values would make separate groups that look the same as each other or as a group already in your
            directory. Fix them with a value map, or confirm they are meant to be different.
          </p>
          <ul className="group-warnings__list">
            {groupWarnings.map((w, i) => (
              <li key={i}>
                <span className="group-warnings__field">{labelOf(w.field)}:</span>{" "}
                <span className="sample sample--strong">{w.value}</span> looks like{" "}
                <span className="sample sample--strong">{w.similar_to}</span>
                {w.in_directory && ", a group already in your directory"}
              </li>
            ))}
          </ul>
          <div className="group-warnings__ack">
            <input
              id={ackId}
              type="checkbox"
              checked={acknowledged}
              onChange={(e) => setAcknowledged(e.target.checked)}
              data-testid="mapping-acknowledge"
            />
            <label htmlFor={ackId}>I've checked these names; save them as they are</label>
          </div>
        </section>
      )}

      {otherErrors.length > 0 && (
        <ul className="target__problems mapping-other-problems" data-testid="mapping-other-problems">
          {otherErrors.map((e, i) => (
            <li key={i} className="problem problem--error">
              <ErrorCircleIcon size={14} />
              <span>{e.message}</span>
            </li>
          ))}
        </ul>
      )}

      <div className="action-bar save-bar" data-testid="mapping-save-bar">
        <div className="save-bar__state">
          {saveResult && !dirty ? (
            <p className="save-bar__result" data-testid="mapping-saved">
              <CheckCircleIcon size={16} />
              <span>
                {saveResult.text}{" "}
                <a href={hrefFor("review")} className="save-bar__next">
                  Continue to Review
                </a>
              </span>
            </p>
          ) : dirty ? (
            <span className="save-bar__dirty" data-testid="mapping-unsaved">
              <span className="save-bar__dot" aria-hidden="true" />
              Unsaved changes
            </span>
          ) : neverSaved ? (
            <span className="save-bar__clean">Default mapping, not saved yet</span>
          ) : (
            <span className="save-bar__clean">
              Version {saved.version}
              {saved.saved_at && (
                <>
                  {" "}
                  · saved{" "}
                  <time dateTime={saved.saved_at} title={formatDateTime(saved.saved_at)}>
                    {describeWhen(saved.saved_at)}
                  </time>
                </>
              )}
            </span>
          )}
          {blockedReason && (dirty || neverSaved) && (
            <span id={blockedId} className="save-bar__blocked">
              {blockedReason}
            </span>
          )}
        </div>
        <label htmlFor={noteId} className="visually-hidden">
          Note for this version (optional)
        </label>
        <input
          id={noteId}
          className="text-input text-input--plain save-bar__note"
          placeholder="Note (optional)"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid="mapping-note"
        />
        <button
          type="button"
          className={buttonClass("primary")}
          onClick={save}
          disabled={!canSave}
          aria-busy={saving || undefined}
          aria-describedby={blockedReason ? blockedId : undefined}
          data-testid="mapping-save"
        >
          {saving && <Spinner />}
          {saving ? "Saving…" : "Save mapping"}
        </button>
      </div>
      {saveError && <ErrorCallout error={saveError} testId="mapping-save-error" />}

      <HistoryPanel
        revision={historyRevision}
        currentVersion={saved.version}
        dirty={dirty}
        core={core}
        onRestored={restored}
      />

      {editingField && (
        <TransformDialog
          field={editingField}
          transform={transforms.get(editingField.name) ?? null}
          sources={catalog.fields}
          tokens={fields.filter((f) => f.name !== editingField.name && transforms.has(f.name))}
          errors={errors.filter((e) => e.field === editingField.name)}
          onApply={(t) => applyTransform(editingField.name, t)}
          onClose={() => setEditing(null)}
        />
      )}

      {drag.pointerDrag && (
        <DragGhost drag={drag.pointerDrag} overLabel={labelOf} nowhere="Drop on a directory field" testId="mapping-drag-ghost" />
      )}
    </div>
  );
}
