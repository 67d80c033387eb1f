// Every push to every target, newest first — target, when, who or what sent it (the window, the command line, or
// on its own after an import), counts per kind and its state — filtered by target, state and trigger. Pushes are
// few (one per review), so a page of 100 with "Show more" is enough.
import { useCallback, useId, useRef, useState } from "react";
import type { PushState, PushSummary, PushTrigger } from "../../ipc/bindings";
import { historyPushes } from "../../ipc/client";
import { countOf, formatCount } from "../../shared/formatCount";
import { formatDateTime } from "../../shared/relativeTime";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { Spinner } from "../../shared/ui/Spinner";
import { useIpcQuery } from "../../shared/useIpcQuery";
import { pushStateLabel } from "../provisioning/Receipts";
import { historyHref } from "./place";
import { TargetName } from "./TargetName";

export type PushFilter = { target: string | null; state: PushState | null; trigger: PushTrigger | null };
export const noPushFilter: PushFilter = { target: null, state: null, trigger: null };

const pageSize = 100;
const stateOrder: readonly PushState[] = ["applied", "partial", "pending", "applying", "rejected", "failed", "superseded"];
const triggerOrder: readonly PushTrigger[] = ["window", "cli", "automatic"];

export const pushTriggerLabels: Record<PushTrigger, string> = {
  window: "In the window",
  cli: "Command line",
  automatic: "Automatically",
};

/** "3 created, 1 deactivated, 1 deleted": the kinds a push sends, those with any. */
export function describePushCounts(c: PushSummary["counts"]): string {
  const parts: [number, string][] = [
    [c.create, "created"],
    [c.update, "updated"],
    [c.deactivate, "deactivated"],
    [c.delete, "deleted"],
    [c.reactivate, "reactivated"],
    [c.group_changes, "group changes"],
    [c.needs_attention, "held"],
  ];
  const some = parts.filter(([n]) => n > 0).map(([n, what]) => `${formatCount(n)} ${what}`);
  return some.length ? some.join(", ") : "Nothing to send";
}

function PushRow({ push }: { push: PushSummary }) {
  const when = push.decided_at ?? push.created_at;
  return (
    <tr data-testid="history-push-row" data-push-id={push.push_id} data-state={push.state}>
      <th scope="row">
        <a href={historyHref({ pushId: push.push_id })} data-testid="history-push-open">
          Push {formatCount(push.push_id)}
        </a>
      </th>
      <td>
        <TargetName name={push.target} />
      </td>
      <td>
        <time dateTime={when}>{formatDateTime(when)}</time>
      </td>
      <td>{push.trigger ? pushTriggerLabels[push.trigger] : "—"}</td>
      <td data-testid="history-push-row-state">{pushStateLabel(push.state)}</td>
      <td>{describePushCounts(push.counts)}</td>
      <td className="num">
        {push.failed > 0 ? (
          <strong data-testid="history-push-row-failed">{countOf(push.failed, "failed", "failed")}</strong>
        ) : push.succeeded > 0 ? (
          `${formatCount(push.succeeded)} sent`
        ) : (
          "—"
        )}
      </td>
    </tr>
  );
}

type FilterSelectProps = {
  label: string;
  value: string | null;
  any: string;
  options: [value: string, label: string][];
  onChange: (value: string | null) => void;
  testId: string;
};

/** One labelled filter; the empty choice means "any". */
export function FilterSelect({ label, value, any, options, onChange, testId }: FilterSelectProps) {
  const id = useId();
  return (
    <div className="history-filter">
      <label htmlFor={id} className="history-filter__label">
        {label}
      </label>
      <select id={id} className="select-input" value={value ?? ""} onChange={(e) => onChange(e.target.value || null)} data-testid={testId}>
        <option value="">{any}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

type TargetFilterProps = {
  /** The targets the last page named (removed ones included), kept while the next page loads. */
  targets: string[] | undefined;
  value: string | null;
  onChange: (target: string | null) => void;
  testId: string;
};

/** History's target filter: every target with history, a removed one under its "(removed …)" name. */
export function TargetFilter({ targets, value, onChange, testId }: TargetFilterProps) {
  const last = useRef<string[]>([]);
  if (targets) last.current = targets;
  return (
    <FilterSelect
      label="Target"
      value={value}
      any="Any target"
      options={last.current.map((t) => [t, t])}
      onChange={onChange}
      testId={testId}
    />
  );
}

export function PushTimeline({ filter, onFilter }: { filter: PushFilter; onFilter: (filter: PushFilter) => void }) {
  const [limit, setLimit] = useState(pageSize);
  const load = useCallback(() => historyPushes({ ...filter, offset: 0, limit }), [filter, limit]);
  const loaded = useIpcQuery(load);
  const filtered = filter.target !== null || filter.state !== null || filter.trigger !== null;
  const page = loaded.status === "ready" ? loaded.data : null;

  return (
    <section className="section-card" aria-label="Pushes, newest first" data-testid="push-timeline">
      <div className="history-filters">
        <TargetFilter
          targets={page?.targets}
          value={filter.target}
          onChange={(target) => onFilter({ ...filter, target })}
          testId="push-filter-target"
        />
        <FilterSelect
          label="State"
          value={filter.state}
          any="Any state"
          options={stateOrder.map((st) => [st, pushStateLabel(st)])}
          onChange={(state) => onFilter({ ...filter, state: state as PushState | null })}
          testId="push-filter-state"
        />
        <FilterSelect
          label="Sent"
          value={filter.trigger}
          any="Any way"
          options={triggerOrder.map((t) => [t, pushTriggerLabels[t]])}
          onChange={(trigger) => onFilter({ ...filter, trigger: trigger as PushTrigger | null })}
          testId="push-filter-trigger"
        />
        <span className="history-filters__count num" data-testid="push-count" aria-live="polite">
          {page ? countOf(page.total, "push", "pushes") : loaded.status === "loading" ? <Spinner /> : null}
        </span>
        {filtered && (
          <button type="button" className="link-button" onClick={() => onFilter(noPushFilter)} data-testid="push-filter-clear">
            Clear filters
          </button>
        )}
      </div>
      {loaded.status === "failed" && <ErrorCallout error={loaded.error} testId="push-timeline-error" onRetry={loaded.retry} />}
      {page && page.pushes.length === 0 && (
        <div className="vtable__empty-body" data-testid="push-timeline-empty">
          {filtered ? (
            <>
              <p>No pushes match these filters.</p>
              <button type="button" className={buttonClass("secondary")} onClick={() => onFilter(noPushFilter)}>
                Clear filters
              </button>
            </>
          ) : (
            <p>No pushes yet. Preview one in Provisioning: every push you send, reject or that is sent automatically is listed here.</p>
          )}
        </div>
      )}
      {page && page.pushes.length > 0 && (
        <>
          <table className="data-table" data-testid="push-table">
            <thead>
              <tr>
                <th scope="col">Push</th>
                <th scope="col">Target</th>
                <th scope="col">When</th>
                <th scope="col">Sent</th>
                <th scope="col">State</th>
                <th scope="col">Changes</th>
                <th scope="col" className="num">
                  Operations
                </th>
              </tr>
            </thead>
            <tbody>
              {page.pushes.map((p) => (
                <PushRow key={p.push_id} push={p} />
              ))}
            </tbody>
          </table>
          {page.total > page.pushes.length && (
            <button type="button" className={buttonClass("secondary")} onClick={() => setLimit((n) => Math.min(n + pageSize, 500))}>
              Show more
            </button>
          )}
        </>
      )}
    </section>
  );
}
