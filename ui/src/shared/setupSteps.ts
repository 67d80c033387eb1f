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
 * - 1 (Connect) until TriNet is connected: while the status loads or failed, and when not connected;
 * - 2 (Map fields) once connected, until a mapping is saved;
 * - 3 (Review) once a mapping is saved, until an import has been applied;
 * - "done" once an import has been applied.
 * A saved connection that needs attention (TriNet unreachable, credentials refused) keeps what was mapped and
 * imported: the local database still has it. Step 1 then shows as needing attention (see setupStepState).
 * Facts not known yet (undefined, or a failed read) count as not done, so progress only moves forward as they arrive.
 */
export function currentSetupStep(connection: ConnectionStatus | undefined, facts?: SetupFacts): SetupPosition {
  if (!hasSavedConnection(connection)) return 1;
  if (facts?.importApplied) return "done";
  if (facts?.mappingSaved) return 3;
  return 2;
}

/** Connected, or connected before and now needing attention: either way mapping and history are there. */
export function hasSavedConnection(connection: ConnectionStatus | undefined): boolean {
  return connection?.state === "connected" || connection?.state === "needs_attention";
}

export type SetupStepState = "done" | "current" | "upcoming" | "attention";

/** How one step shows in the sidebar for the admin's position; Connect needs attention whenever the connection does. */
export function setupStepState(
  step: SetupStep["number"],
  position: SetupPosition,
  connection?: ConnectionStatus,
): SetupStepState {
  if (step === 1 && connection?.state === "needs_attention") return "attention";
  if (position === "done" || step < position) return "done";
  return step === position ? "current" : "upcoming";
}

export function setupStepFor(route: RouteId): SetupStep | undefined {
  return setupSteps.find((step) => step.route === route);
}
