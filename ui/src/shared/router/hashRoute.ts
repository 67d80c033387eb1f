// Hash-based routing (#/connect): the Tauri window serves one file, so the hash is the only URL state.
import { useSyncExternalStore } from "react";
import { requestNavigation } from "./navigationGuard";
import { defaultRoute, isRouteId, type RouteId } from "./routes";

/** "#/mapping" -> "mapping"; anything unknown falls back to the welcome screen. */
export function routeFromHash(hash: string): RouteId {
  const segment = hash.replace(/^#\/?/, "").split(/[/?]/)[0] ?? "";
  return isRouteId(segment) ? segment : defaultRoute;
}

export function hrefFor(route: RouteId): string {
  return `#/${route}`;
}

/** Goes to a screen, unless a screen with unsaved work asks first (see navigationGuard). */
export function navigate(route: RouteId): void {
  requestNavigation(hrefFor(route));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

/** The route in the address bar, re-rendering whenever it changes. */
export function useRoute(): RouteId {
  return useSyncExternalStore(subscribe, () => routeFromHash(window.location.hash));
}
