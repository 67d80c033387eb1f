// What Rust's Channel::send does, for the fakes: messages down a Channel the UI passed as a command argument.
import type { IpcError } from "../ipc/bindings";

type TauriInternals = { runCallback: (id: number, data: unknown) => void };

/** A sender for the Channel in `channel` (a command's onProgress argument); rejects like Rust when it is not one. */
export function channelSender<T>(channel: unknown) {
  const id = (channel as { id?: unknown } | null)?.id;
  if (typeof id !== "number") throw { code: "invalid_input", message: "onProgress must be a Channel." } satisfies IpcError;
  const internals = (window as unknown as { __TAURI_INTERNALS__: TauriInternals }).__TAURI_INTERNALS__;
  let index = 0;
  return {
    send: (message: T) => internals.runCallback(id, { index: index++, message }),
    end: () => internals.runCallback(id, { index, end: true }),
  };
}
