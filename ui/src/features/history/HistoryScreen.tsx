// Import history, browsable offline. Placeholder until the first imports can be recorded.
import { HistoryIcon } from "../../shared/icons";
import { hrefFor } from "../../shared/router/hashRoute";
import { buttonClass } from "../../shared/ui/buttonClass";
import { PlaceholderScreen } from "../../shared/ui/PlaceholderScreen";

export function HistoryScreen() {
  return (
    <PlaceholderScreen
      title="Import history"
      description="Every import Roster has run, what it changed and who approved it. Works offline."
      icon={<HistoryIcon size={20} />}
      heading="No imports yet"
      body="Imports you approve or reject will be listed here once setup is finished."
      plans={[
        "A timeline of every import: when, manual or scheduled, counts and outcome",
        "Each import opened down to the employee and field",
        "A timeline per employee across all imports",
        "CSV export of any import and of joiners, movers and leavers",
      ]}
      action={
        <a href={hrefFor("connect")} className={buttonClass("secondary")}>
          Start setup
        </a>
      }
    />
  );
}
