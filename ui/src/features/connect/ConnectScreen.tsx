// Step 1 of setup: connecting to TriNet. Placeholder until the connection form lands.
import { PlugIcon } from "../../shared/icons";
import { hrefFor } from "../../shared/router/hashRoute";
import { buttonClass } from "../../shared/ui/buttonClass";
import { PlaceholderScreen } from "../../shared/ui/PlaceholderScreen";
import { StepEyebrow } from "../../shared/ui/StepEyebrow";

export function ConnectScreen() {
  return (
    <PlaceholderScreen
      title="Connect TriNet"
      eyebrow={<StepEyebrow step={1} />}
      description="Give Roster read access to your company's employees in TriNet."
      icon={<PlugIcon size={20} />}
      heading="The connection form arrives in the next release"
      body="You will enter the three values TriNet's Integration Center shows once, and Roster will check them against TriNet before saving anything."
      plans={[
        "Company ID, Client ID and Client Secret, with an advanced API base URL",
        "Test connection shows your company's legal name and the scopes granted",
        "Clear reasons when it fails: wrong credentials, missing scope, TriNet unreachable and more",
        "The client secret is kept only in your system keyring",
      ]}
      action={
        <a href={hrefFor("welcome")} className={buttonClass("secondary")}>
          Back to Welcome
        </a>
      }
    />
  );
}
