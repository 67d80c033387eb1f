// Step 1 of setup: enter, test and save the TriNet credentials; then see, re-check or revoke the connection.
import { useState } from "react";
import type { ConnectionStatus } from "../../ipc/bindings";
import { useConnection } from "../../shared/connection/ConnectionContext";
import { CheckCircleIcon } from "../../shared/icons";
import { hrefFor } from "../../shared/router/hashRoute";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { PageHeader } from "../../shared/ui/PageHeader";
import { Spinner } from "../../shared/ui/Spinner";
import { StepEyebrow } from "../../shared/ui/StepEyebrow";
import { ConnectForm } from "./ConnectForm";
import { ConnectionSummary } from "./ConnectionSummary";
import { RevokeDialog } from "./RevokeDialog";
import { defaultBaseUrl, emptyValues, type FormValues } from "./validation";
import "../../shared/ui/forms.css";
import "./connect.css";

function valuesToReenter(status: ConnectionStatus): FormValues {
  const baseUrl = status.base_url && status.base_url !== defaultBaseUrl ? status.base_url : "";
  return { company_id: status.company_id ?? "", client_id: status.client_id ?? "", client_secret: "", base_url: baseUrl };
}

/** Moves focus once the next render is on screen, so keyboard users are not left on a removed button. */
function focusAfterRender(selector: string) {
  setTimeout(() => document.querySelector<HTMLElement>(selector)?.focus(), 0);
}

export function ConnectScreen() {
  const connection = useConnection();
  const [revokeOpen, setRevokeOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const { status } = connection;

  function saved(next: ConnectionStatus) {
    setNotice(null);
    connection.accept(next);
    focusAfterRender("[data-testid=connect-summary-title]");
  }

  function revoked(next: ConnectionStatus, erased: boolean, wasSandbox: boolean) {
    setRevokeOpen(false);
    connection.accept(next);
    const erasedText = erased ? " The local directory and history were erased." : "";
    setNotice(
      wasSandbox
        ? `You left the sandbox. Roster is back on your company's data.${erasedText}`
        : `The connection was revoked and the client secret deleted from your keyring.${erasedText}`,
    );
    focusAfterRender("main h1");
  }

  let body;
  if (status.status === "loading") {
    body = (
      <p className="connect-progress" role="status">
        <Spinner />
        Looking up the saved connection…
      </p>
    );
  } else if (status.status === "failed") {
    body = (
      <ErrorCallout
        error={status.error}
        testId="connect-status-error"
        onRetry={() => void connection.refresh()}
      />
    );
  } else {
    const current = status.data;
    const sandbox = current.profile === "sandbox";
    body = (
      <>
        {notice && current.state === "not_connected" && (
          <p className="connect-notice" role="status" data-testid="connect-notice">
            <CheckCircleIcon size={16} />
            {notice}
          </p>
        )}
        {current.state !== "not_connected" && (
          <ConnectionSummary status={current} onCheck={connection.check} onRevoke={() => setRevokeOpen(true)} />
        )}
        {current.state === "not_connected" && (
          <ConnectForm
            heading="Your TriNet API credentials"
            initialValues={emptyValues}
            onSaved={saved}
            intro={
              <p className="connect-card__intro">
                No credentials at hand? <a href={hrefFor("welcome")}>Try the sandbox company</a> from Welcome.
              </p>
            }
          />
        )}
        {current.state === "needs_attention" && !sandbox && (
          <ConnectForm
            key={`${current.company_id}-${current.client_id}`}
            heading="Enter the credentials again"
            initialValues={valuesToReenter(current)}
            onSaved={saved}
            intro={
              <p className="connect-card__intro">
                If TriNet issued new credentials, enter them here. Roster tests them before replacing the saved
                ones.
              </p>
            }
          />
        )}
        {revokeOpen && (
          <RevokeDialog
            status={current}
            onClose={() => setRevokeOpen(false)}
            onRevoked={(next, erased) => revoked(next, erased, sandbox)}
          />
        )}
      </>
    );
  }

  return (
    <div className="page connect">
      <PageHeader
        title="Connect TriNet"
        eyebrow={<StepEyebrow step={1} />}
        description="Give Roster read access to your company's employees in TriNet. Roster checks the values with TriNet before saving anything."
      />
      {body}
    </div>
  );
}
