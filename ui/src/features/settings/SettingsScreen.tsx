// Settings: automatic sync, guardrails, the missing-from-TriNet count, notifications and retention, saved with
// one Save; and sharing the whole setup (without secrets) as a configuration file.
import { useId, useState, type FormEvent, type ReactNode } from "react";
import type { ConfigImported, IpcError, SettingsView } from "../../ipc/bindings";
import { configExport, configImport, settingsGet, settingsSave, toIpcError } from "../../ipc/client";
import { formatDateTime } from "../../shared/relativeTime";
import { hrefFor } from "../../shared/router/hashRoute";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { PageHeader } from "../../shared/ui/PageHeader";
import { Spinner } from "../../shared/ui/Spinner";
import { useIpcQuery } from "../../shared/useIpcQuery";
import {
  describeSchedule,
  fieldOfServerMessage,
  maxMinutes,
  minMinutes,
  sameForm,
  toForm,
  toSettings,
  validate,
  type FieldName,
  type SettingsForm,
} from "./validation";
import "./settings.css";

type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; view: SettingsView }
  | { kind: "failed"; error: IpcError };

type FileState =
  | { kind: "idle" }
  | { kind: "busy"; action: "export" | "import" }
  | { kind: "exported"; fileName: string }
  | { kind: "imported"; result: ConfigImported }
  | { kind: "failed"; error: IpcError };

const fieldOrder: FieldName[] = [
  "minutes",
  "dailyAt",
  "maxDeactivatedPercent",
  "maxDeactivatedPeople",
  "maxIdentityChangesPercent",
  "missingRuns",
  "retentionMonths",
];

export function SettingsScreen({ onOpenAbout }: { onOpenAbout: () => void }) {
  const loaded = useIpcQuery(settingsGet);
  return (
    <div className="page settings-page">
      <PageHeader
        title="Settings"
        description="How often Roster syncs with TriNet, what a scheduled sync may do on its own, and how long it keeps data."
        titleTestId="settings-title"
      />
      {loaded.status === "loading" && (
        <p className="settings-loading" role="status">
          <Spinner /> Loading settings…
        </p>
      )}
      {loaded.status === "failed" && (
        <ErrorCallout
          error={loaded.error}
          testId="settings-load-error"
          onRetry={loaded.retry}
        />
      )}
      {/* Keyed by what was loaded: settings reloaded after an import start the form afresh. */}
      {loaded.status === "ready" && <SettingsEditor key={JSON.stringify(loaded.data)} initial={loaded.data} />}
      {/* Outside the loaded state: an import reloads the settings, and its result must stay on screen. */}
      <ShareSetup onImported={loaded.retry} />
      <section className="section-card settings-section" aria-labelledby="settings-more">
        <h2 id="settings-more" className="section-card__title">
          Connection and data folders
        </h2>
        <p className="settings-text">
          To remove the stored credentials and stop any schedule, use <a href={hrefFor("connect")}>Revoke on Connect</a>.
          Import history stays unless you also choose to erase local data there.
        </p>
        <div>
          <button type="button" className={buttonClass("secondary")} onClick={onOpenAbout}>
            Show data folders
          </button>
        </div>
      </section>
    </div>
  );
}

function SettingsEditor({ initial }: { initial: SettingsView }) {
  const [view, setView] = useState(initial);
  const [saved, setSavedForm] = useState(() => toForm(initial.settings));
  const [form, setForm] = useState(saved);
  const [submitted, setSubmitted] = useState(false);
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  const baseId = useId();

  const errors = validate(form);
  const serverField = save.kind === "failed" ? fieldOfServerMessage(save.error.message) : null;
  const dirty = !sameForm(form, saved);

  function update<K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) {
    setForm((old) => ({ ...old, [key]: value }));
    if (save.kind !== "saving") setSave({ kind: "idle" });
  }

  function shownError(field: FieldName): string | undefined {
    if (serverField === field && save.kind === "failed") return save.error.message;
    return submitted ? errors[field] : undefined;
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (save.kind === "saving") return;
    setSubmitted(true);
    const firstBad = fieldOrder.find((f) => validate(form)[f]);
    if (firstBad) {
      document.getElementById(`${baseId}-${firstBad}`)?.focus();
      return;
    }
    setSave({ kind: "saving" });
    try {
      const next = await settingsSave(toSettings(form));
      const nextForm = toForm(next.settings);
      setView(next);
      setSavedForm(nextForm);
      setForm(nextForm);
      setSubmitted(false);
      setSave({ kind: "saved", view: next });
    } catch (reason) {
      const error = toIpcError(reason, "settings_save");
      setSave({ kind: "failed", error });
      const field = fieldOfServerMessage(error.message);
      if (field) setTimeout(() => document.getElementById(`${baseId}-${field}`)?.focus(), 0);
    }
  }

  function numberField(
    field: FieldName,
    label: string,
    options: { suffix?: string; hint?: string; step?: string; disabled?: boolean } = {},
  ): ReactNode {
    const id = `${baseId}-${field}`;
    const error = shownError(field);
    const errorId = error ? `${id}-error` : undefined;
    const hintId = options.hint ? `${id}-hint` : undefined;
    return (
      <div className="form-field settings-field">
        <label htmlFor={id} className="form-field__label">
          {label}
        </label>
        <div className="settings-field__row">
          <input
            id={id}
            className="text-input settings-number"
            type="text"
            inputMode={options.step ? "decimal" : "numeric"}
            value={form[field] as string}
            disabled={options.disabled}
            aria-invalid={error ? true : undefined}
            aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
            onChange={(e) => update(field, e.target.value)}
            data-testid={`settings-${field}`}
          />
          {options.suffix && <span className="settings-field__suffix">{options.suffix}</span>}
        </div>
        {error && (
          <p id={errorId} className="form-field__error" data-testid={`settings-${field}-error`}>
            {error}
          </p>
        )}
        {options.hint && (
          <p id={hintId} className="form-field__hint">
            {options.hint}
          </p>
        )}
      </div>
    );
  }

  const scheduleName = `${baseId}-schedule`;
  const retentionName = `${baseId}-retention`;
  const minutesError = shownError("minutes");
  const dailyError = shownError("dailyAt");

  return (
    <form className="settings-form" noValidate onSubmit={onSubmit} aria-label="Settings" data-testid="settings-form">
      <section className="section-card settings-section" aria-labelledby={`${baseId}-sync-title`}>
        <h2 id={`${baseId}-sync-title`} className="section-card__title">
          Automatic sync
        </h2>
        <p className="settings-text">
          While Roster is open it can preview TriNet on a schedule. A scheduled sync applies every safe change on its
          own and leaves out anything that needs attention for you to decide in <a href={hrefFor("review")}>Review</a>;
          only a tripped guardrail holds the whole import for your review. For syncs while Roster is closed, run{" "}
          <code>roster sync</code> from cron or a task scheduler.
        </p>
        <fieldset className="settings-choices">
          <legend className="form-field__label">Sync with TriNet</legend>
          {(
            [
              ["off", "Off", "Only when you preview"],
              ["every_minutes", "Every few minutes", null],
              ["hourly", "Hourly", null],
              ["daily", "Daily", null],
            ] as const
          ).map(([kind, label, hint]) => (
            <div key={kind} className="settings-choice">
              <label className="settings-choice__label">
                <input
                  type="radio"
                  name={scheduleName}
                  value={kind}
                  checked={form.scheduleKind === kind}
                  onChange={() => update("scheduleKind", kind)}
                  data-testid={`settings-schedule-${kind}`}
                />
                <span>{label}</span>
                {hint && <span className="settings-choice__hint">{hint}</span>}
              </label>
              {kind === "every_minutes" && form.scheduleKind === "every_minutes" && (
                <div className="settings-choice__detail">
                  <label htmlFor={`${baseId}-minutes`} className="form-field__label">
                    Every
                  </label>
                  <input
                    id={`${baseId}-minutes`}
                    className="text-input settings-number"
                    type="text"
                    inputMode="numeric"
                    value={form.minutes}
                    aria-invalid={minutesError ? true : undefined}
                    aria-describedby={`${baseId}-minutes-${minutesError ? "error" : "hint"}`}
                    onChange={(e) => update("minutes", e.target.value)}
                    data-testid="settings-minutes"
                  />
                  <span className="settings-field__suffix">minutes</span>
                  {minutesError ? (
                    <p id={`${baseId}-minutes-error`} className="form-field__error" data-testid="settings-minutes-error">
                      {minutesError}
                    </p>
                  ) : (
                    <p id={`${baseId}-minutes-hint`} className="form-field__hint">
                      At least {minMinutes}, at most {maxMinutes.toLocaleString()}.
                    </p>
                  )}
                </div>
              )}
              {kind === "daily" && form.scheduleKind === "daily" && (
                <div className="settings-choice__detail">
                  <label htmlFor={`${baseId}-dailyAt`} className="form-field__label">
                    At (your local time)
                  </label>
                  <input
                    id={`${baseId}-dailyAt`}
                    className="text-input settings-time"
                    type="time"
                    value={form.dailyAt}
                    aria-invalid={dailyError ? true : undefined}
                    aria-describedby={dailyError ? `${baseId}-dailyAt-error` : undefined}
                    onChange={(e) => update("dailyAt", e.target.value)}
                    data-testid="settings-dailyAt"
                  />
                  {dailyError && (
                    <p id={`${baseId}-dailyAt-error`} className="form-field__error" data-testid="settings-dailyAt-error">
                      {dailyError}
                    </p>
                  )}
                </div>
              )}
            </div>
          ))}
        </fieldset>
        <ScheduleStatus view={view} />
      </section>

      <section className="section-card settings-section" aria-labelledby={`${baseId}-guard-title`}>
        <h2 id={`${baseId}-guard-title`} className="section-card__title">
          Guardrails
        </h2>
        <p className="settings-text">
          An import over any of these limits is held: approving it in Review needs a typed confirmation, and a
          scheduled sync never applies it on its own.
        </p>
        <div className="settings-grid">
          {numberField("maxDeactivatedPercent", "Hold when deactivations exceed", {
            suffix: "% of active people",
            step: "any",
          })}
          {numberField("maxDeactivatedPeople", "…or exceed", { suffix: "people" })}
          {numberField("maxIdentityChangesPercent", "Hold when identity changes exceed", {
            suffix: "% of active people",
            step: "any",
            hint: "Changes of work email or employee ID.",
          })}
          {numberField("missingRuns", "Missing from TriNet", {
            suffix: "runs in a row",
            hint: "Someone missing from TriNet without a termination is only proposed for deactivation after this many imports.",
          })}
        </div>
      </section>

      <section className="section-card settings-section" aria-labelledby={`${baseId}-notify-title`}>
        <h2 id={`${baseId}-notify-title`} className="section-card__title">
          Notifications
        </h2>
        <label className="settings-check">
          <input
            type="checkbox"
            checked={form.notifications}
            onChange={(e) => update("notifications", e.target.checked)}
            data-testid="settings-notifications"
          />
          <span>Show a desktop notification when a scheduled sync holds an import or fails</span>
        </label>
      </section>

      <section className="section-card settings-section" aria-labelledby={`${baseId}-retention-title`}>
        <h2 id={`${baseId}-retention-title`} className="section-card__title">
          Data retention
        </h2>
        <fieldset className="settings-choices">
          <legend className="form-field__label">Per-person change details of past imports</legend>
          <label className="settings-choice__label">
            <input
              type="radio"
              name={retentionName}
              checked={form.retentionKind === "keep_all"}
              onChange={() => update("retentionKind", "keep_all")}
              data-testid="settings-retention-keep_all"
            />
            <span>Keep everything</span>
          </label>
          <label className="settings-choice__label">
            <input
              type="radio"
              name={retentionName}
              checked={form.retentionKind === "months"}
              onChange={() => update("retentionKind", "months")}
              data-testid="settings-retention-months"
            />
            <span>Keep them for a number of months</span>
          </label>
        </fieldset>
        {form.retentionKind === "months" &&
          numberField("retentionMonths", "Keep change details for", {
            suffix: "months",
            hint: "Older imports keep their date, outcome and counts, and lifecycle events stay; only who changed which field is removed.",
          })}
      </section>

      {save.kind === "failed" && !serverField && <ErrorCallout error={save.error} testId="settings-save-error" />}
      <div className="action-bar settings-actions">
        <button
          type="submit"
          className={buttonClass("primary")}
          disabled={save.kind === "saving"}
          data-testid="settings-save"
        >
          {save.kind === "saving" ? (
            <>
              <Spinner /> Saving…
            </>
          ) : (
            "Save settings"
          )}
        </button>
        {dirty && save.kind !== "saving" && (
          <button
            type="button"
            className={buttonClass("quiet")}
            onClick={() => {
              setForm(saved);
              setSubmitted(false);
              setSave({ kind: "idle" });
            }}
          >
            Discard changes
          </button>
        )}
        <p className="settings-actions__status" role="status" aria-live="polite" data-testid="settings-status">
          {save.kind === "saved" && !dirty
            ? `Saved. Automatic sync: ${describeSchedule(save.view.settings.schedule).toLowerCase()}.`
            : dirty
              ? "You have unsaved changes."
              : ""}
        </p>
      </div>
    </form>
  );
}

function ScheduleStatus({ view }: { view: SettingsView }) {
  if (view.settings.schedule.kind === "off") {
    return (
      <p className="settings-schedule-status" data-testid="settings-schedule-status">
        Saved schedule: off.
      </p>
    );
  }
  if (!view.connected) {
    return (
      <p className="settings-schedule-status" data-testid="settings-schedule-status">
        Saved schedule: {describeSchedule(view.settings.schedule).toLowerCase()}. It runs once TriNet is connected.{" "}
        <a href={hrefFor("connect")}>Connect TriNet</a>
      </p>
    );
  }
  return (
    <p className="settings-schedule-status" data-testid="settings-schedule-status">
      Saved schedule: {describeSchedule(view.settings.schedule).toLowerCase()}.{" "}
      {view.next_run_at && <>Next sync: {formatDateTime(view.next_run_at)}. </>}
      {view.last_run_at ? <>Last scheduled sync: {formatDateTime(view.last_run_at)}.</> : "No scheduled sync has run yet."}{" "}
      <a href={hrefFor("history")}>See them in History</a>
    </p>
  );
}

function ShareSetup({ onImported }: { onImported: () => void }) {
  const [state, setState] = useState<FileState>({ kind: "idle" });
  const busy = state.kind === "busy";

  async function runExport() {
    setState({ kind: "busy", action: "export" });
    try {
      const fileName = await configExport();
      setState(fileName ? { kind: "exported", fileName } : { kind: "idle" });
    } catch (reason) {
      setState({ kind: "failed", error: toIpcError(reason, "config_export") });
    }
  }

  async function runImport() {
    setState({ kind: "busy", action: "import" });
    try {
      const result = await configImport();
      if (!result) {
        setState({ kind: "idle" });
        return;
      }
      setState({ kind: "imported", result });
      onImported();
    } catch (reason) {
      setState({ kind: "failed", error: toIpcError(reason, "config_import") });
    }
  }

  return (
    <section className="section-card settings-section" aria-labelledby="settings-share-title">
      <h2 id="settings-share-title" className="section-card__title">
        Share this setup
      </h2>
      <p className="settings-text">
        Export the field mapping, these settings and the connection details to one file another admin can import.
        The client secret is never in the file: whoever imports it enters the secret on Connect.
      </p>
      <div className="settings-share__actions">
        <button type="button" className={buttonClass("secondary")} disabled={busy} onClick={runExport} data-testid="settings-export">
          {state.kind === "busy" && state.action === "export" ? <Spinner /> : null} Export configuration…
        </button>
        <button type="button" className={buttonClass("secondary")} disabled={busy} onClick={runImport} data-testid="settings-import">
          {state.kind === "busy" && state.action === "import" ? <Spinner /> : null} Import configuration…
        </button>
      </div>
      <div role="status" aria-live="polite" data-testid="settings-share-status">
        {state.kind === "exported" && <p className="settings-text">Saved the configuration as {state.fileName}.</p>}
        {state.kind === "imported" && (
          <p className="settings-text">
            Imported the configuration.{" "}
            {state.result.mapping_version !== null
              ? `The mapping is saved as version ${state.result.mapping_version}.`
              : "The mapping was already the same."}{" "}
            {state.result.base_url_change && (
              <>
                The API base URL changed: <span className="mono">{state.result.base_url_change.from}</span> →{" "}
                <span className="mono">{state.result.base_url_change.to}</span>. Nothing is sent there until the client
                secret is entered again and the test passes.{" "}
              </>
            )}
            {state.result.needs_secret && (
              <>
                To finish connecting{state.result.company_id ? ` ${state.result.company_id}` : ""},{" "}
                <a href={hrefFor("connect")}>enter the client secret on Connect</a>.
              </>
            )}
          </p>
        )}
      </div>
      {state.kind === "failed" && <ErrorCallout error={state.error} testId="settings-share-error" />}
    </section>
  );
}
