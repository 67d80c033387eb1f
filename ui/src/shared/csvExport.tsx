// Export to CSV through the native save dialog: Rust asks where, writes the file whole and says where it went
// and how many rows it holds (null when the admin cancelled). One button state and one confirmation for every
// screen that exports.
import { useCallback, useRef, useState } from "react";
import type { Exported, IpcError } from "../ipc/bindings";
import { isIpcError, toIpcError } from "../ipc/client";
import { countOf } from "./formatCount";
import { CheckCircleIcon } from "./icons";
import { ErrorCallout } from "./ui/ErrorCallout";
import { FilePath } from "./ui/FilePath";
import "./csv-export.css";

export type CsvExportState =
  | { status: "idle" }
  | { status: "working" }
  | { status: "done"; exported: Exported }
  | { status: "failed"; error: IpcError };

export type CsvExport = {
  state: CsvExportState;
  /** Runs `save` (an export command); a second click while one runs is ignored. */
  run: (save: () => Promise<Exported | null>) => Promise<void>;
  /** Forgets the last outcome (e.g. when what would be exported changes). */
  clear: () => void;
};

export function useCsvExport(command: string): CsvExport {
  const [state, setState] = useState<CsvExportState>({ status: "idle" });
  const running = useRef(false);
  const run = useCallback(
    async (save: () => Promise<Exported | null>) => {
      if (running.current) return;
      running.current = true;
      setState({ status: "working" });
      try {
        const exported = await save();
        // Cancelling the dialog is a choice, not a failure: nothing to confirm.
        setState(exported ? { status: "done", exported } : { status: "idle" });
      } catch (reason) {
        setState({ status: "failed", error: isIpcError(reason) ? reason : toIpcError(reason, command) });
      } finally {
        running.current = false;
      }
    },
    [command],
  );
  const clear = useCallback(() => setState({ status: "idle" }), []);
  return { state, run, clear };
}

/** Where the file went and how many rows it has, or what went wrong; nothing while idle or working. */
export function CsvExportResult({ state, noun }: { state: CsvExportState; noun: [one: string, many: string] }) {
  if (state.status === "done") {
    return (
      <p className="export-done" role="status" data-testid="export-done">
        <CheckCircleIcon size={16} />
        <span>
          Saved {countOf(state.exported.rows, ...noun)} to{" "}
          <span className="export-done__path" data-testid="export-path">
            <FilePath path={state.exported.path} />
          </span>
        </span>
      </p>
    );
  }
  if (state.status === "failed") return <ErrorCallout error={state.error} testId="export-error" />;
  return null;
}
