// A yes-or-no question before something that matters: Cancel has focus, the confirm button shows the work under
// way, and a failure stays inside the dialog as an ErrorCallout so the admin can try again or back out.
import { useId, useRef, useState, type ReactNode } from "react";
import type { IpcError } from "../../ipc/bindings";
import { isIpcError, toIpcError } from "../../ipc/client";
import { buttonClass } from "./buttonClass";
import { Dialog } from "./Dialog";
import { ErrorCallout } from "./ErrorCallout";
import { Spinner } from "./Spinner";

type ConfirmDialogProps = {
  title: string;
  /** The explanation; a function gets whether the confirmation is under way (to disable inputs meanwhile). */
  children: ReactNode | ((working: boolean) => ReactNode);
  confirmLabel: string;
  /** On the confirm button while onConfirm's promise is pending, e.g. "Applying…". */
  workingLabel?: string;
  cancelLabel?: string;
  tone?: "primary" | "danger";
  /**
   * Does the thing. When it returns a promise the dialog shows progress until it settles; a rejection is shown
   * in the dialog, a fulfilment is the caller's cue to close it.
   */
  onConfirm: () => void | Promise<unknown>;
  onClose: () => void;
  /** Names the IPC command in the message of an error that is not an IpcError. */
  command?: string;
  testId?: string;
  confirmTestId?: string;
  cancelTestId?: string;
  errorTestId?: string;
  /** The element that describes the dialog; the whole body otherwise. */
  describedById?: string;
};

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  workingLabel,
  cancelLabel = "Cancel",
  tone = "primary",
  onConfirm,
  onClose,
  command = "request",
  testId,
  confirmTestId,
  cancelTestId,
  errorTestId,
  describedById,
}: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const bodyId = useId();
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  async function confirm() {
    if (working) return;
    const outcome = onConfirm();
    if (!(outcome instanceof Promise)) return;
    setWorking(true);
    setError(null);
    try {
      await outcome;
    } catch (reason) {
      setError(isIpcError(reason) ? reason : toIpcError(reason, command));
      setWorking(false);
    }
  }

  const close = () => !working && onClose();

  return (
    <Dialog
      title={title}
      onClose={close}
      testId={testId}
      initialFocusRef={cancelRef}
      describedById={describedById ?? bodyId}
      footer={
        <>
          <button
            type="button"
            ref={cancelRef}
            className={buttonClass("secondary")}
            onClick={close}
            disabled={working}
            data-testid={cancelTestId}
          >
            {cancelLabel}
          </button>
          <button
            type="button"
            className={buttonClass(tone)}
            onClick={confirm}
            disabled={working}
            aria-busy={working || undefined}
            data-testid={confirmTestId}
          >
            {working && <Spinner />}
            {working && workingLabel ? workingLabel : confirmLabel}
          </button>
        </>
      }
    >
      <div className="confirm-dialog" id={describedById ? undefined : bodyId}>
        {typeof children === "function" ? children(working) : children}
      </div>
      {error && (
        <div className="confirm-dialog__error">
          <ErrorCallout error={error} testId={errorTestId} />
        </div>
      )}
    </Dialog>
  );
}
