// Confirms revoking the connection (or leaving the sandbox), with erasing local data as a separate, unticked choice.
import { useId, useRef, useState } from "react";
import type { ConnectionStatus, IpcError } from "../../ipc/bindings";
import { isIpcError, revokeConnection, toIpcError } from "../../ipc/client";
import { companyLabel } from "../../shared/connection/ConnectionContext";
import { buttonClass } from "../../shared/ui/buttonClass";
import { Dialog } from "../../shared/ui/Dialog";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { Spinner } from "../../shared/ui/Spinner";

type RevokeDialogProps = {
  status: ConnectionStatus;
  onClose: () => void;
  onRevoked: (status: ConnectionStatus, erased: boolean) => void;
};

export function RevokeDialog({ status, onClose, onRevoked }: RevokeDialogProps) {
  const [erase, setErase] = useState(false);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  const sandbox = status.profile === "sandbox";
  const name = companyLabel(status);

  async function confirm() {
    if (working) return;
    setWorking(true);
    setError(null);
    try {
      const next = await revokeConnection(erase);
      onRevoked(next, erase);
    } catch (reason) {
      setError(isIpcError(reason) ? reason : toIpcError(reason, "revoke_connection"));
      setWorking(false);
    }
  }

  const close = () => !working && onClose();

  return (
    <Dialog
      title={sandbox ? "Leave the sandbox?" : "Revoke the TriNet connection?"}
      onClose={close}
      testId="revoke-dialog"
      initialFocusRef={cancelRef}
      describedById={`${id}-what`}
      footer={
        <>
          <button type="button" ref={cancelRef} className={buttonClass("secondary")} onClick={close} disabled={working}>
            Cancel
          </button>
          <button
            type="button"
            className={buttonClass("danger")}
            onClick={confirm}
            disabled={working}
            aria-busy={working || undefined}
            data-testid="revoke-confirm"
          >
            {working && <Spinner />}
            {working ? (sandbox ? "Leaving…" : "Revoking…") : sandbox ? "Leave the sandbox" : "Revoke"}
          </button>
        </>
      }
    >
      <div className="revoke">
        {sandbox ? (
          <p id={`${id}-what`}>
            Roster stops the sandbox company and returns to your company&apos;s data. The sandbox&apos;s demo
            connection is removed, its secret is deleted from your system keyring, and its schedules stop.
          </p>
        ) : (
          <p id={`${id}-what`}>
            Roster deletes the client secret for <strong>{name}</strong> from your system keyring, removes the
            connection settings and stops any scheduled imports. To connect again you will need the values from
            TriNet&apos;s Integration Center.
          </p>
        )}
        <p className="revoke__keep">
          The local directory and import history stay on this computer, so you can still browse them offline.
        </p>
        <div className="check-option">
          <input
            id={`${id}-erase`}
            type="checkbox"
            checked={erase}
            onChange={(e) => setErase(e.target.checked)}
            disabled={working}
            aria-describedby={`${id}-erase-hint`}
            data-testid="revoke-erase"
          />
          <div>
            <label htmlFor={`${id}-erase`} className="check-option__label">
              Also erase the local directory and history
            </label>
            <p id={`${id}-erase-hint`} className="check-option__hint">
              {sandbox
                ? "Deletes the sandbox company's directory and import history from this computer."
                : "Deletes every imported person and the full import history from this computer."}{" "}
              <strong>This cannot be undone.</strong>
            </p>
          </div>
        </div>
        {error && <ErrorCallout error={error} testId="revoke-error" />}
      </div>
    </Dialog>
  );
}
