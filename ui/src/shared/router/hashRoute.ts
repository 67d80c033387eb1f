// Hash-based routing (#/connect): the Tauri window serves one file, so the hash is the only URL state.
import { useSyncExternalStore } from "react";
import { requestNavigation } from "./navigationGuard";
import { defaultRoute, isRouteId, type RouteId } from "./routes";

/** "#/mapping" -> "mapping"; anything unknown falls back to the welcome screen. */
export function routeFromHash(hash: string): RouteId {
  const segment = hash.replace(/^#\/?/, "").split(/[/?]/)[0] ?? "";
  return isRouteId(segment) ? segment : defaultRoute;
}

/** "#/directory" or, with params, "#/directory?person=7". */
export function hrefFor(route: RouteId, params?: Record<string, string | number>): string {
  const query = params ? new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString() : "";
  return `#/${route}${query ? `?${query}` : ""}`;
}

/** The query after the route: "#/directory?person=7" → person=7. */
export function queryFromHash(hash: string): URLSearchParams {
  const at = hash.indexOf("?");
  return new URLSearchParams(at < 0 ? "" : hash.slice(at + 1));
}

/** Goes to a screen, unless a screen with unsaved work asks first (see navigationGuard). */
export function navigate(route: RouteId): void {
  requestNavigation(hrefFor(route));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

/** One parameter of the address's query (null when absent), re-rendering whenever it changes. */
export function useHashParam(name: string): string | null {
  return useSyncExternalStore(subscribe, () => queryFromHash(window.location.hash).get(name));
}

/** The route in the address bar, re-rendering whenever it changes. */
export function useRoute(): RouteId {
  return useSyncExternalStore(subscribe, () => routeFromHash(window.location.hash));
}
