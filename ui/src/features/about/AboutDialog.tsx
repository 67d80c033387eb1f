// The About Roster panel: version, where data and logs live, whether TriNet is configured, storage problems.
import type { AppInfo } from "../../ipc/bindings";
import { appInfo } from "../../ipc/client";
import { buttonClass } from "../../shared/ui/buttonClass";
import { Dialog } from "../../shared/ui/Dialog";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { FilePath } from "../../shared/ui/FilePath";
import { useIpcQuery } from "../../shared/useIpcQuery";
import "./about.css";

export function AboutDialog({ onClose }: { onClose: () => void }) {
  const info = useIpcQuery(appInfo);

  return (
    <Dialog
      title="About Roster"
      onClose={onClose}
      testId="about-dialog"
      footer={
        <button type="button" className={buttonClass("primary")} onClick={onClose}>
          Close
        </button>
      }
    >
      {info.status === "loading" && <p className="about__loading">Loading details…</p>}
      {info.status === "failed" && (
        <ErrorCallout
          error={info.error}
          testId="about-load-error"
          onRetry={info.retry}
        />
      )}
      {info.status === "ready" && <AboutDetails info={info.data} />}
    </Dialog>
  );
}

export function AboutDetails({ info }: { info: AppInfo }) {
  return (
    <div className="about">
      <div className="about__identity">
        <img src="/icon.png" alt="" width={40} height={40} className="about__logo" />
        <div>
          <p className="about__name">Roster</p>
          <p className="about__tagline">TriNet to directory, reviewed before it changes anything.</p>
        </div>
      </div>

      {info.storage_error && <ErrorCallout error={info.storage_error} testId="about-storage-error" />}

      <dl className="about__facts">
        <div className="about__fact">
          <dt>Version</dt>
          <dd data-testid="about-version">{info.version}</dd>
        </div>
        <div className="about__fact">
          <dt>TriNet connection</dt>
          <dd data-testid="about-connection">{info.connection_configured ? "Configured" : "Not configured"}</dd>
        </div>
        <div className="about__fact">
          <dt>Data folder</dt>
          <dd className="about__path" data-testid="about-data-dir">
            <FilePath path={info.data_dir} />
          </dd>
        </div>
        <div className="about__fact">
          <dt>Database file</dt>
          <dd className="about__path" data-testid="about-database">
            <FilePath path={info.database_path} />
          </dd>
        </div>
        <div className="about__fact">
          <dt>Log folder</dt>
          <dd className="about__path" data-testid="about-log-dir">
            <FilePath path={info.log_dir} />
          </dd>
        </div>
      </dl>
    </div>
  );
}
