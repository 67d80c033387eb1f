// Every saved mapping version with when, note and counts; any one can be looked at or restored as the newest.
import { useEffect, useId, useState } from "react";
import type { IpcError } from "../../ipc/bindings";
import { isIpcError, mappingHistory, mappingRestore, mappingVersion, toIpcError } from "../../ipc/client";
import { describeWhen, formatDateTime } from "../../shared/relativeTime";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ConfirmDialog } from "../../shared/ui/ConfirmDialog";
import { Dialog } from "../../shared/ui/Dialog";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { Spinner } from "../../shared/ui/Spinner";
import type { DirectoryField, MappingState, MappingVersionSummary, SavedMapping } from "../../ipc/bindings";
import { describeTransform, formatCount, transformLabels } from "./spec";

type HistoryPanelProps = {
  /** Bumps after every save or restore so the list reloads. */
  revision: number;
  currentVersion: number | null;
  dirty: boolean;
  core: readonly DirectoryField[];
  onRestored: (restoredFrom: number, saved: SavedMapping) => void;
};

function asIpcError(reason: unknown, command: string): IpcError {
  return isIpcError(reason) ? reason : toIpcError(reason, command);
}

function plural(n: number, one: string, many: string) {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export function HistoryPanel({ revision, currentVersion, dirty, core, onRestored }: HistoryPanelProps) {
  const headingId = useId();
  const [list, setList] = useState<MappingVersionSummary[] | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const [restoring, setRestoring] = useState<number | null>(null);

  useEffect(() => {
    let current = true;
    mappingHistory().then(
      (versions) => {
        if (!current) return;
        setList(versions);
        setError(null);
      },
      (reason: unknown) => current && setError(asIpcError(reason, "mapping_history")),
    );
    return () => {
      current = false;
    };
  }, [revision]);

  return (
    <section className="section-card" aria-labelledby={headingId}>
      <div className="mapping-section__head">
        <h2 id={headingId} className="section-card__title">
          Mapping history
        </h2>
        {list && <span className="mapping-section__meta">{plural(list.length, "version", "versions")}</span>}
      </div>
      {error && <ErrorCallout error={error} testId="mapping-history-error" />}
      {!list && !error && (
        <p className="mapping-progress" role="status">
          <Spinner /> Loading saved versions…
        </p>
      )}
      {list && list.length === 0 && (
        <p className="mapping-section__intro" data-testid="mapping-history-empty">
          Nothing saved yet. Roster uses the default mapping shown above until you save; each save becomes a version you
          can look at or restore.
        </p>
      )}
      {list && list.length > 0 && (
        <ol className="history" data-testid="mapping-history" aria-labelledby={headingId}>
          {list.map((v) => {
            const isCurrent = v.version === currentVersion;
            return (
              <li key={v.version} className="history__item" data-testid={`mapping-history-version-${v.version}`}>
                <div className="history__main">
                  <span className="history__version">
                    Version {v.version}
                    {isCurrent && <span className="tag tag--auto">Current</span>}
                  </span>
                  <time className="history__when" dateTime={v.saved_at} title={formatDateTime(v.saved_at)}>
                    {describeWhen(v.saved_at)}
                  </time>
                  <span className="history__note">{v.note || <span className="history__no-note">No note</span>}</span>
                </div>
                <span className="history__counts num">
                  {plural(v.fields_mapped, "field", "fields")} mapped · {plural(v.custom_fields, "custom", "custom")}
                </span>
                <span className="history__actions">
                  <button
                    type="button"
                    className={buttonClass("quiet")}
                    onClick={() => setViewing(v.version)}
                    aria-label={`View version ${v.version}`}
                    data-testid={`mapping-history-view-${v.version}`}
                  >
                    View
                  </button>
                  {!isCurrent && (
                    <button
                      type="button"
                      className={buttonClass("secondary")}
                      onClick={() => setRestoring(v.version)}
                      aria-label={`Restore version ${v.version}`}
                      data-testid={`mapping-history-restore-${v.version}`}
                    >
                      Restore
                    </button>
                  )}
                </span>
              </li>
            );
          })}
        </ol>
      )}
      {viewing !== null && <VersionDialog version={viewing} core={core} onClose={() => setViewing(null)} />}
      {restoring !== null && (
        <RestoreDialog
          version={restoring}
          dirty={dirty}
          onClose={() => setRestoring(null)}
          onRestored={(saved) => {
            const from = restoring;
            setRestoring(null);
            onRestored(from, saved);
          }}
        />
      )}
    </section>
  );
}

function VersionDialog({ version, core, onClose }: { version: number; core: readonly DirectoryField[]; onClose: () => void }) {
  const [state, setState] = useState<MappingState | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    let current = true;
    mappingVersion(version).then(
      (s) => current && setState(s),
      (reason: unknown) => current && setError(asIpcError(reason, "mapping_version")),
    );
    return () => {
      current = false;
    };
  }, [version]);
  const labelOf = (name: string) =>
    [...core, ...(state?.spec.custom_fields ?? [])].find((f) => f.name === name)?.label ?? name;
  return (
    <Dialog
      title={`Version ${version}`}
      onClose={onClose}
      testId="mapping-version-dialog"
      footer={
        <button type="button" className={buttonClass("secondary")} onClick={onClose}>
          Close
        </button>
      }
    >
      {error && <ErrorCallout error={error} />}
      {!state && !error && (
        <p className="mapping-progress" role="status">
          <Spinner /> Loading version {version}…
        </p>
      )}
      {state && (
        <div className="version-view">
          {state.saved_at && <p className="mapping-section__intro">Saved {formatDateTime(state.saved_at)}.</p>}
          <table className="version-view__table">
            <thead>
              <tr>
                <th scope="col">Directory field</th>
                <th scope="col">Transform</th>
                <th scope="col">Reads</th>
              </tr>
            </thead>
            <tbody>
              {state.spec.mappings.map((m) => (
                <tr key={m.field}>
                  <th scope="row">{labelOf(m.field)}</th>
                  <td>{transformLabels[m.transform.type]}</td>
                  <td className="version-view__reads">{describeTransform(m.transform)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mapping-section__intro">
            {state.spec.exclusion
              ? `Exclusion: people whose ${state.spec.exclusion.source} is “${state.spec.exclusion.value}”.`
              : "No exclusion rule."}
          </p>
        </div>
      )}
    </Dialog>
  );
}

function RestoreDialog({
  version,
  dirty,
  onClose,
  onRestored,
}: {
  version: number;
  dirty: boolean;
  onClose: () => void;
  onRestored: (saved: SavedMapping) => void;
}) {
  return (
    <ConfirmDialog
      title={`Restore version ${version}?`}
      onClose={onClose}
      onConfirm={async () => onRestored(await mappingRestore(version))}
      command="mapping_restore"
      confirmLabel={`Restore version ${version}`}
      workingLabel="Restoring…"
      testId="mapping-restore-dialog"
      confirmTestId="mapping-restore-confirm"
    >
      <p>
        Roster saves version {version}'s mapping again as a new version, so nothing in the history is lost. The next
        import uses it.
      </p>
      {dirty && <p className="restore__warning">Your unsaved changes on this screen will be replaced.</p>}
    </ConfirmDialog>
  );
}
