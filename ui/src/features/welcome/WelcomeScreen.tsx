// The first screen: what Roster does, the two ways to start (real TriNet or the sandbox), the three steps.
import { useState } from "react";
import type { IpcError } from "../../ipc/bindings";
import { isIpcError, startSandbox, toIpcError } from "../../ipc/client";
import { useConnection } from "../../shared/connection/ConnectionContext";
import { ArrowRightIcon, BeakerIcon, LockIcon } from "../../shared/icons";
import { KindBadge } from "../../shared/kinds";
import { hrefFor, navigate } from "../../shared/router/hashRoute";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { Spinner } from "../../shared/ui/Spinner";
import "./welcome.css";

const steps = [
  {
    number: 1,
    title: "Connect",
    text: "Enter the Company ID, Client ID and Client Secret from TriNet's Integration Center. Roster tests them before saving.",
  },
  {
    number: 2,
    title: "Map fields",
    text: "Core fields map themselves. Add your own directory fields and drag TriNet fields onto them.",
  },
  {
    number: 3,
    title: "Review",
    text: "See every import as a dry run, field by field, and approve or reject it. Nothing changes before you do.",
  },
] as const;

type SandboxStart = { kind: "idle" } | { kind: "starting" } | { kind: "failed"; error: IpcError };

export function WelcomeScreen() {
  const connection = useConnection();
  const [sandbox, setSandbox] = useState<SandboxStart>({ kind: "idle" });
  const starting = sandbox.kind === "starting";

  async function trySandbox() {
    if (starting) return;
    setSandbox({ kind: "starting" });
    try {
      const status = await startSandbox();
      connection.accept(status);
      setSandbox({ kind: "idle" });
      navigate("connect");
    } catch (reason) {
      setSandbox({ kind: "failed", error: isIpcError(reason) ? reason : toIpcError(reason, "start_sandbox") });
      // The profile may have switched before the failure; show whatever Rust now has.
      void connection.refresh();
    }
  }

  return (
    <div className="page welcome">
      <header className="welcome__hero">
        <img src="/icon.png" alt="" width={44} height={44} className="welcome__logo" />
        <h1 className="welcome__title" tabIndex={-1} data-testid="welcome-title">
          Welcome to Roster
        </h1>
        <p className="welcome__lead">
          Roster brings your TriNet employees into your company directory and shows every change as a reviewable
          import before anything is applied.
        </p>
        <div className="welcome__paths">
          <a href={hrefFor("connect")} className={buttonClass("primary", "large")} data-testid="welcome-connect">
            Connect TriNet
            <ArrowRightIcon />
          </a>
          <button
            type="button"
            className={buttonClass("secondary", "large")}
            onClick={trySandbox}
            disabled={starting}
            aria-busy={starting || undefined}
            aria-describedby="welcome-sandbox-progress"
            data-testid="welcome-sandbox"
          >
            {starting ? <Spinner /> : <BeakerIcon />}
            {starting ? "Starting the sandbox company…" : "Try the sandbox company"}
          </button>
        </div>
        <p id="welcome-sandbox-progress" className="welcome__progress" aria-live="polite" data-testid="welcome-sandbox-progress">
          {starting ? "Starting the sandbox company on this computer and connecting to it…" : ""}
        </p>
        {sandbox.kind === "failed" && (
          <div className="welcome__error">
            <ErrorCallout error={sandbox.error} testId="welcome-sandbox-error" />
          </div>
        )}
        <p className="welcome__hint">
          No TriNet credentials at hand? The sandbox is a made-up company that runs on this computer, so you can see
          a real import review without an account.
        </p>
      </header>

      <section className="welcome__steps" aria-labelledby="welcome-steps-heading">
        <h2 id="welcome-steps-heading" className="welcome__section-title">
          How setup works
        </h2>
        <ol className="step-cards">
          {steps.map((step) => (
            <li key={step.number} className="step-card">
              <span className="step-card__number" aria-hidden="true">
                {step.number}
              </span>
              <h3 className="step-card__title">
                <span className="visually-hidden">Step {step.number}: </span>
                {step.title}
              </h3>
              <p className="step-card__text">{step.text}</p>
            </li>
          ))}
        </ol>
        <div className="welcome__kinds">
          <p className="welcome__kinds-label">Every import is sorted into</p>
          <ul className="welcome__kind-list">
            <li><KindBadge kind="new" /></li>
            <li><KindBadge kind="updated" /></li>
            <li><KindBadge kind="deactivated" /></li>
            <li><KindBadge kind="reactivated" /></li>
            <li><KindBadge kind="leave_started" /></li>
            <li><KindBadge kind="excluded" /></li>
            <li><KindBadge kind="needs_attention" /></li>
          </ul>
        </div>
      </section>

      <p className="welcome__privacy">
        <LockIcon size={14} />
        The client secret stays in your system keyring. Import history is kept on this computer and can be browsed
        offline.
      </p>
    </div>
  );
}
