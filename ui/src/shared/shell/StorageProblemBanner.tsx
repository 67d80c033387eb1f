// Puts a storage error in front of the admin on every screen, since nothing can be saved until it is fixed.
import type { IpcError } from "../../ipc/bindings";
import { ErrorCallout } from "../ui/ErrorCallout";
import { buttonClass } from "../ui/buttonClass";

export function StorageProblemBanner({ error, onShowDetails }: { error: IpcError; onShowDetails: () => void }) {
  return (
    <div className="storage-banner">
      <ErrorCallout
        error={error}
        testId="storage-banner"
        action={
          <button type="button" className={buttonClass("secondary")} onClick={onShowDetails}>
            Show details in About Roster
          </button>
        }
      />
    </div>
  );
}
