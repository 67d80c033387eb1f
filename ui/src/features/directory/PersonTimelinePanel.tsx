// One person's timeline in a side panel: who they are and their current values, their lifecycle events (someone
// already employed at the first import is "in the directory since the baseline", not a joiner), and
// every change any import proposed for them (applied or not), newest first, with links to those imports.
import { useCallback } from "react";
import type { EventRow, PersonChange, PersonTimeline } from "../../ipc/bindings";
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
          Changes across imports <span className="person-section__count">{timeline.changes.length}</span>
        </h3>
        {timeline.changes.length === 0 ? (
          <p className="person-section__empty">No import has changed this person yet.</p>
        ) : (
          <ol className="person-entries">
            {timeline.changes.map((change) => (
              <ChangeItem key={`${change.import_id}-${change.line.seq}`} change={change} />
            ))}
          </ol>
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
