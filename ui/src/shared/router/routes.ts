// Every screen Roster has, in one list, so the sidebar, the router and the tests agree on names.
export const routeIds = [
  "welcome",
  "connect",
  "mapping",
  "review",
  "history",
  "directory",
  "provisioning",
  "settings",
] as const;

export type RouteId = (typeof routeIds)[number];

export const defaultRoute: RouteId = "welcome";

/** The short name each screen has in the sidebar. */
export const navLabels: Record<RouteId, string> = {
  welcome: "Welcome",
  connect: "Connect",
  mapping: "Map fields",
  review: "Review",
  history: "History",
  directory: "Directory",
  provisioning: "Provisioning",
  settings: "Settings",
};

export function isRouteId(value: string): value is RouteId {
  return (routeIds as readonly string[]).includes(value);
}
