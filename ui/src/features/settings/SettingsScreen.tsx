// Sync schedule, guardrails and data settings. Placeholder until those settings exist.
import { SettingsIcon } from "../../shared/icons";
import { buttonClass } from "../../shared/ui/buttonClass";
import { PlaceholderScreen } from "../../shared/ui/PlaceholderScreen";

export function SettingsScreen({ onOpenAbout }: { onOpenAbout: () => void }) {
  return (
    <PlaceholderScreen
      title="Settings"
      description="How often Roster syncs, what it may do on its own, and how long it keeps data."
      icon={<SettingsIcon size={20} />}
      heading="Settings arrive with automatic sync"
      body="Where Roster keeps its data and logs is already listed in About Roster."
      plans={[
        "Auto-sync every few minutes, hourly or daily (off by default)",
        "Guardrail thresholds for deactivations and identity changes",
        "Desktop notifications and data retention",
        "Revoke the TriNet connection; export and import the setup without secrets",
      ]}
      action={
        <button type="button" className={buttonClass("secondary")} onClick={onOpenAbout}>
          Show data folders
        </button>
      }
    />
  );
}
