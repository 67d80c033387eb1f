// Navigation guard: a screen with unsaved work registers itself, and every way of leaving it
// (sidebar and other in-app #/ links, navigate(), back/forward or a typed hash) waits for a confirmation.
import { useEffect, useSyncExternalStore } from "react";

export type GuardMessage = { title: string; body: string };

export type PendingNavigation = GuardMessage & { hash: string };

type Guard = { message: GuardMessage };

const guards = new Set<Guard>();
let pending: PendingNavigation | null = null;
/** The hash the app shows: a blocked hashchange is put back to this. */
let committedHash = typeof window === "undefined" ? "" : window.location.hash;
/** A hash the user chose to go to despite the guard (Discard changes). */
let allowedHash: string | null = null;
const listeners = new Set<() => void>();

function notify() {
  for (const listener of listeners) listener();
}

function activeGuard(): Guard | null {
  let last: Guard | null = null;
  for (const guard of guards) last = guard;
  return last;
}

function normalise(hash: string): string {
  return hash.startsWith("#") ? hash : `#${hash}`;
}

/** Whether some screen currently holds unsaved work. */
export function isNavigationGuarded(): boolean {
  return guards.size > 0;
}

/**
 * Go to `hash` unless a guard holds; then ask first. Returns true when the navigation went ahead.
 * The hash is only written once allowed, so a kept screen leaves no extra history entry.
 */
export function requestNavigation(hash: string): boolean {
  const target = normalise(hash);
  if (target === window.location.hash) return true;
  const guard = activeGuard();
  if (!guard) {
    window.location.hash = target;
    return true;
  }
  pending = { ...guard.message, hash: target };
  notify();
  return false;
}

/** Keep editing: stay on the screen, the address stays where it was. */
export function cancelPendingNavigation(): void {
  if (!pending) return;
  pending = null;
  notify();
}

/** Discard changes: go where the user asked to go. */
export function confirmPendingNavigation(): void {
  if (!pending) return;
  const { hash } = pending;
  pending = null;
  allowedHash = hash;
  notify();
  window.location.hash = hash;
}

// Registered when this module loads, so it runs before the router's own hashchange subscribers and can
// put a blocked address back before any screen re-renders with it (back/forward, a typed hash).
function onHashChange(event: HashChangeEvent) {
  const hash = window.location.hash;
  if (hash === committedHash) return;
  if (guards.size === 0 || hash === allowedHash) {
    allowedHash = null;
    committedHash = hash;
    return;
  }
  event.stopImmediatePropagation();
  window.history.replaceState(window.history.state, "", committedHash || window.location.pathname + window.location.search);
  const guard = activeGuard();
  if (guard) {
    pending = { ...guard.message, hash };
    notify();
  }
}

// In-app links to another screen ("#/review") ask through requestNavigation while a guard holds.
function onClick(event: MouseEvent) {
  if (guards.size === 0 || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = event.target instanceof Element ? event.target.closest("a[href]") : null;
  const href = anchor?.getAttribute("href");
  if (!href || !href.startsWith("#/")) return;
  event.preventDefault();
  requestNavigation(href);
}

function onBeforeUnload(event: BeforeUnloadEvent) {
  event.preventDefault();
  // Older engines show the prompt only when a value is returned.
  event.returnValue = "";
  return "";
}

if (typeof window !== "undefined") {
  window.addEventListener("hashchange", onHashChange);
  document.addEventListener("click", onClick);
}

function updateBeforeUnload() {
  window.onbeforeunload = guards.size > 0 ? onBeforeUnload : null;
}

/** The navigation waiting for a confirmation, if any. */
export function usePendingNavigation(): PendingNavigation | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => pending,
  );
}

/**
 * While `when` holds, leaving the screen asks for a confirmation and closing or reloading the window
 * gets the browser's own warning.
 */
export function useNavigationGuard(when: boolean, message: string, title = "Discard unsaved changes?"): void {
  useEffect(() => {
    if (!when) return;
    committedHash = window.location.hash;
    const guard: Guard = { message: { title, body: message } };
    guards.add(guard);
    updateBeforeUnload();
    return () => {
      guards.delete(guard);
      updateBeforeUnload();
      if (guards.size === 0 && pending) {
        pending = null;
        notify();
      }
    };
  }, [when, message, title]);
}
