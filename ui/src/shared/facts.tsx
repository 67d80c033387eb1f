// Words for a person's directory record: statuses, field names, and a change as "field: before → after" facts,
// shared by Review, History and the Directory's person timeline.
import type { ChangeLine, PersonStatus } from "../ipc/bindings";
import "./facts.css";

export const statusLabels: Record<PersonStatus, string> = {
  active: "active",
  on_leave: "on leave",
  pending_start: "pending start",
  former: "former",
};

const fieldNames: Record<string, string> = {
  employee_id: "Employee ID",
  work_email: "Work email",
  first_name: "Legal first name",
  last_name: "Legal last name",
  preferred_name: "Preferred name",
  date_of_birth: "Date of birth",
  start_date: "Start date",
  end_date: "End date",
  status: "Employment status",
  manager_email: "Manager",
  department: "Department",
  location: "Location",
  job_title: "Job title",
  employment_type: "Employment type",
};

/** A directory field's name as the admin reads it: "job_title" → "Job title" (core fields by their labels). */
export function fieldLabel(name: string): string {
  const known = fieldNames[name];
  if (known) return known;
  const words = name.replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type Fact = { label: string; before: string | null; after: string | null; onlyAfter: boolean };

/** What changes for this person: the status first, then each field. Someone new shows values, not changes. */
export function factsOf(line: ChangeLine): Fact[] {
  const facts: Fact[] = [];
  const isNew = line.kind === "new";
  if (line.status_change) {
    facts.push({
      label: "Status",
      before: line.status_change.before ? statusLabels[line.status_change.before] : null,
      after: statusLabels[line.status_change.after],
      onlyAfter: isNew || line.status_change.before === null,
    });
  }
  for (const f of line.fields) {
    facts.push({ label: fieldLabel(f.field), before: f.before, after: f.after, onlyAfter: isNew });
  }
  return facts;
}

/** A fact as one line of plain text, for tooltips and screen readers. */
export function factText(fact: Fact): string {
  const show = (v: string | null, missing: string) => (v === null ? missing : v === "" ? "(empty)" : v);
  if (fact.onlyAfter) return `${fact.label}: ${show(fact.after, "(empty)")}`;
  return `${fact.label}: ${show(fact.before, "—")} → ${show(fact.after, "(empty)")}`;
}

/** A fact's value: the new value alone for someone new, else before → after, with empty values spelled out. */
export function FactValue({ fact }: { fact: Fact }) {
  const value = (v: string | null, missing: string) =>
    v === null || v === "" ? <span className="fact__missing">{v === null ? missing : "(empty)"}</span> : v;
  if (fact.onlyAfter) return <>{value(fact.after, "(empty)")}</>;
  return (
    <>
      <span className="fact__before">{value(fact.before, "—")}</span>
      <span className="fact__arrow" aria-label="changes to">
        {" → "}
      </span>
      <span className="fact__after">{value(fact.after, "(empty)")}</span>
    </>
  );
}
