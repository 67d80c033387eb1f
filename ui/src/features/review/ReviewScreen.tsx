// Step 3 of setup: preview an import (with progress and Cancel), look through what it would change, decide on
// the people who need attention, then approve (typed confirmation when a guardrail holds it) or reject.
import { useCallback, useEffect, useRef, useState } from "react";
import type { Applied, ChangeKind, ChangeLine, ImportSummary, IpcError, PreviewProgress, Resolution } from "../../ipc/bindings";
import {
  isIpcError,
  reviewApprove,
  exportImportCsv,
  reviewCancel,
  reviewOpen,
  reviewPreview,
  reviewReject,
  reviewResolve,
  reviewSummary,
  toIpcError,
} from "../../ipc/client";
import { CsvExportResult, useCsvExport } from "../../shared/csvExport";
import { countOf } from "../../shared/formatCount";
import { DownloadIcon, ReviewIcon } from "../../shared/icons";
import { OutcomeBadge } from "../../shared/imports";
import { describeWhen, formatDateTime } from "../../shared/relativeTime";
import { hrefFor } from "../../shared/router/hashRoute";
import { useRefreshSetupProgress } from "../../shared/setupProgress";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ConfirmDialog } from "../../shared/ui/ConfirmDialog";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { PageHeader } from "../../shared/ui/PageHeader";
import { Spinner } from "../../shared/ui/Spinner";
import { StepEyebrow } from "../../shared/ui/StepEyebrow";
import { ApproveDialog } from "./ApproveDialog";
import { ChangeTable } from "./ChangeTable";
import { AppliedPanel, RejectedPanel } from "./DecidedPanel";
import { resolutionLabel } from "./describe";
import { GuardrailBanner, guardrailConfirmed } from "./GuardrailBanner";
import { PreviewProgressPanel } from "./PreviewProgressPanel";
import { SummaryCards } from "./SummaryCards";
import "../../shared/ui/forms.css";
import "./review.css";

type Stage =
  | { name: "loading" }
  | { name: "empty" }
  | { name: "previewing"; progress: PreviewProgress | null; cancelling: boolean }
  | { name: "open"; summary: ImportSummary }
  | { name: "applied"; applied: Applied }
  | { name: "rejected"; summary: ImportSummary };

/** Errors about the import itself, shown on the page (not in the approve dialog) with a way forward. */
const importErrors = new Set<IpcError["code"]>(["import_stale", "import_decided", "no_open_import", "guardrail_not_confirmed"]);

function asIpcError(reason: unknown, command: string): IpcError {
  return isIpcError(reason) ? reason : toIpcError(reason, command);
}

/** What the table shows first: the people needing a decision, when there are any. */
function firstKind(summary: ImportSummary): ChangeKind | null {
  return summary.unresolved > 0 ? "needs_attention" : null;
}

export function ReviewScreen() {
  const [stage, setStage] = useState<Stage>({ name: "loading" });
  const [error, setError] = useState<IpcError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const alive = useRef(true);
  const refreshSetupProgress = useRefreshSetupProgress();

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const load = useCallback(() => {
    setStage({ name: "loading" });
    reviewOpen().then(
      (open) => alive.current && setStage(open ? { name: "open", summary: open } : { name: "empty" }),
      (reason: unknown) => {
        if (!alive.current) return;
        setError(asIpcError(reason, "review_open"));
        setStage({ name: "empty" });
      },
    );
  }, []);

  useEffect(load, [load]);

  async function preview() {
    const previous = stage.name === "open" ? stage.summary : null;
    setError(null);
    setNotice(null);
    setStage({ name: "previewing", progress: null, cancelling: false });
    try {
      const summary = await reviewPreview((progress) => {
        if (alive.current) setStage((s) => (s.name === "previewing" ? { ...s, progress } : s));
      });
      if (alive.current) setStage({ name: "open", summary });
    } catch (reason) {
      if (!alive.current) return;
      const failure = asIpcError(reason, "review_preview");
      if (failure.code === "cancelled") setNotice("Preview cancelled. Nothing was planned and nothing changed.");
      else setError(failure);
      setStage(previous ? { name: "open", summary: previous } : { name: "empty" });
    }
  }

  function cancel() {
    setStage((s) => (s.name === "previewing" ? { ...s, cancelling: true } : s));
    reviewCancel().catch((reason: unknown) => alive.current && setError(asIpcError(reason, "review_cancel")));
  }

  let body;
  switch (stage.name) {
    case "loading":
      body = (
        <p className="review-loading" role="status">
          <Spinner /> Looking for an import waiting for review…
        </p>
      );
      break;
    case "empty":
      body = <EmptyPanel onPreview={preview} />;
      break;
    case "previewing":
      body = <PreviewProgressPanel progress={stage.progress} cancelling={stage.cancelling} onCancel={cancel} />;
      break;
    case "open":
      body = (
        <OpenImport
          // A new import starts with a fresh table, filter and confirmation.
          key={stage.summary.import_id}
          summary={stage.summary}
          error={error}
          onError={setError}
          // A late answer must not bring back an import that has since been decided or replaced.
          onSummary={(summary) =>
            setStage((s) => (s.name === "open" && s.summary.import_id === summary.import_id ? { name: "open", summary } : s))
          }
          onApplied={(applied) => {
            refreshSetupProgress();
            setError(null);
            setNotice(null);
            setStage({ name: "applied", applied });
          }}
          onRejected={(summary) => {
            setError(null);
            setNotice(null);
            setStage({ name: "rejected", summary });
          }}
          onReload={() => {
            setError(null);
            load();
          }}
          onPreview={preview}
          onAnnounce={setAnnouncement}
        />
      );
      break;
    case "applied":
      body = <AppliedPanel applied={stage.applied} onPreview={preview} />;
      break;
    case "rejected":
      body = <RejectedPanel summary={stage.summary} onPreview={preview} />;
      break;
  }

  const pageError = error && stage.name !== "open" && (
    <ErrorCallout
      error={error}
      testId="review-error"
      action={
        error.code === "not_connected" ? (
          <a href={hrefFor("connect")} className={buttonClass("secondary")}>
            Go to Connect
          </a>
        ) : stage.name === "empty" || stage.name === "applied" || stage.name === "rejected" ? (
          <button type="button" className={buttonClass("secondary")} onClick={preview} data-testid="review-preview-again">
            Try again
          </button>
        ) : undefined
      }
    />
  );

  return (
    <div className="page page--wide review">
      <PageHeader
        title="Review and approve"
        eyebrow={<StepEyebrow step={3} />}
        description="See exactly what an import would change in your directory, decide on anything that needs you, then approve or reject it."
      />
      {notice && (
        <p className="review-notice" role="status" data-testid="review-notice">
          {notice}
        </p>
      )}
      {pageError}
      {body}
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="review-announcer">
        {announcement}
      </p>
    </div>
  );
}

function EmptyPanel({ onPreview }: { onPreview: () => void }) {
  return (
    <section className="panel" aria-labelledby="review-empty-title" data-testid="review-empty">
      <span className="panel__icon">
        <ReviewIcon size={20} />
      </span>
      <h2 id="review-empty-title" className="panel__title">
        No import is waiting for review
      </h2>
      <p className="panel__text">
        A preview reads every employee from TriNet, runs them through your saved mapping and compares them with your
        directory. Nothing changes until you approve, and you can cancel while it runs.
      </p>
      <div className="panel__actions">
        <button type="button" className={buttonClass("primary", "large")} onClick={onPreview} data-testid="review-preview">
          Preview import
        </button>
        <a href={hrefFor("mapping")} className={buttonClass("secondary", "large")}>
          Check the mapping first
        </a>
      </div>
    </section>
  );
}

type OpenImportProps = {
  summary: ImportSummary;
  error: IpcError | null;
  onError: (error: IpcError | null) => void;
  onSummary: (summary: ImportSummary) => void;
  onApplied: (applied: Applied) => void;
  onRejected: (summary: ImportSummary) => void;
  onReload: () => void;
  onPreview: () => void;
  onAnnounce: (text: string) => void;
};

function OpenImport(props: OpenImportProps) {
  const { summary, error, onError, onSummary } = props;
  const id = summary.import_id;
  const [kind, setKind] = useState<ChangeKind | null>(() => firstKind(summary));
  const [typed, setTyped] = useState("");
  const [dialog, setDialog] = useState<"approve" | "reject" | null>(null);
  const csv = useCsvExport("export_import_csv");
  const exporting = csv.state.status === "working";
  const held = summary.guardrail.tripped;
  const confirmed = !held || guardrailConfirmed(typed);
  const stale = summary.stale;

  function refreshSummary() {
    reviewSummary(id).then(onSummary, (reason: unknown) => onError(asIpcError(reason, "review_summary")));
  }

  async function resolve(line: ChangeLine, resolution: Resolution | null): Promise<ChangeLine | null> {
    try {
      const updated = await reviewResolve(id, line.seq, resolution);
      const fresh = await reviewSummary(id);
      onSummary(fresh);
      const who = updated.name ?? updated.employee_id ?? "This record";
      props.onAnnounce(
        `${who}: ${resolutionLabel(updated) ?? "decision taken back"}. ${countOf(fresh.unresolved, "item", "items")} still undecided.`,
      );
      return updated;
    } catch (reason) {
      onError(asIpcError(reason, "review_resolve"));
      return null;
    }
  }

  async function approve() {
    try {
      const applied = await reviewApprove(id, held && confirmed);
      props.onApplied(applied);
    } catch (reason) {
      const failure = asIpcError(reason, "review_approve");
      if (!importErrors.has(failure.code)) throw failure;
      setDialog(null);
      onError(failure);
      if (failure.code === "import_decided" || failure.code === "no_open_import") return;
      refreshSummary();
    }
  }

  async function reject() {
    props.onRejected(await reviewReject(id));
  }

  const staleError = error?.code === "import_stale";
  const errorAction =
    error?.code === "import_stale" ? (
      <button type="button" className={buttonClass("primary")} onClick={props.onPreview} data-testid="review-preview-again">
        Preview again
      </button>
    ) : error?.code === "import_decided" || error?.code === "no_open_import" ? (
      <button type="button" className={buttonClass("secondary")} onClick={props.onReload} data-testid="review-reload">
        Show the current state
      </button>
    ) : error?.code === "not_connected" ? (
      <a href={hrefFor("connect")} className={buttonClass("secondary")}>
        Go to Connect
      </a>
    ) : undefined;

  return (
    <>
      <div className="import-bar">
        <div className="import-bar__facts">
          <span className="import-bar__title">Import {id}</span>
          <OutcomeBadge outcome={summary.outcome} />
          <span className="import-bar__meta">
            Previewed{" "}
            <time dateTime={summary.created_at} title={formatDateTime(summary.created_at)}>
              {describeWhen(summary.created_at)}
            </time>
            {summary.mapping_version !== null && ` · mapping version ${summary.mapping_version}`}
          </span>
        </div>
        <div className="import-bar__actions">
          <button
            type="button"
            className={buttonClass("quiet")}
            onClick={() => void csv.run(() => exportImportCsv(id))}
            disabled={exporting}
            aria-busy={exporting || undefined}
            data-testid="review-export"
          >
            {exporting ? <Spinner /> : <DownloadIcon size={15} />}
            Export CSV
          </button>
          <button type="button" className={buttonClass("secondary")} onClick={props.onPreview} data-testid="review-preview">
            Preview again
          </button>
        </div>
      </div>

      <CsvExportResult state={csv.state} noun={["line", "lines"]} />

      {error && <ErrorCallout error={error} testId="review-error" action={errorAction} />}

      {stale && !staleError && (
        <section className="review-banner review-banner--stale" aria-labelledby="review-stale-title" data-testid="review-stale">
          <div className="review-banner__body">
            <h2 id="review-stale-title" className="review-banner__title">
              Your directory changed since this preview
            </h2>
            <p className="review-banner__text">
              Another import was applied after this one was planned, so it can&apos;t be approved as it is. Preview again
              to plan against the directory as it is now, or reject this one.
            </p>
            <div className="panel__actions">
              <button type="button" className={buttonClass("primary")} onClick={props.onPreview} data-testid="review-preview-again">
                Preview again
              </button>
            </div>
          </div>
        </section>
      )}

      {held && !stale && <GuardrailBanner reasons={summary.guardrail.reasons} typed={typed} onTyped={setTyped} />}

      <SummaryCards summary={summary} selected={kind} onSelect={setKind} />

      <ChangeTable
        importId={id}
        kind={kind}
        onShowAll={() => setKind(null)}
        decidable={!stale}
        onResolve={resolve}
      />

      <div className="action-bar decision-bar" data-testid="review-decision-bar">
        <p className="decision-bar__state" id="review-decision-state">
          {stale
            ? "This preview is out of date: preview again, or reject it."
            : held && !confirmed
              ? "Held: type the confirmation above before approving."
              : summary.unresolved > 0
                ? `${countOf(summary.unresolved, "needs-attention item is", "needs-attention items are")} undecided and will stay out if you approve.`
                : "Ready to approve."}
        </p>
        <button
          type="button"
          className={buttonClass("danger-secondary")}
          onClick={() => setDialog("reject")}
          data-testid="review-reject"
        >
          Reject
        </button>
        {!stale && (
          <button
            type="button"
            className={buttonClass("primary")}
            onClick={() => setDialog("approve")}
            disabled={!confirmed}
            aria-describedby="review-decision-state"
            data-testid="review-approve"
          >
            Approve…
          </button>
        )}
      </div>

      {dialog === "approve" && <ApproveDialog summary={summary} onApprove={approve} onClose={() => setDialog(null)} />}
      {dialog === "reject" && (
        <ConfirmDialog
          title={`Reject import ${id}?`}
          onClose={() => setDialog(null)}
          onConfirm={reject}
          command="review_reject"
          tone="danger"
          confirmLabel="Reject import"
          workingLabel="Rejecting…"
          testId="review-reject-dialog"
          confirmTestId="review-confirm-reject"
        >
          <p>
            Nothing in your directory changes. The rejection is recorded in History, and you can preview again at any
            time.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
