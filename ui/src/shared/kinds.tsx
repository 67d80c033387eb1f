// The change kinds a TriNet import can produce (ChangeKind comes from Rust), each with one fixed label, icon and colour used everywhere.
import { useId, type ReactNode } from "react";
import type { ChangeKind } from "../ipc/bindings";
import {
  BanIcon,
  EqualsIcon,
  PauseCircleIcon,
  PencilIcon,
  PlayCircleIcon,
  PlusIcon,
  RotateBackIcon,
  UserMinusIcon,
  WarningIcon,
} from "./icons";
import "./kinds.css";

export type { ChangeKind };

export type ChangeKindStyle = {
  label: string;
  /** What the kind means, in the words an HR admin would use. */
  description: string;
  /** Suffix of the --kind-<tone>-fg/-bg/-border tokens in tokens.css. */
  tone: string;
  icon: (props: { size?: number }) => ReactNode;
};

/** In the order review cards, tables and charts list them. */
export const changeKindOrder: readonly ChangeKind[] = [
  "new",
  "updated",
  "deactivated",
  "reactivated",
  "leave_started",
  "leave_ended",
  "unchanged",
  "excluded",
  "needs_attention",
];

export const changeKinds: Record<ChangeKind, ChangeKindStyle> = {
  new: {
    label: "New",
    description: "In TriNet, not yet in your directory",
    tone: "new",
    icon: PlusIcon,
  },
  updated: {
    label: "Updated",
    description: "One or more mapped fields changed",
    tone: "updated",
    icon: PencilIcon,
  },
  deactivated: {
    label: "Deactivated",
    description: "Terminated in TriNet",
    tone: "deactivated",
    icon: UserMinusIcon,
  },
  reactivated: {
    label: "Reactivated",
    description: "A former employee who is active again",
    tone: "reactivated",
    icon: RotateBackIcon,
  },
  leave_started: {
    label: "On leave",
    description: "Leave starts with this import",
    tone: "on-leave",
    icon: PauseCircleIcon,
  },
  leave_ended: {
    label: "Back from leave",
    description: "Active again after a leave",
    tone: "leave-ended",
    icon: PlayCircleIcon,
  },
  unchanged: {
    label: "Unchanged",
    description: "Nothing to do",
    tone: "unchanged",
    icon: EqualsIcon,
  },
  excluded: {
    label: "Excluded",
    description: "Left out by your exclusion rule",
    tone: "excluded",
    icon: BanIcon,
  },
  needs_attention: {
    label: "Needs attention",
    description: "Blocked, possible duplicate or invalid record",
    tone: "needs-attention",
    icon: WarningIcon,
  },
};

/** A kind (of an import's change or a push's) as a compact badge: icon and label, tinted with the kind's colour. */
export function ToneBadge({ style, kind }: { style: ChangeKindStyle; kind: string }) {
  const KindIcon = style.icon;
  return (
    <span className={`kind-badge kind-badge--${style.tone}`} data-kind={kind}>
      <KindIcon size={13} />
      {style.label}
    </span>
  );
}

/** A change kind as a compact badge. */
export function KindBadge({ kind }: { kind: ChangeKind }) {
  return <ToneBadge style={changeKinds[kind]} kind={kind} />;
}

type KindSelectProps<K extends string> = {
  order: readonly K[];
  styles: Record<K, ChangeKindStyle>;
  value: K | null;
  onChange: (kind: K | null) => void;
  /** The class of the label and of the group around it (e.g. "history-filter"). */
  className: string;
  testId: string;
};

/** The "Kind" filter of a table: every kind, or one. */
export function KindSelect<K extends string>({ order, styles, value, onChange, className, testId }: KindSelectProps<K>) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className={`${className}__label`}>
        Kind
      </label>
      <select id={id} className="select-input" value={value ?? ""} onChange={(e) => onChange((e.target.value || null) as K | null)} data-testid={testId}>
        <option value="">Every kind</option>
        {order.map((k) => (
          <option key={k} value={k}>
            {styles[k].label}
          </option>
        ))}
      </select>
    </div>
  );
}
