// The one door from the UI to Roster's Rust core: typed commands whose every failure is an IpcError.
import { invoke, type InvokeArgs } from "@tauri-apps/api/core";
import type { AppInfo, ErrorCode, IpcError } from "./bindings";

// A Record (not an array) so adding a code in Rust breaks this file until the UI knows about it.
const knownErrorCodes: Record<ErrorCode, true> = {
  keyring_unavailable: true,
  database_key_missing: true,
  database_key_wrong: true,
  database_too_new: true,
  invalid_input: true,
  internal: true,
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(knownErrorCodes, value);
}

export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return isErrorCode(candidate.code) && typeof candidate.message === "string";
}

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  if (typeof reason === "string") return reason;
  if (typeof reason === "object" && reason !== null) {
    const message = (reason as Record<string, unknown>).message;
    if (typeof message === "string") return message;
  }
  return String(reason);
}

/** Turns anything a command can reject with into an IpcError the UI can switch on by code. */
export function toIpcError(reason: unknown, command: string): IpcError {
  if (isIpcError(reason)) return { code: reason.code, message: reason.message };
  const detail = describeReason(reason).trim() || "no details were given";
  return {
    code: "internal",
    message:
      `Roster's core could not complete "${command}" (${detail}). ` +
      "Try again; if it keeps happening, restart Roster and look in the log folder shown in About Roster.",
  };
}

function isInsideTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  if (!isInsideTauri()) {
    throw {
      code: "internal",
      message:
        "This page is not running inside Roster's desktop window, so it cannot reach Roster's core. " +
        "Open Roster from its app icon instead.",
    } satisfies IpcError;
  }
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toIpcError(reason, command);
  }
}

/** Facts about this install for the About panel and the sidebar's connection status. */
export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>("app_info");
}
