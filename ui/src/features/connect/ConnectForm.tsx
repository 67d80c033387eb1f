// The credentials form: check the values locally, test them against TriNet, then save exactly what passed.
import { useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import type { ConnectionStatus, ConnectionTest, IpcError } from "../../ipc/bindings";
import { isIpcError, saveConnection, testConnection, toIpcError } from "../../ipc/client";
import { CheckCircleIcon, InfoIcon } from "../../shared/icons";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { Spinner } from "../../shared/ui/Spinner";
import {
  defaultBaseUrl,
  fieldLabels,
  sameValues,
  toConnectionForm,
  validate,
  type FieldName,
  type FormValues,
} from "./validation";
import { ScopeChips } from "./ScopeChips";

type TestState =
  | { kind: "idle" }
  | { kind: "testing"; values: FormValues }
  | { kind: "passed"; values: FormValues; result: ConnectionTest }
  | { kind: "failed"; values: FormValues; error: IpcError };

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "failed"; error: IpcError };

type ConnectFormProps = {
  initialValues: FormValues;
  onSaved: (status: ConnectionStatus) => void;
  /** Heading level 2 text above the form. */
  heading: string;
  intro?: ReactNode;
};

const fieldOrder: FieldName[] = ["company_id", "client_id", "client_secret", "base_url"];

function asError(reason: unknown, command: string): IpcError {
  return isIpcError(reason) ? reason : toIpcError(reason, command);
}

export function ConnectForm({ initialValues, onSaved, heading, intro }: ConnectFormProps) {
  const [values, setValues] = useState<FormValues>(initialValues);
  const [submitted, setSubmitted] = useState(false);
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [showSecret, setShowSecret] = useState(false);
  const [advancedOpen, setAdvancedOpen] = useState(initialValues.base_url !== "");
  const [test, setTest] = useState<TestState>({ kind: "idle" });
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  const inputs = useRef<Partial<Record<FieldName, HTMLInputElement | null>>>({});
  const resultRef = useRef<HTMLDivElement>(null);
  const baseId = useId();
  const headingId = `${baseId}-heading`;
  const helpId = `${baseId}-help`;
  const saveHintId = `${baseId}-save-hint`;
  const advancedId = `${baseId}-advanced`;

  const errors = validate(values);
  const shownError = (field: FieldName): string | undefined => {
    const problem = errors[field];
    if (!problem) return undefined;
    // Before the first Test, only complain about a value the admin typed and left, never an empty one.
    return submitted || (touched[field] && values[field] !== "") ? problem : undefined;
  };

  // A result only counts for the exact values it was produced from.
  const current = test.kind !== "idle" && sameValues(test.values, values) ? test : null;
  const passed = current?.kind === "passed" ? current : null;
  const testing = test.kind === "testing";
  const saving = save.kind === "saving";
  const busy = testing || saving;
  const staleResult = test.kind === "passed" && !passed;

  function update(field: FieldName, value: string) {
    setValues((old) => ({ ...old, [field]: value }));
    if (save.kind === "failed") setSave({ kind: "idle" });
  }

  async function runTest(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setSubmitted(true);
    setSave({ kind: "idle" });
    const problems = validate(values);
    const firstBad = fieldOrder.find((field) => problems[field]);
    if (firstBad) {
      if (firstBad === "base_url") setAdvancedOpen(true);
      // After the render that opens Advanced, so the URL field exists.
      setTimeout(() => inputs.current[firstBad]?.focus(), 0);
      return;
    }
    const tested = values;
    setTest({ kind: "testing", values: tested });
    try {
      const result = await testConnection(toConnectionForm(tested));
      setTest({ kind: "passed", values: tested, result });
    } catch (reason) {
      setTest({ kind: "failed", values: tested, error: asError(reason, "test_connection") });
    }
    revealResult();
  }

  // In a short window the outcome lands below the fold; bring it into view once it has rendered.
  function revealResult() {
    setTimeout(() => resultRef.current?.scrollIntoView?.({ block: "nearest" }), 0);
  }

  async function runSave() {
    if (!passed || busy) return;
    setSave({ kind: "saving" });
    try {
      const status = await saveConnection(toConnectionForm(passed.values));
      setSave({ kind: "idle" });
      onSaved(status);
    } catch (reason) {
      setSave({ kind: "failed", error: asError(reason, "save_connection") });
      revealResult();
    }
  }

  function field(name: Exclude<FieldName, "client_secret">, options: { hint?: string; placeholder?: string } = {}) {
    const id = `${baseId}-${name}`;
    const error = shownError(name);
    const hintId = options.hint ? `${id}-hint` : undefined;
    const errorId = error ? `${id}-error` : undefined;
    return (
      <div className="form-field">
        <label htmlFor={id} className="form-field__label">
          {fieldLabels[name]}
        </label>
        <input
          id={id}
          ref={(el) => {
            inputs.current[name] = el;
          }}
          className="text-input"
          type={name === "base_url" ? "url" : "text"}
          value={values[name]}
          placeholder={options.placeholder}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
          onChange={(e) => update(name, e.target.value)}
          onBlur={() => setTouched((t) => ({ ...t, [name]: true }))}
          data-testid={`connect-${name.replace("_", "-")}`}
        />
        {error && (
          <p id={errorId} className="form-field__error">
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

  const secretId = `${baseId}-client_secret`;
  const secretError = shownError("client_secret");

  return (
    <section className="connect-card" aria-labelledby={headingId}>
      <h2 id={headingId} className="connect-card__title">
        {heading}
      </h2>
      {intro}
      <p id={helpId} className="connect-help">
        <InfoIcon size={14} className="connect-help__icon" />
        <span>
          In TriNet, open <strong>Admin • Manager → Integration Center → TriNet API</strong> to find these three
          values. TriNet shows the Client Secret only once, so copy all three right away.
        </span>
      </p>

      <form className="connect-form" noValidate onSubmit={runTest} aria-describedby={helpId}>
        <div className="connect-form__grid">
          {field("company_id")}
          {field("client_id")}
        </div>

        <div className="form-field">
          <label htmlFor={secretId} className="form-field__label">
            {fieldLabels.client_secret}
          </label>
          <div className="secret-input">
            <input
              id={secretId}
              ref={(el) => {
                inputs.current.client_secret = el;
              }}
              className="text-input secret-input__field"
              type={showSecret ? "text" : "password"}
              value={values.client_secret}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              aria-invalid={secretError ? true : undefined}
              aria-describedby={[secretError ? `${secretId}-error` : "", `${secretId}-hint`].join(" ").trim()}
              onChange={(e) => update("client_secret", e.target.value)}
              onBlur={() => setTouched((t) => ({ ...t, client_secret: true }))}
              data-testid="connect-client-secret"
            />
            <button
              type="button"
              className="secret-input__toggle"
              aria-pressed={showSecret}
              aria-label="Show client secret"
              onClick={() => setShowSecret((v) => !v)}
              data-testid="connect-secret-toggle"
            >
              Show
            </button>
          </div>
          {secretError && (
            <p id={`${secretId}-error`} className="form-field__error">
              {secretError}
            </p>
          )}
          <p id={`${secretId}-hint`} className="form-field__hint">
            Kept only in your system keyring, never in Roster&apos;s files.
          </p>
        </div>

        <div className="advanced">
          <button
            type="button"
            className="advanced__toggle"
            aria-expanded={advancedOpen}
            aria-controls={advancedId}
            onClick={() => setAdvancedOpen((open) => !open)}
            data-testid="connect-advanced"
          >
            <span className="advanced__chevron" aria-hidden="true">
              ▸
            </span>
            Advanced
          </button>
          <div id={advancedId} className="advanced__body" hidden={!advancedOpen}>
            {field("base_url", {
              placeholder: defaultBaseUrl,
              hint: `Leave empty for TriNet's API at ${defaultBaseUrl}. Change it only if TriNet gave you another address.`,
            })}
          </div>
        </div>

        <div className="connect-form__actions">
          <button
            type="submit"
            className={buttonClass(passed ? "secondary" : "primary")}
            disabled={busy}
            aria-busy={testing || undefined}
            data-testid="connect-test"
          >
            {testing && <Spinner />}
            {testing ? "Testing…" : "Test connection"}
          </button>
          <button
            type="button"
            className={buttonClass(passed ? "primary" : "secondary")}
            disabled={!passed || busy}
            aria-busy={saving || undefined}
            onClick={runSave}
            aria-describedby={passed ? undefined : saveHintId}
            data-testid="connect-save"
          >
            {saving && <Spinner />}
            {saving ? "Saving…" : "Save connection"}
          </button>
          {!passed && (
            <p id={saveHintId} className="connect-form__save-hint">
              {staleResult
                ? "You changed a value after the test. Test again before saving."
                : "Save turns on once a test of these exact values passes."}
            </p>
          )}
        </div>
      </form>

      <div ref={resultRef} className="connect-results">
        <div className="connect-result" aria-live="polite">
          {testing && (
            <p className="connect-progress">
              <Spinner />
              Testing the connection with TriNet…
            </p>
          )}
          {saving && (
            <p className="connect-progress">
              <Spinner />
              Testing again and saving the connection…
            </p>
          )}
          {passed && <TestSuccess result={passed.result} />}
        </div>
        {current?.kind === "failed" && !testing && <ErrorCallout error={current.error} testId="connect-error" />}
        {save.kind === "failed" && <ErrorCallout error={save.error} testId="connect-error" />}
      </div>
    </section>
  );
}

function TestSuccess({ result }: { result: ConnectionTest }) {
  const name = result.company_name || result.legal_name || result.company_id;
  return (
    <div className="success-panel" data-testid="connect-success">
      <CheckCircleIcon size={18} className="success-panel__icon" />
      <div className="success-panel__body">
        <p className="success-panel__headline">The connection works — {name}</p>
        <dl className="success-panel__facts">
          {result.legal_name && (
            <div>
              <dt>Legal name</dt>
              <dd>{result.legal_name}</dd>
            </div>
          )}
          <div>
            <dt>Company ID</dt>
            <dd>{result.company_id}</dd>
          </div>
          <div>
            <dt>Scopes granted</dt>
            <dd>
              <ScopeChips scopes={result.scopes} />
            </dd>
          </div>
        </dl>
        <p className="success-panel__next">Nothing is saved yet. Save the connection to use it.</p>
      </div>
    </div>
  );
}
