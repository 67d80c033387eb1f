// One import opened from the timeline: its outcome, when and how it ran, the mapping version it used, its counts
// by kind (each a filter), the guardrail or error if any, whether it is the baseline or its details were removed by
// the retention setting, what changed per person, and its CSV export.
import { useCallback, useEffect, useRef, useState } from "react";
import type { ChangeKind, ImportSummary } from "../../ipc/bindings";
import { exportImportCsv, reviewSummary } from "../../ipc/client";
import { CsvExportResult, useCsvExport } from "../../shared/csvExport";
import { formatCount } from "../../shared/formatCount";
import { ArrowRightIcon, CheckCircleIcon, ClockIcon, DownloadIcon, ErrorCircleIcon, ShieldIcon } from "../../shared/icons";
import { baselineText, detailsRemovedText, OutcomeBadge, peopleIn, triggerLabels } from "../../shared/imports";
import { changeKindOrder, changeKinds } from "../../shared/kinds";
import { formatDateTime, formatDay } from "../../shared/relativeTime";
import { hrefFor } from "../../shared/router/hashRoute";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { Spinner } from "../../shared/ui/Spinner";
import { useIpcQuery } from "../../shared/useIpcQuery";
import { ImportChanges } from "./ImportChanges";

function KindCounts({ summary, kind, onKind }: { summary: ImportSummary; kind: ChangeKind | null; onKind: (kind: ChangeKind | null) => void }) {
  return (
    <ul className="kind-counts" aria-label="People by kind of change">
      {changeKindOrder.map((k) => {
        const style = changeKinds[k];
        const KindIcon = style.icon;
        const n = summary.counts[k];
        const pressed = kind === k;
        return (
          <li key={k}>
            <button
              type="button"
              className={`kind-count kind-badge--${style.tone}${n === 0 ? " kind-count--none" : ""}`}
              aria-pressed={pressed}
              title={pressed ? "Showing these people; click to show every change." : `${style.description}. Click to show these people.`}
              onClick={() => onKind(pressed ? null : k)}
              data-testid={`import-count-${k}`}
            >
              <span className="kind-count__label">
                <KindIcon size={13} />
                {style.label}
              </span>
              <span className="kind-count__n num">{formatCount(n)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

function Facts({ summary }: { summary: ImportSummary }) {
  const items: [string, React.ReactNode, string?][] = [
    ["When", <time dateTime={summary.created_at}>{formatDateTime(summary.created_at)}</time>],
    ["Planned for", <time dateTime={summary.plan_date}>{formatDay(summary.plan_date)}</time>],
    ["Started", triggerLabels[summary.trigger]],
    [
      "Mapping",
      summary.mapping_version === null ? "None saved" : `Version ${summary.mapping_version}`,
      "import-detail-mapping-version",
    ],
    [
      "Decided",
      summary.decided_at ? <time dateTime={summary.decided_at}>{formatDateTime(summary.decided_at)}</time> : "Not yet",
    ],
    ["People looked at", <span className="num">{formatCount(peopleIn(summary.counts))}</span>],
  ];
  return (
    <dl className="import-facts">
      {items.map(([label, value, testId]) => (
        <div key={label} className="import-facts__item">
          <dt>{label}</dt>
          <dd data-testid={testId}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

type ImportDetailProps = { importId: number; onBack: () => void };

export function ImportDetail({ importId, onBack }: ImportDetailProps) {
  const load = useCallback(() => reviewSummary(importId), [importId]);
  const summary = useIpcQuery(load);
  const [kind, setKind] = useState<ChangeKind | null>(null);
  const csv = useCsvExport("export_import_csv");
  const titleRef = useRef<HTMLHeadingElement>(null);

  // Opening an import moves focus to its title, so keyboard and screen-reader users land on it.
  useEffect(() => {
    titleRef.current?.focus();
  }, [importId]);

  return (
    <article className="import-detail" aria-labelledby="import-detail-title" data-testid="import-detail" data-import-id={importId}>
      <div className="import-detail__bar">
        <button type="button" className="link-button import-detail__back" onClick={onBack} data-testid="import-detail-back">
          <ArrowRightIcon size={14} className="import-detail__back-icon" />
          All imports
        </button>
      </div>
      <div className="import-detail__head">
        <h2 id="import-detail-title" className="import-detail__title" tabIndex={-1} ref={titleRef}>
          Import {formatCount(importId)}
        </h2>
        {summary.status === "ready" && <OutcomeBadge outcome={summary.data.outcome} />}
        <button
          type="button"
          className={`${buttonClass("secondary")} import-detail__export`}
          onClick={() => void csv.run(() => exportImportCsv(importId))}
          disabled={csv.state.status === "working" || summary.status !== "ready"}
          aria-busy={csv.state.status === "working" || undefined}
          data-testid="import-export-csv"
        >
          {csv.state.status === "working" ? <Spinner /> : <DownloadIcon size={15} />}
          Export CSV
        </button>
      </div>
      <CsvExportResult state={csv.state} noun={["row", "rows"]} />

      {summary.status === "loading" && (
        <p className="history-loading" role="status">
          <Spinner /> Loading import {formatCount(importId)}…
        </p>
      )}
      {summary.status === "failed" && (
        <ErrorCallout
          error={summary.error}
          testId="import-detail-error"
          onRetry={summary.retry}
        />
      )}
      {summary.status === "ready" && (
        <>
          <Facts summary={summary.data} />
          {summary.data.outcome === "failed" && (
            <div className="import-note import-note--failed" data-testid="import-detail-failure">
              <ErrorCircleIcon size={16} />
              <div>
                <p className="import-note__title">This import failed; nothing in the directory changed.</p>
                {summary.data.error && <p>{summary.data.error}</p>}
              </div>
            </div>
          )}
          {summary.data.guardrail.tripped && (
            <div className="import-note import-note--guardrail" data-testid="import-detail-guardrail">
              <ShieldIcon size={16} />
              <div>
                <p className="import-note__title">
                  {summary.data.guardrail_confirmed
                    ? "A guardrail held this import; an admin confirmed it by typing APPLY."
                    : "A guardrail held this import."}
                </p>
                <ul>
                  {summary.data.guardrail.reasons.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              </div>
            </div>
          )}
          {summary.data.baseline && (
            <div className="import-note import-note--baseline" data-testid="import-detail-baseline">
              <CheckCircleIcon size={16} />
              <div>
                <p className="import-note__title">{baselineText(summary.data)}</p>
                <p>
                  This is the first import Roster applied, so it recorded the people who already worked here. They are
                  not counted as joiners: the charts, lifecycle events and the events export start after this import.
                </p>
              </div>
            </div>
          )}
          {summary.data.details_removed && (
            <div className="import-note" data-testid="import-detail-details-removed">
              <ClockIcon size={16} />
              <div>
                <p className="import-note__title">{detailsRemovedText}</p>
                <p>
                  This import is older than the change details Settings keeps, so who it changed is no longer stored.
                  Its counts, the directory and the lifecycle events are kept.
                </p>
              </div>
            </div>
          )}
          {(summary.data.outcome === "pending" || summary.data.outcome === "held") && (
            <p className="import-note">
              This import is waiting for a decision. <a href={hrefFor("review")}>Open it in Review</a> to approve or
              reject it.
            </p>
          )}
          {summary.data.outcome !== "failed" && (
            <>
              <KindCounts summary={summary.data} kind={kind} onKind={setKind} />
              <ImportChanges importId={importId} kind={kind} onKind={setKind} detailsRemoved={summary.data.details_removed} />
            </>
          )}
        </>
      )}
    </article>
  );
}
