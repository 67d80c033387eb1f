// Lifecycle event kinds (LifecycleEventKind comes from Rust: joiner, leaver, mover, ...) with one fixed label,
// icon and tint each, for History's events, its charts and the person timeline.
import type { ReactNode } from "react";
import type { LifecycleEventKind } from "../ipc/bindings";
import { ArrowRightIcon, CheckCircleIcon, PauseCircleIcon, PlayCircleIcon, PlusIcon, RotateBackIcon, SwapIcon, UserMinusIcon } from "./icons";
import "./kinds.css";

export type LifecycleKindStyle = {
  label: string;
  /** What it means, in the words an HR or IT admin would use. */
  description: string;
  /** Suffix of the --kind-<tone>-* tokens (the kind-badge tints). */
  tone: string;
  icon: (props: { size?: number }) => ReactNode;
};

/** In the order filters and legends list them. The baseline is not among them: lists start after it. */
export const lifecycleKindOrder: readonly LifecycleEventKind[] = [
  "joiner",
  "leaver",
  "mover",
  "leave_start",
  "leave_end",
  "rehire",
  "employment_type_change",
];

export const lifecycleKinds: Record<LifecycleEventKind, LifecycleKindStyle> = {
  joiner: { label: "Joiner", description: "Joined the company", tone: "new", icon: PlusIcon },
  baseline: {
    label: "Baseline",
    description: "In the directory since the baseline: already employed when Roster's first import was applied",
    tone: "unchanged",
    icon: CheckCircleIcon,
  },
  leaver: { label: "Leaver", description: "Left the company", tone: "deactivated", icon: UserMinusIcon },
  mover: {
    label: "Mover",
    description: "Changed department, job title, location or manager",
    tone: "updated",
    icon: ArrowRightIcon,
  },
  leave_start: { label: "Leave start", description: "Went on leave", tone: "on-leave", icon: PauseCircleIcon },
  leave_end: { label: "Leave end", description: "Came back from leave", tone: "leave-ended", icon: PlayCircleIcon },
  rehire: { label: "Rehire", description: "A former employee who came back", tone: "reactivated", icon: RotateBackIcon },
  employment_type_change: {
    label: "Employment type change",
    description: "E.g. from contractor to employee",
    tone: "excluded",
    icon: SwapIcon,
  },
};

export function LifecycleBadge({ kind }: { kind: LifecycleEventKind }) {
  const style = lifecycleKinds[kind];
  const KindIcon = style.icon;
  return (
    <span className={`kind-badge kind-badge--${style.tone}`} data-event-kind={kind}>
      <KindIcon size={13} />
      {style.label}
    </span>
  );
}
