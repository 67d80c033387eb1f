// Words for what a change line says: reasons, statuses, field names, the decisions a reason allows, and the
// "field: before → after" facts a row shows.
import type { AttentionReason, ChangeLine, PersonStatus, Resolution } from "../../ipc/bindings";

export const reasonLabels: Record<AttentionReason, string> = {
  invalid_record: "Invalid record",
  duplicate_email: "Duplicate email",
  possible_duplicate: "Possible duplicate",
  privacy_block: "Privacy block",
  missing_from_source: "Missing from TriNet",
};

export const reasonOrder: readonly AttentionReason[] = [
  "invalid_record",
  "duplicate_email",
  "possible_duplicate",
  "privacy_block",
  "missing_from_source",
];

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

export type Choice = { resolution: Resolution; label: string; hint: string };

/** The decisions a needs-attention line allows, in the order its buttons show. */
export function choicesFor(line: ChangeLine): Choice[] {
  const leaveOut: Choice = {
    resolution: "leave_out",
    label: "Leave out",
    hint: "Not imported; the directory stays as it is for this person.",
  };
  switch (line.reason) {
    case "invalid_record":
      return [leaveOut];
    case "possible_duplicate":
      return [
        {
          resolution: "link",
          label: "Same person",
          hint: line.candidate
            ? `Link to ${line.candidate.name} (${statusLabels[line.candidate.status]}) and keep their history.`
            : "Link to the person already in the directory.",
        },
        { resolution: "approve", label: "Add as new", hint: "Import as a new, separate person." },
        leaveOut,
      ];
    case "duplicate_email":
      return [{ resolution: "approve", label: "Import anyway", hint: "Import this record with the shared email." }, leaveOut];
    case "privacy_block":
      return [{ resolution: "approve", label: "Approve change", hint: "Apply all of these changes to this person." }, leaveOut];
    case "missing_from_source":
      return [
        {
          resolution: "approve",
          label: line.status_change?.after === "former" ? "Deactivate" : "Approve",
          hint: "Apply the proposed change for someone TriNet no longer sends.",
        },
        leaveOut,
      ];
    default:
      return [];
  }
}

export function resolutionLabel(line: ChangeLine): string | null {
  if (!line.resolution) return null;
  return choicesFor(line).find((c) => c.resolution === line.resolution)?.label ?? line.resolution;
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
