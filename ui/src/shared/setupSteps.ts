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
 * The step the admin is on. Only the connection is known today: once TriNet is
 * connected (and not needing attention) the next job is mapping. Later issues add
 * mapping and review progress.
 */
export function currentSetupStep(connection: ConnectionStatus | undefined): SetupStep["number"] {
  return connection?.state === "connected" ? 2 : 1;
}

export function setupStepFor(route: RouteId): SetupStep | undefined {
  return setupSteps.find((step) => step.route === route);
}
