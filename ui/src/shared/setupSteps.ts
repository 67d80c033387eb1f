// The three setup wizard steps and how far an admin has got, shown in the sidebar and on each step's page.
import type { ConnectionStatus } from "../ipc/bindings";
import type { RouteId } from "./router/routes";

export type SetupStep = { number: 1 | 2 | 3; route: RouteId; label: string };

export const setupSteps: readonly SetupStep[] = [
  { number: 1, route: "connect", label: "Connect" },
  { number: 2, route: "mapping", label: "Map fields" },
  { number: 3, route: "review", label: "Review" },
];

export const setupStepCount = setupSteps.length;

/**
 * What Roster's core says about setup beyond the connection (see useSetupProgress):
 * `mappingSaved` once `mapping_current()` has a version, `importApplied` once `import_history` lists an import
 * with outcome "applied".
 */
export type SetupFacts = { mappingSaved: boolean; importApplied: boolean };

/** The step the admin is on, or "done" once every step is. */
export type SetupPosition = SetupStep["number"] | "done";

/**
 * Where the admin is in setup:
 * - 1 (Connect) until TriNet is connected: while the status loads or failed, when not connected, and when the
 *   saved connection needs attention (whatever was mapped or imported before);
 * - 2 (Map fields) once connected, until a mapping is saved;
 * - 3 (Review) once a mapping is saved, until an import has been applied;
 * - "done" once an import has been applied.
 * Facts not known yet (undefined, or a failed read) count as not done, so progress only moves forward as they arrive.
 */
export function currentSetupStep(connection: ConnectionStatus | undefined, facts?: SetupFacts): SetupPosition {
  if (connection?.state !== "connected") return 1;
  if (facts?.importApplied) return "done";
  if (facts?.mappingSaved) return 3;
  return 2;
}

/** How one step shows in the sidebar for the admin's position. */
export function setupStepState(step: SetupStep["number"], position: SetupPosition): "done" | "current" | "upcoming" {
  if (position === "done" || step < position) return "done";
  return step === position ? "current" : "upcoming";
}

export function setupStepFor(route: RouteId): SetupStep | undefined {
  return setupSteps.find((step) => step.route === route);
}
