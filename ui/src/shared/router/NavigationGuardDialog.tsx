// Asks before leaving a screen with unsaved work; "Keep editing" is the safe default.
import { useId, useRef } from "react";
import { buttonClass } from "../ui/buttonClass";
import { Dialog } from "../ui/Dialog";
import { cancelPendingNavigation, confirmPendingNavigation, type PendingNavigation } from "./navigationGuard";

export function NavigationGuardDialog({ pending }: { pending: PendingNavigation }) {
  const keepRef = useRef<HTMLButtonElement>(null);
  const bodyId = useId();
  return (
    <Dialog
      title={pending.title}
      onClose={cancelPendingNavigation}
      testId="nav-guard-dialog"
      initialFocusRef={keepRef}
      describedById={bodyId}
      footer={
        <>
          <button
            ref={keepRef}
            type="button"
            className={buttonClass("secondary")}
            onClick={cancelPendingNavigation}
            data-testid="nav-guard-keep"
          >
            Keep editing
          </button>
          <button
            type="button"
            className={buttonClass("danger")}
            onClick={confirmPendingNavigation}
            data-testid="nav-guard-discard"
          >
            Discard changes
          </button>
        </>
      }
    >
      <p id={bodyId}>{pending.body}</p>
    </Dialog>
  );
}
