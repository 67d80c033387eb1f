// The left sidebar: logo, navigation with the setup wizard's progress, connection status and About.
import { useId } from "react";
import type { ConnectionStatus as Status } from "../../ipc/bindings";
import { companyLabel } from "../connection/ConnectionContext";
import { errorHeadlines } from "../errorHeadlines";
import {
  CheckCircleIcon,
  CheckIcon,
  CircleIcon,
  DirectoryIcon,
  HistoryIcon,
  HomeIcon,
  InfoIcon,
  SettingsIcon,
  SwapIcon,
  WarningIcon,
} from "../icons";
import { hrefFor } from "../router/hashRoute";
import { navLabels, type RouteId } from "../router/routes";
import { currentSetupStep, setupStepCount, setupStepState, setupSteps, type SetupFacts } from "../setupSteps";

const stepStateText = { done: ", done", current: ", you are here", upcoming: "", attention: ", needs attention" };
import { SandboxBadge } from "../ui/SandboxBadge";
import type { IpcQueryState } from "../useIpcQuery";
import "./sidebar.css";

type SidebarProps = {
  route: RouteId;
  connection: IpcQueryState<Status>;
  /** A saved mapping, an applied import; undefined while unknown (see useSetupFacts). */
  setup?: SetupFacts;
  onOpenAbout: () => void;
};

function NavLink({ route, current, children }: { route: RouteId; current: RouteId; children: React.ReactNode }) {
  return (
    <a
      href={hrefFor(route)}
      className="nav-link"
      aria-current={route === current ? "page" : undefined}
      data-testid={`nav-${route}`}
    >
      {children}
    </a>
  );
}

export function Sidebar({ route, connection, setup, onOpenAbout }: SidebarProps) {
  const status = connection.status === "ready" ? connection.data : undefined;
  const position = currentSetupStep(status, setup);

  return (
    <div className="sidebar">
      <div className="sidebar__brand">
        <img src="/icon.png" alt="" width={24} height={24} className="sidebar__logo" />
        <span className="sidebar__name">Roster</span>
      </div>

      <nav className="sidebar__nav" aria-label="Main">
        <ul className="nav-list">
          <li>
            <NavLink route="welcome" current={route}>
              <HomeIcon />
              {navLabels.welcome}
            </NavLink>
          </li>
        </ul>

        <div className="nav-group">
          <div className="nav-group__header">
            <h2 id="nav-setup" className="nav-group__title">
              Set up
            </h2>
            {status?.state === "needs_attention" ? (
              <span className="nav-group__progress nav-group__progress--attention" data-testid="setup-progress">
                <WarningIcon size={12} />
                Check Connect
              </span>
            ) : position === "done" ? (
              <span className="nav-group__progress nav-group__progress--done" data-testid="setup-progress">
                <CheckIcon size={12} />
                Done
                <span className="visually-hidden">, all {setupStepCount} steps complete</span>
              </span>
            ) : (
              <span className="nav-group__progress" data-testid="setup-progress">
                Step {position} of {setupStepCount}
              </span>
            )}
          </div>
          <ol className="nav-list" aria-labelledby="nav-setup">
            {setupSteps.map((step) => {
              const state = setupStepState(step.number, position, status);
              return (
                <li key={step.route}>
                  <NavLink route={step.route} current={route}>
                    <span className={`step-marker step-marker--${state}`} aria-hidden="true">
                      {state === "done" ? (
                        <CheckIcon size={11} />
                      ) : state === "attention" ? (
                        <WarningIcon size={11} />
                      ) : (
                        step.number
                      )}
                    </span>
                    {step.label}
                    <span className="visually-hidden">{stepStateText[state]}</span>
                  </NavLink>
                </li>
              );
            })}
          </ol>
        </div>

        <div className="nav-group">
          <div className="nav-group__header">
            <h2 id="nav-workspace" className="nav-group__title">
              Workspace
            </h2>
          </div>
          <ul className="nav-list" aria-labelledby="nav-workspace">
            <li>
              <NavLink route="history" current={route}>
                <HistoryIcon />
                {navLabels.history}
              </NavLink>
            </li>
            <li>
              <NavLink route="directory" current={route}>
                <DirectoryIcon />
                {navLabels.directory}
              </NavLink>
            </li>
            <li>
              <NavLink route="provisioning" current={route}>
                <SwapIcon />
                {navLabels.provisioning}
              </NavLink>
            </li>
            <li>
              <NavLink route="settings" current={route}>
                <SettingsIcon />
                {navLabels.settings}
              </NavLink>
            </li>
          </ul>
        </div>
      </nav>

      <div className="sidebar__foot">
        <ConnectionStatus connection={connection} />
        <button type="button" className="nav-link nav-link--button" onClick={onOpenAbout} data-testid="open-about">
          <InfoIcon />
          About Roster
        </button>
      </div>
    </div>
  );
}

function ConnectionStatus({ connection }: { connection: IpcQueryState<Status> }) {
  const reasonId = useId();
  let text = "Checking connection…";
  let tone = "unknown";
  let detail: string | null = null;
  let reason: string | null = null;
  let sandbox = false;
  if (connection.status === "failed") {
    text = "Status unavailable";
    reason = `${errorHeadlines[connection.error.code]}. ${connection.error.message}`;
  } else if (connection.status === "ready") {
    const status = connection.data;
    sandbox = status.profile === "sandbox";
    if (status.state === "connected") {
      text = "Connected";
      tone = "connected";
      detail = companyLabel(status);
    } else if (status.state === "needs_attention") {
      text = "Needs attention";
      tone = "attention";
      detail = companyLabel(status);
      reason = status.problem
        ? `${errorHeadlines[status.problem.code]}. ${status.problem.message}`
        : "The last check of the saved connection failed. Open Connect to check it again.";
    } else {
      text = "Not connected";
      tone = "disconnected";
    }
  }
  const icon =
    tone === "connected" ? (
      <CheckCircleIcon size={14} />
    ) : tone === "attention" ? (
      <WarningIcon size={14} />
    ) : (
      <CircleIcon size={14} />
    );
  return (
    <div className={`connection-status connection-status--${tone}`} title={reason ?? detail ?? undefined}>
      <span className="connection-status__icon">{icon}</span>
      <div className="connection-status__text">
        <span className="connection-status__top">
          <span className="connection-status__label">TriNet</span>
          {sandbox && <SandboxBadge />}
        </span>
        <span
          className="connection-status__value"
          data-testid="connection-status"
          role="status"
          aria-describedby={reason ? reasonId : undefined}
        >
          {text}
          {detail && (
            <span className="connection-status__detail">
              <span className="visually-hidden">: </span>
              {detail}
            </span>
          )}
        </span>
        {reason && (
          <span id={reasonId} className="visually-hidden">
            {reason}
          </span>
        )}
      </div>
    </div>
  );
}
