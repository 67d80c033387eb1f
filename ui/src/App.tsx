// Wires the shell together: current route to screen, the shared connection status, setup progress, the About dialog.
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { AboutDialog } from "./features/about/AboutDialog";
import { ConnectScreen } from "./features/connect/ConnectScreen";
import { DirectoryScreen } from "./features/directory/DirectoryScreen";
import { HistoryScreen } from "./features/history/HistoryScreen";
import { MappingScreen } from "./features/mapping/MappingScreen";
import { ProvisioningScreen } from "./features/provisioning/ProvisioningScreen";
import { ReviewScreen } from "./features/review/ReviewScreen";
import { ScheduledSyncBanner } from "./features/settings/ScheduledSyncBanner";
import { AutoPushNotice } from "./features/provisioning/AutoPushNotice";
import { SettingsScreen } from "./features/settings/SettingsScreen";
import { WelcomeScreen } from "./features/welcome/WelcomeScreen";
import { appInfo } from "./ipc/client";
import { companyLabel, ConnectionProvider, useConnection } from "./shared/connection/ConnectionContext";
import { useRoute } from "./shared/router/hashRoute";
import { NavigationGuardDialog } from "./shared/router/NavigationGuardDialog";
import { usePendingNavigation } from "./shared/router/navigationGuard";
import type { RouteId } from "./shared/router/routes";
import { SetupProgressProvider, useSetupFacts } from "./shared/setupProgress";
import { hasSavedConnection } from "./shared/setupSteps";
import { SandboxBanner } from "./shared/shell/SandboxBanner";
import { Sidebar } from "./shared/shell/Sidebar";
import { StorageProblemBanner } from "./shared/shell/StorageProblemBanner";
import "./shared/shell/shell.css";
import { useIpcQuery } from "./shared/useIpcQuery";

function screenFor(route: RouteId, openAbout: () => void): ReactNode {
  switch (route) {
    case "welcome":
      return <WelcomeScreen />;
    case "connect":
      return <ConnectScreen />;
    case "mapping":
      return <MappingScreen />;
    case "review":
      return <ReviewScreen />;
    case "history":
      return <HistoryScreen />;
    case "directory":
      return <DirectoryScreen />;
    case "provisioning":
      return <ProvisioningScreen />;
    case "settings":
      return <SettingsScreen onOpenAbout={openAbout} />;
  }
}

export function App() {
  return (
    <ConnectionProvider>
      <Shell />
    </ConnectionProvider>
  );
}

function Shell() {
  const route = useRoute();
  const connection = useConnection();
  const info = useIpcQuery(appInfo);
  const [aboutOpen, setAboutOpen] = useState(false);
  const pendingNavigation = usePendingNavigation();
  const openAbout = useCallback(() => setAboutOpen(true), []);
  const mainRef = useRef<HTMLElement>(null);
  const shownRoute = useRef(route);
  const setup = useSetupFacts({
    connected: connection.status.status === "ready" && hasSavedConnection(connection.status.data),
    route,
    connectionRevision: connection.revision,
  });

  // After navigating, move focus to the new page's title so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (route === shownRoute.current) return;
    shownRoute.current = route;
    mainRef.current?.querySelector<HTMLElement>("h1")?.focus();
  }, [route]);

  const storageError = info.status === "ready" ? info.data.storage_error : null;
  const status = connection.status.status === "ready" ? connection.status.data : null;

  return (
    <>
      <div className="app-shell" inert={aboutOpen || pendingNavigation !== null}>
        <a
          className="skip-link"
          href="#main-content"
          onClick={(event) => {
            // A plain #fragment would be read as a route, so move focus by hand.
            event.preventDefault();
            mainRef.current?.focus();
          }}
        >
          Skip to content
        </a>
        <Sidebar route={route} connection={connection.status} setup={setup.facts} onOpenAbout={openAbout} />
        <main id="main-content" ref={mainRef} className="app-main" tabIndex={-1}>
          {status?.profile === "sandbox" && <SandboxBanner companyName={companyLabel(status)} />}
          {storageError && <StorageProblemBanner error={storageError} onShowDetails={openAbout} />}
          <ScheduledSyncBanner />
          <AutoPushNotice />
          <SetupProgressProvider refresh={setup.refresh}>{screenFor(route, openAbout)}</SetupProgressProvider>
        </main>
      </div>
      {/* Keyed by the connection's revision so an open About reloads when the connection changes. */}
      {aboutOpen && <AboutDialog key={connection.revision} onClose={() => setAboutOpen(false)} />}
      {pendingNavigation && <NavigationGuardDialog pending={pendingNavigation} />}
    </>
  );
}
