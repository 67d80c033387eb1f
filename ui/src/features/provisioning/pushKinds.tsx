// What a push does to one account (PushKind comes from Rust), each with one label, icon and colour: the tones of
// the import's change kinds, so a create looks like a new person and a deactivation like a leaver.
import type { PushAttention, PushCounts, PushKind } from "../../ipc/bindings";
import {
  BanIcon,
  EqualsIcon,
  PencilIcon,
  PlusIcon,
  RotateBackIcon,
  SwapIcon,
  TrashIcon,
  UserMinusIcon,
  WarningIcon,
} from "../../shared/icons";
import { ToneBadge, type ChangeKindStyle } from "../../shared/kinds";

type PushKindStyle = ChangeKindStyle & { count: keyof PushCounts };

/** In the order cards and filters list them. */
export const pushKindOrder: readonly PushKind[] = [
  "create",
  "update",
  "deactivate",
  "delete",
  "reactivate",
  "group_change",
  "needs_attention",
  "orphan",
  "unchanged",
];

export const pushKinds: Record<PushKind, PushKindStyle> = {
  create: { label: "Create", description: "In the directory, no account yet", tone: "new", icon: PlusIcon, count: "create" },
  update: {
    label: "Update",
    description: "One or more attributes change",
    tone: "updated",
    icon: PencilIcon,
    count: "update",
  },
  deactivate: {
    label: "Deactivate",
    description: "Left or on leave: the account is set inactive (deleted only if your policy says so, on a later push)",
    tone: "deactivated",
    icon: UserMinusIcon,
    count: "deactivate",
  },
  delete: {
    label: "Delete (irreversible)",
    description:
      "Deactivated, and former for the days your deletion policy sets: the account is deleted for good and cannot be restored",
    tone: "deactivated",
    icon: TrashIcon,
    count: "delete",
  },
  reactivate: {
    label: "Reactivate",
    description: "Back or rehired: the same account is active again",
    tone: "reactivated",
    icon: RotateBackIcon,
    count: "reactivate",
  },
  group_change: {
    label: "Groups only",
    description: "Only group membership changes",
    tone: "leave-ended",
    icon: SwapIcon,
    count: "group_changes",
  },
  needs_attention: {
    label: "Needs attention",
    description: "Held: Roster will not guess",
    tone: "needs-attention",
    icon: WarningIcon,
    count: "needs_attention",
  },
  orphan: {
    label: "Orphan",
    description: "An account with no directory person: listed, never touched",
    tone: "excluded",
    icon: BanIcon,
    count: "orphans",
  },
  unchanged: { label: "Unchanged", description: "Nothing to send", tone: "unchanged", icon: EqualsIcon, count: "unchanged" },
};

/** Why a line is held, and what to do about it. */
export const attentionText: Record<PushAttention, string> = {
  possible_duplicate:
    "Possible duplicate: an account has this userName but another externalId. Roster never overwrites it; check in the identity provider whether it is the same person.",
  active_former:
    "An active account for someone the directory calls former, which the policy will not deactivate (they left before Roster's first import). Deactivate it in the identity provider if they should have no access.",
  no_user_name: "No work email in the directory, so no userName to create the account with. Add a work email in TriNet.",
};

export function PushKindBadge({ kind }: { kind: PushKind }) {
  return <ToneBadge style={pushKinds[kind]} kind={kind} />;
}

/** The short name of a SCIM attribute path (the enterprise extension's URN left off). */
export function attributeLabel(path: string): string {
  const enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:";
  if (path.startsWith(enterprise)) return `${path.slice(enterprise.length)} (enterprise)`;
  if (path === "emails.work") return "emails (work)";
  return path;
}

/** An attribute's value after the push: "(cleared)" when the directory no longer has one and the account does. */
export function afterText(change: { before: string | null; after: string | null }): string {
  return change.after ?? (change.before !== null ? "(cleared)" : "—");
}
