// Installed into the page before the app loads: answers IPC like Roster's core would, from a fixture.
import { mockIPC } from "@tauri-apps/api/mocks";
import type { AppInfo } from "../src/ipc/bindings";
import fixtures from "./app-info.fixture.json";

type Scenario = keyof typeof fixtures;

declare global {
  interface Window {
    /** Set by e2e/run.mjs before this script runs; picks the fixture. */
    __ROSTER_E2E_SCENARIO__?: Scenario;
  }
}

const scenario: Scenario = window.__ROSTER_E2E_SCENARIO__ ?? "healthy";
const info = fixtures[scenario] as AppInfo;

mockIPC((command) => {
  if (command === "app_info") return info;
  throw { code: "internal", message: `The e2e mock does not know the command "${command}".` };
});
