// The SCIM targets: each with what its last test found and Test / Remove, the Add target form (the token is a
// password field and goes straight to the OS keyring), and "Use the sandbox directory" on the sandbox company.
import { useId, useState, type FormEvent } from "react";
import type { IpcError, TargetInfo } from "../../ipc/bindings";
import { isIpcError, targetAdd, targetRemove, targetTest, targetUseSandbox, toIpcError } from "../../ipc/client";
import { BeakerIcon, PlusIcon } from "../../shared/icons";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ConfirmDialog } from "../../shared/ui/ConfirmDialog";
import { TargetError } from "./TargetError";
import { Spinner } from "../../shared/ui/Spinner";
import "../../shared/ui/forms.css";
import { CapabilityList } from "./Capabilities";

type Failure = { target: string | null; error: IpcError };

function asIpcError(reason: unknown, command: string): IpcError {
  return isIpcError(reason) ? reason : toIpcError(reason, command);
}

function AddTargetForm({ onDone }: { onDone: (name: string, error: IpcError | null) => void }) {
  const id = useId();
  const [name, setName] = useState("");
  const [url, setUrl] = useState("https://");
  const [token, setToken] = useState("");
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await targetAdd({ name, base_url: url, token });
      setToken("");
      onDone(name.trim(), null);
    } catch (reason) {
      onDone(name.trim(), asIpcError(reason, "target_add"));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="target-form" onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="target-form">
      <h3 id={`${id}-title`} className="target-form__title">
        Add a SCIM target
      </h3>
      <div className="form-field">
        <label className="form-field__label" htmlFor={`${id}-name`}>
          Name
        </label>
        <input id={`${id}-name`} className="text-input" value={name} onChange={(e) => setName(e.target.value)} required data-testid="target-name" />
      </div>
      <div className="form-field">
        <label className="form-field__label" htmlFor={`${id}-url`}>
          SCIM base URL
        </label>
        <input id={`${id}-url`} className="text-input" type="url" value={url} onChange={(e) => setUrl(e.target.value)} required aria-describedby={`${id}-url-hint`} data-testid="target-url" />
        <span id={`${id}-url-hint`} className="form-field__hint">
          https only (http is allowed for this computer, e.g. http://127.0.0.1). Redirects are not followed.
        </span>
      </div>
      <div className="form-field">
        <label className="form-field__label" htmlFor={`${id}-token`}>
          Bearer token
        </label>
        <input id={`${id}-token`} className="text-input" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} required aria-describedby={`${id}-token-hint`} data-testid="target-token" />
        <span id={`${id}-token-hint`} className="form-field__hint">
          Kept in your system&apos;s keyring, never in Roster&apos;s database, logs or exports.
        </span>
      </div>
      <button type="submit" className={buttonClass("primary")} disabled={busy} aria-busy={busy || undefined} data-testid="target-add">
        {busy ? <><Spinner /> Testing…</> : <><PlusIcon size={15} /> Add and test connection</>}
      </button>
    </form>
  );
}

type TargetsPanelProps = {
  targets: TargetInfo[];
  selected: string | null;
  sandbox: boolean;
  onSelect: (name: string) => void;
  onChanged: (select?: string) => void;
};

function TargetCard({ target, selected, onSelect, onTest, onRemove, testing }: {
  target: TargetInfo;
  selected: boolean;
  onSelect: () => void;
  onTest: () => void;
  onRemove: () => void;
  testing: boolean;
}) {
  return (
    <li className={`target-card${selected ? " target-card--selected" : ""}`} data-testid="target-card" data-name={target.name}>
      <div className="target-card__head">
        <div className="target-card__who">
          <button type="button" className="target-card__name link-button" aria-pressed={selected} onClick={onSelect}>
            {target.name}
          </button>
          <span className="target-card__url">{target.base_url}</span>
        </div>
        <span className="target-card__checked">{target.checked_at ? `Tested ${new Date(target.checked_at).toLocaleString()}` : ""}</span>
        <div className="target-card__actions">
          <button type="button" className={buttonClass("secondary")} onClick={onTest} disabled={testing} data-testid="target-test">
            {testing ? <><Spinner /> Testing…</> : "Test connection"}
          </button>
          <button type="button" className={buttonClass("quiet")} onClick={onRemove} data-testid="target-remove">
            Remove<span className="visually-hidden"> {target.name}</span>
          </button>
        </div>
      </div>
      {target.capabilities ? (
        <CapabilityList caps={target.capabilities} />
      ) : (
        <p className="target-card__untested">Not tested yet{target.has_token ? "" : ", and no token is stored: add it again"}.</p>
      )}
    </li>
  );
}

export function TargetsPanel({ targets, selected, sandbox, onSelect, onChanged }: TargetsPanelProps) {
  const headingId = useId();
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [adding, setAdding] = useState(targets.length === 0 && !sandbox);
  async function run(key: string, command: string, work: () => Promise<unknown>, select?: string) {
    setBusy(key);
    setFailure(null);
    try {
      await work();
    } catch (reason) {
      setFailure({ target: select ?? null, error: asIpcError(reason, command) });
    } finally {
      setBusy(null);
      onChanged(select);
    }
  }
  const hasSandboxTarget = targets.some((t) => t.name === "Sandbox directory");
  return (
    <section className="section-card targets" aria-labelledby={headingId}>
      <div className="targets__head">
        <h2 id={headingId} className="section-card__title">
          Targets
        </h2>
        {sandbox && (
          <button type="button" className={buttonClass(hasSandboxTarget || adding ? "secondary" : "primary")} disabled={busy !== null} onClick={() => run("sandbox", "target_use_sandbox", targetUseSandbox, "Sandbox directory")} data-testid="target-use-sandbox">
            {busy === "sandbox" ? <Spinner /> : <BeakerIcon size={15} />}
            {hasSandboxTarget ? "Reconnect the sandbox directory" : "Use the sandbox directory"}
          </button>
        )}
        <button type="button" className={buttonClass("secondary")} aria-expanded={adding} onClick={() => setAdding(!adding)} data-testid="target-show-form">
          <PlusIcon size={15} /> Add target
        </button>
      </div>
      {targets.length === 0 && (
        <p className="targets__empty" data-testid="targets-empty">
          No target yet. Add your identity provider&apos;s or app&apos;s SCIM 2.0 endpoint and a bearer token
          {sandbox ? ", or use the sandbox's made-up identity directory to try a push." : "."}
        </p>
      )}
      {failure && <TargetError error={failure.error} testId="target-error" />}
      <ul className="targets__list">
        {targets.map((t) => (
          <TargetCard
            key={t.name}
            target={t}
            selected={t.name === selected}
            testing={busy === t.name}
            onSelect={() => onSelect(t.name)}
            onTest={() => run(t.name, "target_test", () => targetTest(t.name), t.name)}
            onRemove={() => setRemoving(t.name)}
          />
        ))}
      </ul>
      {adding && (
        <AddTargetForm
          onDone={(name, error) => {
            if (error) setFailure({ target: name, error });
            else setFailure(null);
            setAdding(error !== null);
            onChanged(name);
          }}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing}?`}
          tone="danger"
          confirmLabel="Remove target"
          command="target_remove"
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await targetRemove(removing);
            setRemoving(null);
            onChanged();
          }}
          testId="target-remove-dialog"
        >
          <p>
            Roster stops pushing to this target and forgets its rules and its token. History keeps its pushes and
            reconciliations, under &ldquo;{removing} (removed)&rdquo; and the day. Accounts in the target are not touched.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
