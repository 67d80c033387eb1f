// How an import is described wherever it appears (review, history): its counts in one line, its outcome as a
// badge with icon and text, and how it was started.
import type { ReactNode } from "react";
import type { ImportOutcome, ImportSummary, ImportTrigger, PlanCounts } from "../ipc/bindings";
import { countOf, formatCount } from "./formatCount";
import { BanIcon, CheckCircleIcon, CircleIcon, ErrorCircleIcon, RotateBackIcon, ShieldIcon } from "./icons";
import { changeKindOrder } from "./kinds";
import "./imports.css";

/** "+3 new · 5 updated · 1 deactivated · 2 need attention"; unchanged people are left out. */
export function describeCounts(counts: PlanCounts): string {
  const parts: string[] = [];
  for (const kind of changeKindOrder) {
    const n = counts[kind];
    if (n === 0 || kind === "unchanged") continue;
    switch (kind) {
      case "new":
        parts.push(`+${formatCount(n)} new`);
        break;
      case "leave_started":
        parts.push(`${formatCount(n)} on leave`);
        break;
      case "leave_ended":
        parts.push(`${formatCount(n)} back from leave`);
        break;
      case "needs_attention":
        parts.push(`${formatCount(n)} ${n === 1 ? "needs" : "need"} attention`);
        break;
      default:
        parts.push(`${formatCount(n)} ${kind}`);
    }
  }
  return parts.length ? parts.join(" · ") : "No changes";
}

/**
 * "Baseline: 600 people already employed": the first applied import, whose people are not joiners. The headcount it
 * left when Roster recorded it, else everyone it added.
 */
export function baselineText(summary: ImportSummary): string {
  return summary.headcount !== null
    ? `Baseline: ${countOf(summary.headcount, "person", "people")} already employed`
    : `Baseline: ${countOf(summary.counts.new, "person", "people")} already in TriNet`;
}

/** Why an import's per-person details are missing, when the retention setting removed them. */
export const detailsRemovedText = "Details removed by the retention setting";

/** Everyone the import looked at. */
export function peopleIn(counts: PlanCounts): number {
  return changeKindOrder.reduce((sum, kind) => sum + counts[kind], 0);
}

type OutcomeStyle = { label: string; icon: (props: { size?: number }) => ReactNode };

export const outcomeStyles: Record<ImportOutcome, OutcomeStyle> = {
  pending: { label: "Waiting for review", icon: CircleIcon },
  held: { label: "Held by guardrail", icon: ShieldIcon },
  applied: { label: "Applied", icon: CheckCircleIcon },
  rejected: { label: "Rejected", icon: BanIcon },
  superseded: { label: "Superseded", icon: RotateBackIcon },
  failed: { label: "Failed", icon: ErrorCircleIcon },
};

export function OutcomeBadge({ outcome }: { outcome: ImportOutcome }) {
  const style = outcomeStyles[outcome];
  const OutcomeIcon = style.icon;
  return (
    <span className={`outcome-badge outcome-badge--${outcome}`} data-outcome={outcome}>
      <OutcomeIcon size={13} />
      {style.label}
    </span>
  );
}

export const triggerLabels: Record<ImportTrigger, string> = {
  manual: "Manual",
  cli: "Command line",
  scheduled: "Scheduled",
};
