// A person's directory status (PersonStatus comes from Rust) as one fixed label, icon and tint, so the Directory,
// the person timeline and History say it the same way; the text and icon carry the meaning, not the colour.
import type { ReactNode } from "react";
import type { PersonStatus } from "../ipc/bindings";
import { CheckCircleIcon, ClockIcon, PauseCircleIcon, UserMinusIcon } from "./icons";
import "./kinds.css";

export type PersonStatusStyle = {
  label: string;
  /** Suffix of the --kind-<tone>-* tokens (the kind-badge tints). */
  tone: string;
  icon: (props: { size?: number }) => ReactNode;
};

/** In the order filters list them. */
export const personStatusOrder: readonly PersonStatus[] = ["active", "on_leave", "pending_start", "former"];

export const personStatuses: Record<PersonStatus, PersonStatusStyle> = {
  active: { label: "Active", tone: "new", icon: CheckCircleIcon },
  on_leave: { label: "On leave", tone: "on-leave", icon: PauseCircleIcon },
  pending_start: { label: "Pending start", tone: "updated", icon: ClockIcon },
  former: { label: "Former", tone: "unchanged", icon: UserMinusIcon },
};

export function isPersonStatus(value: string): value is PersonStatus {
  return Object.hasOwn(personStatuses, value);
}

export function PersonStatusBadge({ status }: { status: PersonStatus }) {
  const style = personStatuses[status];
  const StatusIcon = style.icon;
  return (
    <span className={`kind-badge kind-badge--${style.tone}`} data-status={status}>
      <StatusIcon size={13} />
      {style.label}
    </span>
  );
}
