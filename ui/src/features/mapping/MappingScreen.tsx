// Step 2 of setup: map the TriNet fields found in the company's data onto the directory's fields.
// This file loads what the editor needs (catalog, saved mapping, core fields) and shows the empty and error states.
import { useCallback, useEffect, useState } from "react";
import type { FetchProgress, IpcError } from "../../ipc/bindings";
import { directoryFields, isIpcError, mappingCancel, mappingCatalog, mappingCurrent, toIpcError } from "../../ipc/client";
import { useConnection } from "../../shared/connection/ConnectionContext";
import { MapFieldsIcon } from "../../shared/icons";
import { hrefFor } from "../../shared/router/hashRoute";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { PageHeader } from "../../shared/ui/PageHeader";
import { fetchingShare, fetchingText, ProgressPanel } from "../../shared/ui/ProgressPanel";
import { Spinner } from "../../shared/ui/Spinner";
import { StepEyebrow } from "../../shared/ui/StepEyebrow";
import type { Catalog, DirectoryField, MappingState } from "../../ipc/bindings";
import { MappingEditor } from "./MappingEditor";
import "../../shared/ui/forms.css";
import "./mapping.css";

export type MappingData = { catalog: Catalog; core: DirectoryField[]; current: MappingState };

type Load = { status: "loading" } | { status: "ready"; data: MappingData } | { status: "failed"; error: IpcError };

function asIpcError(reason: unknown, command: string): IpcError {
  return isIpcError(reason) ? reason : toIpcError(reason, command);
}

function NotConnected() {
  return (
    <section className="mapping-empty" aria-labelledby="mapping-empty-heading" data-testid="mapping-not-connected">
      <span className="mapping-empty__icon">
        <MapFieldsIcon size={20} />
      </span>
      <h2 id="mapping-empty-heading" className="mapping-empty__heading">
        Connect TriNet first
      </h2>
      <p className="mapping-empty__body">
        Mapping starts from the fields Roster finds in your employees' TriNet data, so it needs a working connection.
        Connect your company, or try the sandbox company from Welcome.
      </p>
      <div className="mapping-empty__actions">
        <a href={hrefFor("connect")} className={buttonClass("primary")} data-testid="mapping-go-connect">
          Go to Connect
        </a>
        <a href={hrefFor("welcome")} className={buttonClass("secondary")}>
          Try the sandbox
        </a>
      </div>
    </section>
  );
}

function MappingLoader() {
  const [attempt, setAttempt] = useState(0);
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [progress, setProgress] = useState<FetchProgress | null>(null);
  const [cancelling, setCancelling] = useState(false);

  useEffect(() => {
    let current = true;
    setLoad({ status: "loading" });
    setProgress(null);
    setCancelling(false);
    const onProgress = (p: FetchProgress) => current && setProgress(p);
    Promise.all([
      mappingCatalog(false, onProgress).catch((reason: unknown) => Promise.reject(asIpcError(reason, "mapping_catalog"))),
      directoryFields().catch((reason: unknown) => Promise.reject(asIpcError(reason, "directory_fields"))),
      mappingCurrent().catch((reason: unknown) => Promise.reject(asIpcError(reason, "mapping_current"))),
    ]).then(
      ([catalog, core, state]) => current && setLoad({ status: "ready", data: { catalog, core, current: state } }),
      (error: IpcError) => current && setLoad({ status: "failed", error }),
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  const refreshCatalog = useCallback(async () => {
    const catalog = await mappingCatalog(true);
    setLoad((previous) => (previous.status === "ready" ? { status: "ready", data: { ...previous.data, catalog } } : previous));
  }, []);

  const cancel = useCallback(() => {
    setCancelling(true);
    // A failed cancel leaves the read running; it then ends on its own.
    mappingCancel().catch(() => setCancelling(false));
  }, []);

  if (load.status === "loading") {
    return (
      <div data-testid="mapping-loading">
        <ProgressPanel
          title="Reading employees from TriNet"
          text={progress ? fetchingText(progress) : "Starting to read employees from TriNet…"}
          share={progress ? fetchingShare(progress) : null}
          hint="Roster looks at every employee record to list the fields in use. Nothing is saved until you save a mapping."
          cancelling={cancelling}
          onCancel={cancel}
          testId="mapping-progress"
          cancelTestId="mapping-cancel"
        />
      </div>
    );
  }
  if (load.status === "failed") {
    if (load.error.code === "not_connected") return <NotConnected />;
    if (load.error.code === "cancelled") {
      return (
        <section className="mapping-empty" aria-labelledby="mapping-cancelled-heading" data-testid="mapping-cancelled">
          <h2 id="mapping-cancelled-heading" className="mapping-empty__heading">
            Reading TriNet stopped
          </h2>
          <p className="mapping-empty__body">
            Map fields lists the fields found in your employees' TriNet records, so it needs to read them first. Nothing
            was changed.
          </p>
          <div className="mapping-empty__actions">
            <button
              type="button"
              className={buttonClass("primary")}
              onClick={() => setAttempt((n) => n + 1)}
              data-testid="mapping-read-again"
            >
              Read TriNet again
            </button>
          </div>
        </section>
      );
    }
    return (
      <ErrorCallout
        error={load.error}
        testId="mapping-error"
        onRetry={() => setAttempt((n) => n + 1)}
      />
    );
  }
  return <MappingEditor data={load.data} onRefreshCatalog={refreshCatalog} />;
}

export function MappingScreen() {
  const connection = useConnection();
  const status = connection.status.status === "ready" ? connection.status.data : null;

  let body;
  if (connection.status.status === "loading") {
    body = (
      <p className="mapping-progress" role="status">
        <Spinner />
        Looking up the saved connection…
      </p>
    );
  } else if (status?.state === "not_connected") {
    body = <NotConnected />;
  } else {
    // Also when the status failed to load: the mapping commands say for themselves what is wrong.
    body = <MappingLoader />;
  }

  return (
    <div className="page page--wide mapping">
      <PageHeader
        title="Map fields"
        eyebrow={<StepEyebrow step={2} />}
        description="Choose which TriNet field fills each field of your directory. Drag a TriNet field onto a directory field, or pick its source from the menu."
      />
      {body}
    </div>
  );
}
