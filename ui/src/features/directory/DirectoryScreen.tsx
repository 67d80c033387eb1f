// The current directory built from approved imports. Placeholder until the first import is applied.
import { DirectoryIcon } from "../../shared/icons";
import { hrefFor } from "../../shared/router/hashRoute";
import { buttonClass } from "../../shared/ui/buttonClass";
import { PlaceholderScreen } from "../../shared/ui/PlaceholderScreen";

export function DirectoryScreen() {
  return (
    <PlaceholderScreen
      title="Directory"
      description="Your employees as they stand after the last approved import."
      icon={<DirectoryIcon size={20} />}
      heading="The directory is empty until your first import"
      body="Once you approve an import, everyone in it appears here with their status."
      plans={[
        "Active, on leave, pending start and former employees",
        "Filters by department and location",
        "Headcount over time and joiners and leavers per month",
        "CSV export of the whole directory",
      ]}
      action={
        <a href={hrefFor("connect")} className={buttonClass("secondary")}>
          Start setup
        </a>
      }
    />
  );
}
