// Words for what a change line says: reasons and the decisions a reason allows (statuses, field names and the
// "field: before → after" facts are in shared/facts, used by Directory and History too).
import type { AttentionReason, ChangeLine, Resolution } from "../../ipc/bindings";
import { statusLabels } from "../../shared/facts";

export { factsOf, factText, fieldLabel, statusLabels, type Fact } from "../../shared/facts";

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
