// Answers IPC like Roster's core would in unit tests: one handler per command, and a log of what was asked.
import { mockIPC } from "@tauri-apps/api/mocks";
import type { InvokeArgs } from "@tauri-apps/api/core";
import { healthyAppInfo } from "./appInfoFixture";
import { notConnected } from "./connectionFixture";
import type { Commands } from "../ipc/commands";

export type Handler = (args: InvokeArgs | undefined) => unknown;
export type Call = { command: string; args: InvokeArgs | undefined };

/**
 * Installs the mock; unknown commands reject like Tauri does. app_info and connection_status have defaults.
 * Handlers are keyed by Roster's command names (ui/src/ipc/commands.ts), so a misspelt one does not compile.
 */
export function mockRoster(handlers: Partial<Record<keyof Commands, Handler>> = {}): Call[] {
  const calls: Call[] = [];
  const all: Partial<Record<string, Handler>> = {
    app_info: () => healthyAppInfo,
    connection_status: () => notConnected,
    ...handlers,
  };
  mockIPC((command, args) => {
    calls.push({ command, args });
    const handler = all[command];
    if (!handler) throw `command ${command} not found`;
    return handler(args);
  });
  return calls;
}

/** A promise with its resolve/reject exposed, to hold a command "in flight" while a test looks at progress. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
