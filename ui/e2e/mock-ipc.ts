// Installed into the page before the app loads: answers IPC like Roster's core would, from fixtures and a
// small in-page connection state (test, save, check, revoke, sandbox), the mapping fake and the review fake
// (whose preview streams progress through the page's Channel), so e2e runs exercise whole flows.
import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { AppInfo, ConnectionForm, ConnectionStatus, IpcError, Settings, SyncOutcome } from "../src/ipc/bindings";
import fixtures from "./app-info.fixture.json";
import connectionFixtures from "./connection.fixture.json";
import { createMappingFake } from "../src/test/mappingFake";
import { createReviewFake, type ReviewFakeOptions } from "../src/test/reviewFake";
import { createHistoryFake } from "../src/test/historyFake";
import { manyImports } from "../src/test/historyFixture";
import { createDirectoryFake, type DirectoryFakeOptions } from "../src/test/directoryFake";
import { createProvisioningFake } from "../src/test/provisioningFake";

type Scenario = keyof typeof fixtures;
type ConnectionScenario = "not_connected" | "connected" | "needs_attention" | "storage_error" | "sandbox";

declare global {
  interface Window {
    /** Set by the openApp fixture (e2e/app.ts) before this script runs; picks the app_info fixture. */
    __ROSTER_E2E_SCENARIO__?: Scenario;
    /** Set by the openApp fixture; the saved connection the app starts with. */
    __ROSTER_E2E_CONNECTION__?: ConnectionScenario;
    /** Set by the openApp fixture to hold start_sandbox until it calls __ROSTER_E2E_RELEASE_SANDBOX__. */
    __ROSTER_E2E_HOLD_SANDBOX__?: boolean;
    __ROSTER_E2E_RELEASE_SANDBOX__?: () => void;
    /** Set by the openApp fixture: mapping_catalog answers after this many milliseconds. */
    __ROSTER_E2E_CATALOG_DELAY__?: number;
    /** Set by the openApp fixture: how the review commands behave (open import, size, guardrail, preview speed). */
    __ROSTER_E2E_REVIEW__?: ReviewFakeOptions;
    /** Set by the openApp fixture: this many imports, every other day up to today, instead of the review fixture's three. */
    __ROSTER_E2E_HISTORY__?: { imports: number; keepDetailsDays?: number };
    /** Set by the openApp fixture: the directory's size and how its commands behave. */
    __ROSTER_E2E_DIRECTORY__?: DirectoryFakeOptions;
    /**
     * Set by the openApp fixture: nothing mapped or imported yet (no saved mapping, no import history), as on a new
     * install. Unset, it follows the connection: fresh when the app starts not connected.
     */
    __ROSTER_E2E_FRESH__?: boolean;
    /** Set here: announces a scheduled sync as Rust's scheduler does (the "scheduled-sync" event). */
    __ROSTER_E2E_SCHEDULED_SYNC__?: (outcome: SyncOutcome) => Promise<void>;
  }
}

const scenario: Scenario = window.__ROSTER_E2E_SCENARIO__ ?? "healthy";
const info = fixtures[scenario] as AppInfo;
const startWith: ConnectionScenario = window.__ROSTER_E2E_CONNECTION__ ?? "not_connected";
const notConnected = connectionFixtures.not_connected as ConnectionStatus;
const sandboxCredentials = connectionFixtures.sandbox_credentials;

let status: ConnectionStatus =
  startWith === "storage_error" ? notConnected : (connectionFixtures[startWith] as ConnectionStatus);

function reject(code: IpcError["code"], message: string): never {
  throw { code, message } satisfies IpcError;
}

/** Like TriNet: the one accepted secret is the fixture's; "slow-secret" takes a moment, for the progress state. */
async function tryForm(form: ConnectionForm) {
  if (form.client_secret === "slow-secret") await new Promise((r) => setTimeout(r, 1500));
  if (form.company_id !== connectionFixtures.credentials.company_id) {
    reject("unknown_company", `TriNet has no company with the ID "${form.company_id}". Check the Company ID in the Integration Center.`);
  }
  if (form.client_id !== connectionFixtures.credentials.client_id || !form.client_secret.startsWith("good-")) {
    reject(
      "bad_credentials",
      "TriNet did not accept the Client ID and Client Secret. Copy both again from Integration Center → TriNet API; the secret is shown only once, so you may need to create new credentials.",
    );
  }
  return connectionFixtures.test_result;
}

function connectedFrom(form: ConnectionForm, profile: "company" | "sandbox"): ConnectionStatus {
  const now = new Date().toISOString();
  const base = profile === "sandbox" ? connectionFixtures.sandbox : connectionFixtures.connected;
  return {
    ...(base as ConnectionStatus),
    company_id: form.company_id,
    client_id: form.client_id,
    base_url: form.base_url ?? "https://api.trinet.com",
    last_verified_at: now,
    last_checked_at: now,
  };
}

const fresh = window.__ROSTER_E2E_FRESH__ ?? startWith === "not_connected";
const mapping = createMappingFake({ catalogDelayMs: window.__ROSTER_E2E_CATALOG_DELAY__ ?? 150, saved: !fresh });
const longHistory = window.__ROSTER_E2E_HISTORY__;
const review = createReviewFake({
  ...(fresh ? { history: [] } : {}),
  ...(longHistory
    ? {
        history: manyImports({
          count: longHistory.imports,
          today: new Date().toISOString().slice(0, 10),
          keepDetailsDays: longHistory.keepDetailsDays,
        }),
      }
    : {}),
  ...window.__ROSTER_E2E_REVIEW__,
});
const history = createHistoryFake(review.imports);
const directory = createDirectoryFake({ ...(fresh ? { empty: true } : {}), ...window.__ROSTER_E2E_DIRECTORY__ });

let settings: Settings = {
  schedule: { kind: "off" },
  guardrails: { max_deactivated_percent: 10, max_deactivated_people: 25, max_identity_changes_percent: 5 },
  missing_runs_to_deactivate: 3,
  notifications: true,
  retention: { kind: "keep_all" },
};

function settingsView() {
  const on = settings.schedule.kind !== "off" && status.state !== "not_connected";
  return {
    settings,
    connected: status.state !== "not_connected",
    next_run_at: on ? new Date(Date.now() + 15 * 60_000).toISOString() : null,
    last_run_at: null,
  };
}

const provisioning = createProvisioningFake();

window.__ROSTER_E2E_SCHEDULED_SYNC__ = (outcome) => emit("scheduled-sync", outcome);

mockIPC(async (command, args) => {
  if (Object.hasOwn(mapping.handlers, command)) {
    if (status.state === "not_connected" && command === "mapping_catalog") {
      reject("not_connected", "Roster has no TriNet connection yet. Connect TriNet, or try the sandbox company.");
    }
    return mapping.handlers[command](args);
  }
  if (Object.hasOwn(review.handlers, command)) {
    if (status.state === "not_connected" && command === "review_preview") {
      reject("not_connected", "Roster has no TriNet connection yet. Connect TriNet, or try the sandbox company.");
    }
    return review.handlers[command](args);
  }
  if (Object.hasOwn(directory.handlers, command)) return directory.handlers[command](args);
  if (Object.hasOwn(history.handlers, command)) return history.handlers[command](args);
  if (Object.hasOwn(provisioning.handlers, command)) return provisioning.handlers[command](args);
  const payload = (args ?? {}) as { form?: ConnectionForm; eraseData?: boolean };
  switch (command) {
    case "app_info":
      return { ...info, connection_configured: status.state !== "not_connected" || info.connection_configured };
    case "connection_status":
      if (startWith === "storage_error" && info.storage_error) throw info.storage_error;
      return status;
    case "test_connection":
      return tryForm(payload.form!);
    case "save_connection":
      await tryForm(payload.form!);
      status = connectedFrom(payload.form!, status.profile);
      return status;
    case "check_connection":
      if (status.state === "not_connected") return status;
      if (startWith === "needs_attention" && status.profile === "company") return status;
      status = { ...status, state: "connected", problem: null, last_verified_at: new Date().toISOString() };
      return status;
    case "revoke_connection":
      if (typeof payload.eraseData !== "boolean") reject("invalid_input", "eraseData must be true or false.");
      status = { ...notConnected, profile: "company" };
      return status;
    case "settings_get":
      return settingsView();
    case "settings_save": {
      const next = (args as { settings: Settings }).settings;
      if (next.schedule.kind === "every_minutes" && next.schedule.minutes < 5) {
        reject("invalid_input", `Sync every N minutes: enter a number from 5 to 1440 (not ${next.schedule.minutes}).`);
      }
      settings = next;
      return settingsView();
    }
    case "config_export":
      return "roster-configuration.json";
    case "config_import":
      return { mapping_version: 4, needs_secret: true, company_id: "ACME42", base_url_change: null };
    case "start_sandbox":
      if (window.__ROSTER_E2E_HOLD_SANDBOX__) {
        await new Promise<void>((resolve) => (window.__ROSTER_E2E_RELEASE_SANDBOX__ = resolve));
      }
      status = connectedFrom({ ...sandboxCredentials, base_url: connectionFixtures.sandbox.base_url }, "sandbox");
      return status;
    default:
      throw { code: "internal", message: `The e2e mock does not know the command "${command}".` };
  }
}, { shouldMockEvents: true });
