// One person's timeline in a side panel: who they are and their current values, their lifecycle events (someone
// already employed at the first import is "in the directory since the baseline", not a joiner), and
// every change any import proposed for them (applied or not) interleaved with what pushes did to their accounts in
// each target (created, updated, deactivated, deleted, reactivated, groups, failures), newest first, with links.
import { useCallback } from "react";
import type { AccountAction, EventRow, PersonChange, PersonTimeline } from "../../ipc/bindings";
import { personTimeline } from "../../ipc/client";
import { factsOf, factText, FactValue, fieldLabel, type Fact } from "../../shared/facts";
import { OutcomeBadge, triggerLabels } from "../../shared/imports";
import { KindBadge } from "../../shared/kinds";
import { LifecycleBadge, lifecycleKinds } from "../../shared/lifecycle";
import { formatDateTime, formatDay } from "../../shared/relativeTime";
import { hrefFor } from "../../shared/router/hashRoute";
import { PersonStatusBadge } from "../../shared/statuses";
import { Dialog } from "../../shared/ui/Dialog";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { Spinner } from "../../shared/ui/Spinner";
import { useIpcQuery } from "../../shared/useIpcQuery";
import { attributeLabel, PushKindBadge } from "../provisioning/pushKinds";
import { displayName, fallbackLabels, loadFieldLabels, type FieldLabels } from "./people";
import "./directory.css";

type PersonTimelinePanelProps = { personId: number; onClose: () => void };

function ImportLink({ importId }: { importId: number }) {
  return (
    <a href={hrefFor("history", { import: importId })} data-testid="person-import-link">
      Import #{importId}
    </a>
  );
}

function Facts({ facts }: { facts: Fact[] }) {
  if (facts.length === 0) return null;
  return (
    <ul className="person-facts">
      {facts.map((fact, i) => (
        <li key={i} className="person-facts__item" title={factText(fact)}>
          <span className="fact__label">{fact.label}:</span> <FactValue fact={fact} />
        </li>
      ))}
    </ul>
  );
}

function FieldValue({ value, date }: { value: string; date: boolean }) {
  if (value === "") return <span className="fact__missing">(empty)</span>;
  return date ? <time dateTime={value}>{formatDay(value)}</time> : <>{value}</>;
}

/** Whether the person was already employed when the first import (the baseline) was applied. */
function fromBaseline(timeline: PersonTimeline): boolean {
  return timeline.events.some((e) => e.kind === "baseline" && e.import_id === timeline.person.created_by);
}

function CurrentValues({ timeline, labels }: { timeline: PersonTimeline; labels: FieldLabels }) {
  const values = timeline.person.values;
  const known = labels.order.filter((field) => values[field] !== undefined);
  const rest = Object.keys(values)
    .filter((field) => !known.includes(field))
    .sort();
  const fields = [...known, ...rest];
  return (
    <section className="person-section" aria-labelledby="person-values-title">
      <h3 id="person-values-title" className="person-section__title">
        Current values
      </h3>
      {fields.length === 0 ? (
        <p className="person-section__empty">No mapped values.</p>
      ) : (
        <dl className="person-values" data-testid="person-values">
          {fields.map((field) => (
            <div key={field} className="person-values__row">
              <dt>{labels.label(field)}</dt>
              <dd title={values[field]}>
                <FieldValue value={values[field] ?? ""} date={labels.isDate(field)} />
              </dd>
            </div>
          ))}
        </dl>
      )}
      <p className="person-section__note">
        {fromBaseline(timeline) ? (
          <>
            In the directory since the baseline (<ImportLink importId={timeline.person.created_by} />)
          </>
        ) : (
          <>
            Added by <ImportLink importId={timeline.person.created_by} />
          </>
        )}
        {timeline.person.updated_by !== timeline.person.created_by && (
          <>
            {" "}
            · last changed by <ImportLink importId={timeline.person.updated_by} />
          </>
        )}
        {timeline.person.missing_runs > 0 && (
          <> · missing from TriNet in the last {timeline.person.missing_runs === 1 ? "import" : `${timeline.person.missing_runs} imports`}</>
        )}
      </p>
    </section>
  );
}

function EventItem({ event }: { event: EventRow }) {
  const facts = event.fields.map((f) => ({ label: fieldLabel(f.field), before: f.before, after: f.after, onlyAfter: false }));
  return (
    <li className="person-entry" data-testid="person-event" data-kind={event.kind} data-import-id={event.import_id}>
      <div className="person-entry__head">
        <LifecycleBadge kind={event.kind} />
        <time dateTime={event.occurred_on}>{formatDay(event.occurred_on)}</time>
        <span aria-hidden="true">·</span>
        <ImportLink importId={event.import_id} />
        {event.department && (
          <>
            <span aria-hidden="true">·</span>
            <span className="person-entry__where">{[event.department, event.location].filter(Boolean).join(", ")}</span>
          </>
        )}
      </div>
      {event.kind === "baseline" && <p className="person-entry__note">{lifecycleKinds.baseline.description}.</p>}
      <Facts facts={facts} />
    </li>
  );
}

function ChangeItem({ change }: { change: PersonChange }) {
  const { line } = change;
  const leftOut = change.outcome === "applied" && !line.applied;
  return (
    <li
      className="person-entry"
      data-testid="person-change"
      data-import-id={change.import_id}
      data-kind={line.kind}
      data-outcome={change.outcome}
    >
      <div className="person-entry__head">
        <ImportLink importId={change.import_id} />
        <span aria-hidden="true">·</span>
        <time dateTime={change.plan_date} title={`Planned ${formatDateTime(change.created_at)}`}>
          {formatDay(change.plan_date)}
        </time>
        <span aria-hidden="true">·</span>
        <span>{triggerLabels[change.trigger]}</span>
        <OutcomeBadge outcome={change.outcome} />
      </div>
      <div className="person-entry__kind">
        <KindBadge kind={line.kind} />
        {leftOut && <span className="person-entry__note">Left out of this import</span>}
        {line.note && <span className="person-entry__note">{line.note}</span>}
      </div>
      <Facts facts={factsOf(line)} />
    </li>
  );
}

function AccountItem({ action }: { action: AccountAction }) {
  return (
    <li className="person-entry" data-testid="person-account" data-kind={action.kind} data-ok={action.ok} data-push-id={action.push_id}>
      <div className="person-entry__head">
        <a href={hrefFor("history", { push: action.push_id })}>Push {action.push_id}</a>
        <span aria-hidden="true">·</span>
        <span>{action.target}</span>
        <span aria-hidden="true">·</span>
        <time dateTime={action.at}>{formatDateTime(action.at)}</time>
      </div>
      <div className="person-entry__kind">
        <PushKindBadge kind={action.kind} />
        {action.ok ? (
          <span className="person-entry__note">Done</span>
        ) : (
          <span className="person-entry__note" data-testid="person-account-failed">
            Failed: {action.detail ?? "no detail given"}
          </span>
        )}
      </div>
      {action.attributes.length > 0 && action.kind !== "create" && (
        <ul className="person-entry__facts">
          {action.attributes.map((a) => (
            <li key={a.attribute}>
              {attributeLabel(a.attribute)}: {a.before ?? "—"} → {a.after ?? "—"}
            </li>
          ))}
        </ul>
      )}
      {action.groups_added.length > 0 && <p className="person-entry__note">Added to {action.groups_added.join(", ")}</p>}
      {action.groups_removed.length > 0 && <p className="person-entry__note">Removed from {action.groups_removed.join(", ")}</p>}
    </li>
  );
}

type Entry = { at: string; key: string; node: React.ReactNode };

/** Import changes and account actions, newest first. */
function entries(timeline: PersonTimeline): Entry[] {
  const all: Entry[] = [
    ...timeline.changes.map((change) => ({
      at: change.created_at,
      key: `i${change.import_id}-${change.line.seq}`,
      node: <ChangeItem key={`i${change.import_id}-${change.line.seq}`} change={change} />,
    })),
    ...timeline.accounts.map((action, i) => ({
      at: action.at,
      key: `p${action.push_id}-${i}`,
      node: <AccountItem key={`p${action.push_id}-${i}`} action={action} />,
    })),
  ];
  return all.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

function TimelineBody({ timeline, labels }: { timeline: PersonTimeline; labels: FieldLabels }) {
  const v = timeline.person.values;
  return (
    <div className="person-timeline">
      <p className="person-timeline__who">
        <PersonStatusBadge status={timeline.person.status} />
        <span className="mono">{v.employee_id ?? "no employee ID"}</span>
        <span aria-hidden="true">·</span>
        <span className="person-timeline__email">{v.work_email ?? "no work email"}</span>
      </p>
      <CurrentValues timeline={timeline} labels={labels} />
      <section className="person-section" aria-labelledby="person-events-title">
        <h3 id="person-events-title" className="person-section__title">
          Lifecycle events <span className="person-section__count">{timeline.events.length}</span>
        </h3>
        {timeline.events.length === 0 ? (
          <p className="person-section__empty">No joiner, leaver, mover or leave events yet.</p>
        ) : (
          <ol className="person-entries">
            {timeline.events.map((event) => (
              <EventItem key={event.event_id} event={event} />
            ))}
          </ol>
        )}
      </section>
      <section className="person-section" aria-labelledby="person-changes-title">
        <h3 id="person-changes-title" className="person-section__title">
          Changes across imports and account actions{" "}
          <span className="person-section__count">{timeline.changes.length + timeline.accounts.length}</span>
        </h3>
        {timeline.changes.length + timeline.accounts.length === 0 ? (
          <p className="person-section__empty">No import has changed this person yet, and no push has touched their accounts.</p>
        ) : (
          <ol className="person-entries">{entries(timeline).map((e) => e.node)}</ol>
        )}
      </section>
    </div>
  );
}

export function PersonTimelinePanel({ personId, onClose }: PersonTimelinePanelProps) {
  const load = useCallback(() => personTimeline(personId), [personId]);
  const timeline = useIpcQuery(load);
  const labels = useIpcQuery(loadFieldLabels);
  const title = timeline.status === "ready" ? displayName(timeline.data.person) : "Person";
  return (
    <Dialog title={title} onClose={onClose} testId="person-timeline" placement="side">
      {timeline.status === "loading" && (
        <p className="person-timeline__loading" role="status">
          <Spinner /> Loading this person's history…
        </p>
      )}
      {timeline.status === "failed" && (
        <ErrorCallout
          error={timeline.error}
          testId="person-timeline-error"
          onRetry={timeline.retry}
        />
      )}
      {timeline.status === "ready" && (
        <TimelineBody timeline={timeline.data} labels={labels.status === "ready" ? labels.data : fallbackLabels} />
      )}
    </Dialog>
  );
}
