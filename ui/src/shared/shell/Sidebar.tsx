// The left sidebar: logo, navigation with the setup wizard's progress, connection status and About.
import type { AppInfo } from "../../ipc/bindings";
import {
  CheckCircleIcon,
  CheckIcon,
  CircleIcon,
  DirectoryIcon,
  HistoryIcon,
  HomeIcon,
  InfoIcon,
  SettingsIcon,
} from "../icons";
import { hrefFor } from "../router/hashRoute";
import { navLabels, type RouteId } from "../router/routes";
import { currentSetupStep, setupStepCount, setupSteps } from "../setupSteps";
import type { IpcQueryState } from "../useIpcQuery";
import "./sidebar.css";

type SidebarProps = {
  route: RouteId;
  appInfo: IpcQueryState<AppInfo>;
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

export function Sidebar({ route, appInfo, onOpenAbout }: SidebarProps) {
  const info = appInfo.status === "ready" ? appInfo.data : undefined;
  const onStep = currentSetupStep(info);

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
            <span className="nav-group__progress" data-testid="setup-progress">
              Step {onStep} of {setupStepCount}
            </span>
          </div>
          <ol className="nav-list" aria-labelledby="nav-setup">
            {setupSteps.map((step) => {
              const state = step.number < onStep ? "done" : step.number === onStep ? "current" : "upcoming";
              return (
                <li key={step.route}>
                  <NavLink route={step.route} current={route}>
                    <span className={`step-marker step-marker--${state}`} aria-hidden="true">
                      {state === "done" ? <CheckIcon size={11} /> : step.number}
                    </span>
                    {step.label}
                    <span className="visually-hidden">
                      {state === "done" ? ", done" : state === "current" ? ", you are here" : ""}
                    </span>
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
              <NavLink route="settings" current={route}>
                <SettingsIcon />
                {navLabels.settings}
              </NavLink>
            </li>
          </ul>
        </div>
      </nav>

      <div className="sidebar__foot">
        <ConnectionStatus appInfo={appInfo} />
        <button type="button" className="nav-link nav-link--button" onClick={onOpenAbout} data-testid="open-about">
          <InfoIcon />
          About Roster
        </button>
      </div>
    </div>
  );
}

function ConnectionStatus({ appInfo }: { appInfo: IpcQueryState<AppInfo> }) {
  let text = "Checking connection…";
  let tone = "unknown";
  if (appInfo.status === "failed") {
    text = "Status unavailable";
  } else if (appInfo.status === "ready") {
    const connected = appInfo.data.connection_configured;
    text = connected ? "Connected" : "Not connected";
    tone = connected ? "connected" : "disconnected";
  }
  return (
    <div className={`connection-status connection-status--${tone}`}>
      {tone === "connected" ? <CheckCircleIcon size={14} /> : <CircleIcon size={14} />}
      <div className="connection-status__text">
        <span className="connection-status__label">TriNet</span>
        <span className="connection-status__value" data-testid="connection-status" role="status">
          {text}
        </span>
      </div>
    </div>
  );
}
