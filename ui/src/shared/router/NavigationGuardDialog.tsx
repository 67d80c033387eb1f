// Asks before leaving a screen with unsaved work; "Keep editing" is the safe default.
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { cancelPendingNavigation, confirmPendingNavigation, type PendingNavigation } from "./navigationGuard";

export function NavigationGuardDialog({ pending }: { pending: PendingNavigation }) {
  return (
    <ConfirmDialog
      title={pending.title}
      onClose={cancelPendingNavigation}
      onConfirm={confirmPendingNavigation}
      tone="danger"
      cancelLabel="Keep editing"
      confirmLabel="Discard changes"
      testId="nav-guard-dialog"
      cancelTestId="nav-guard-keep"
      confirmTestId="nav-guard-discard"
    >
      <p>{pending.body}</p>
    </ConfirmDialog>
  );
}
