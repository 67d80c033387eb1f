// Confirms revoking the connection (or leaving the sandbox), with erasing local data as a separate, unticked choice.
import { useId, useState } from "react";
import type { ConnectionStatus } from "../../ipc/bindings";
import { revokeConnection } from "../../ipc/client";
import { companyLabel } from "../../shared/connection/ConnectionContext";
import { ConfirmDialog } from "../../shared/ui/ConfirmDialog";

type RevokeDialogProps = {
  status: ConnectionStatus;
  onClose: () => void;
  onRevoked: (status: ConnectionStatus, erased: boolean) => void;
};

export function RevokeDialog({ status, onClose, onRevoked }: RevokeDialogProps) {
  const [erase, setErase] = useState(false);
  const id = useId();
  const sandbox = status.profile === "sandbox";
  const name = companyLabel(status);

  return (
    <ConfirmDialog
      title={sandbox ? "Leave the sandbox?" : "Revoke the TriNet connection?"}
      onClose={onClose}
      onConfirm={async () => onRevoked(await revokeConnection(erase), erase)}
      command="revoke_connection"
      tone="danger"
      confirmLabel={sandbox ? "Leave the sandbox" : "Revoke"}
      workingLabel={sandbox ? "Leaving…" : "Revoking…"}
      testId="revoke-dialog"
      confirmTestId="revoke-confirm"
      errorTestId="revoke-error"
      describedById={`${id}-what`}
    >
      {(working) => (
        <>
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
        </>
      )}
    </ConfirmDialog>
  );
}
