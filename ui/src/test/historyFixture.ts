// A realistic import history, made deterministically: hundreds of imports every other day up to `today` (mostly
// scheduled and applied; some rejected, superseded or failed), each import's change lines made from its counts,
// and the lifecycle events its applied imports produced. Typed like the generated bindings.
import type { ChangeKind, ChangeLine, EventRow, FieldChange, ImportSummary, LifecycleEventKind, PlanCounts } from "../ipc/bindings";
import { madeUpPerson, noCounts, type ReviewLines } from "./reviewFixture";

export const departments = ["Engineering", "Sales", "Customer Success", "Finance", "People", "Marketing", "Operations"];
export const locations = ["San Francisco HQ", "New York", "Austin", "London", "Remote — US"];
const titles = ["Engineer", "Senior Engineer", "Account Executive", "Analyst", "Designer", "Manager", "Specialist"];

/** The same sequence of numbers in [0, 1) for the same seed (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const pick = <T>(list: readonly T[], n: number): T => list[Math.abs(n) % list.length];
const change = (field: string, before: string | null, after: string | null): FieldChange => ({ field, before, after });

export type HistoryOptions = {
  /** How many imports (default 300). */
  count?: number;
  /** The planned day of the newest import (YYYY-MM-DD). */
  today: string;
  /** As the retention setting: imports planned more than this many days before `today` have no per-person details. */
  keepDetailsDays?: number;
};

/** Imports every other day up to `today`, newest first. */
export function manyImports({ count = 300, today, keepDetailsDays }: HistoryOptions): ImportSummary[] {
  const keptFrom = keepDetailsDays === undefined ? null : addDays(today, -keepDetailsDays);
  const next = random(7);
  const imports: ImportSummary[] = [];
  let headcount = 0;
  for (let i = 0; i < count; i += 1) {
    const planDate = addDays(today, -2 * (count - 1 - i));
    const month = Number(planDate.slice(5, 7));
    const first = i === 0;
    const r = next();
    const outcome: ImportSummary["outcome"] = first
      ? "applied"
      : r < 0.82
        ? "applied"
        : r < 0.89
          ? "rejected"
          : r < 0.94
            ? "superseded"
            : "failed";
    const trigger: ImportSummary["trigger"] = i < 20 ? "manual" : next() < 0.86 ? "scheduled" : next() < 0.7 ? "manual" : "cli";
    const hiring = month === 1 || month === 9 ? 3 : 1;
    const counts: PlanCounts = { ...noCounts };
    if (outcome !== "failed") {
      counts.new = first ? 180 : Math.floor(next() * 3 * hiring);
      counts.updated = Math.floor(next() * 12) + 1;
      counts.deactivated = Math.floor(next() * 2.6);
      counts.reactivated = next() < 0.1 ? 1 : 0;
      counts.leave_started = Math.floor(next() * 2.2);
      counts.leave_ended = Math.floor(next() * 2.2);
      counts.excluded = Math.floor(next() * 3);
      counts.needs_attention = Math.floor(next() * 2.5);
      counts.unchanged = Math.max(0, headcount - counts.updated - counts.deactivated - counts.leave_started - counts.leave_ended);
    }
    const tripped = outcome === "rejected" && next() < 0.3;
    if (tripped) counts.deactivated += 28;
    const scheduled = trigger === "scheduled";
    const createdAt = `${planDate}T${scheduled ? "06:00" : `${10 + (i % 7)}:${String((i * 7) % 60).padStart(2, "0")}`}:00Z`;
    imports.push({
      import_id: i + 1,
      created_at: createdAt,
      trigger,
      company_id: "ACME01",
      mapping_version: 1 + Math.floor(i / 80),
      plan_date: planDate,
      outcome,
      decided_at: new Date(Date.parse(createdAt) + (scheduled ? 4_000 : 7 * 60_000)).toISOString(),
      counts,
      guardrail: {
        tripped,
        reasons: tripped ? [`${counts.deactivated} people would be deactivated, more than your limit of 25 people.`] : [],
      },
      guardrail_confirmed: false,
      active_people: headcount,
      identity_changes: 0,
      stale: false,
      unresolved: 0,
      baseline: first,
      headcount: outcome === "applied" ? headcount + counts.new + counts.reactivated - counts.deactivated : null,
      details_removed: outcome !== "failed" && keptFrom !== null && planDate < keptFrom,
      error:
        outcome === "failed"
          ? pick(
              [
                "TriNet could not be reached (connection timed out after 30 s). Nothing was changed; the next scheduled run tries again.",
                "TriNet answered 503 Service Unavailable three times in a row. Nothing was changed; try again later.",
              ],
              i,
            )
          : null,
    });
    if (outcome === "applied") headcount += counts.new + counts.reactivated - counts.deactivated;
  }
  return imports.reverse();
}

/** Where the nth made-up person works, the same every time. */
function homeOf(n: number) {
  return { department: pick(departments, n * 7 + (n >> 3)), location: pick(locations, n * 3 + (n >> 2)), title: pick(titles, n) };
}

function lineFor(kind: ChangeKind, n: number, day: string, k: number): Omit<ChangeLine, "seq"> {
  const who = madeUpPerson(n);
  const home = homeOf(n);
  const line: Omit<ChangeLine, "seq"> = {
    name: who.name,
    resolution: null,
    applied: false,
    kind,
    employee_id: who.employeeId,
    work_email: who.email,
    person_id: 20_000 + n,
    fields: [],
    status_change: null,
    reason: null,
    candidate: null,
    missing_runs: null,
    note: null,
  };
  const [first, last] = who.name.split(" ");
  switch (kind) {
    case "new":
      line.status_change = { before: null, after: "active" };
      line.fields = [
        change("employee_id", null, who.employeeId),
        change("work_email", null, who.email),
        change("first_name", null, first),
        change("last_name", null, last),
        change("start_date", null, day),
        change("department", null, home.department),
        change("location", null, home.location),
        change("job_title", null, home.title),
        change("employment_type", null, k % 5 === 4 ? "Contractor" : "Full-time"),
      ];
      break;
    case "updated":
      line.fields = [
        [change("job_title", home.title, `Senior ${home.title}`)],
        [change("department", home.department, pick(departments, n + 1)), change("manager_email", "ada.lovelace@example.com", "grace.hopper@example.com")],
        [change("location", home.location, pick(locations, n + 2))],
        [change("employment_type", "Contractor", "Full-time")],
        [change("preferred_name", null, first.slice(0, 3))],
      ][k % 5];
      break;
    case "deactivated":
      line.status_change = { before: "active", after: "former" };
      line.fields = [change("end_date", null, day)];
      break;
    case "reactivated":
      line.status_change = { before: "former", after: "active" };
      line.fields = [change("end_date", addDays(day, -200), null), change("start_date", addDays(day, -900), day)];
      line.note = "Rehired: history from the earlier employment is kept.";
      break;
    case "leave_started":
      line.status_change = { before: "active", after: "on_leave" };
      break;
    case "leave_ended":
      line.status_change = { before: "on_leave", after: "active" };
      break;
    case "excluded":
      line.person_id = null;
      line.note = "customGroupB is “Yes”: left out by your exclusion rule.";
      break;
    case "needs_attention":
      line.reason = k % 2 ? "invalid_record" : "missing_from_source";
      line.note = k % 2 ? "No work email, and the date of birth “31/02/1985” is not a date." : "Missing from TriNet for 2 runs without a termination date.";
      line.person_id = k % 2 ? null : line.person_id;
      line.missing_runs = k % 2 ? null : 2;
      break;
    case "unchanged":
      break;
  }
  return line;
}

const kindsWithLines: readonly ChangeKind[] = [
  "new",
  "updated",
  "deactivated",
  "reactivated",
  "leave_started",
  "leave_ended",
  "excluded",
  "needs_attention",
];

/** The import's people as the core keeps them: none once the retention setting removed them. */
export function historyLines(summary: ImportSummary): ReviewLines {
  return summary.details_removed ? { explicit: [], unchanged: 0 } : linesFromCounts(summary);
}

/** The import's people, made from its counts: every changed kind in order, then the unchanged ones. */
function linesFromCounts(summary: ImportSummary): ReviewLines {
  const explicit: ChangeLine[] = [];
  for (const kind of kindsWithLines) {
    for (let k = 0; k < summary.counts[kind]; k += 1) {
      const n = summary.import_id * 400 + explicit.length;
      const line = lineFor(kind, n, summary.plan_date, k);
      const applied = summary.outcome === "applied" && kind !== "excluded" && kind !== "needs_attention";
      explicit.push({ ...line, seq: explicit.length, applied });
    }
  }
  return { explicit, unchanged: summary.counts.unchanged };
}

const eventKinds: Partial<Record<ChangeKind, LifecycleEventKind>> = {
  new: "joiner",
  deactivated: "leaver",
  reactivated: "rehire",
  leave_started: "leave_start",
  leave_ended: "leave_end",
};

/** The lifecycle events of the applied imports, newest first; the people of the baseline (the first applied import)
 * are "baseline", not joiners. */
export function historyEvents(imports: readonly ImportSummary[]): EventRow[] {
  const events: EventRow[] = [];
  const oldestFirst = imports.filter((s) => s.outcome === "applied").sort((a, b) => a.import_id - b.import_id);
  for (const summary of oldestFirst) {
    // Events outlive the retention setting.
    for (const line of linesFromCounts(summary).explicit) {
      let kind = eventKinds[line.kind];
      if (kind === "joiner" && summary.baseline) kind = "baseline";
      const fields = line.kind === "updated" ? line.fields : [];
      if (line.kind === "updated") {
        if (fields.some((f) => f.field === "employment_type")) kind = "employment_type_change";
        else if (fields.some((f) => ["department", "job_title", "location", "manager_email"].includes(f.field))) kind = "mover";
      }
      if (!kind || line.person_id === null) continue;
      const home = homeOf(line.person_id - 20_000);
      events.push({
        event_id: events.length + 1,
        import_id: summary.import_id,
        person_id: line.person_id,
        kind,
        occurred_on: summary.plan_date,
        name: line.name,
        employee_id: line.employee_id,
        work_email: line.work_email,
        department: home.department,
        location: home.location,
        fields,
      });
    }
  }
  return events.reverse();
}
