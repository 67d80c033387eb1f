// Step 2 of setup: mapping TriNet fields onto directory fields. Placeholder until the mapping editor lands.
import { MapFieldsIcon } from "../../shared/icons";
import { hrefFor } from "../../shared/router/hashRoute";
import { buttonClass } from "../../shared/ui/buttonClass";
import { PlaceholderScreen } from "../../shared/ui/PlaceholderScreen";
import { StepEyebrow } from "../../shared/ui/StepEyebrow";

export function MappingScreen() {
  return (
    <PlaceholderScreen
      title="Map fields"
      eyebrow={<StepEyebrow step={2} />}
      description="Decide which TriNet fields fill which fields of your directory."
      icon={<MapFieldsIcon size={20} />}
      heading="The field mapper arrives after Connect"
      body="Mapping starts from the fields found in your live TriNet data, so it needs a connection first."
      plans={[
        "Every TriNet field found, with sample values and how many employees have one",
        "Core fields such as work email, names, manager and department mapped for you",
        "Custom fields you fill by dragging a TriNet field onto them, by mouse or keyboard",
        "Versioned mappings that stay editable, with the preview re-run on every save",
      ]}
      action={
        <a href={hrefFor("connect")} className={buttonClass("secondary")}>
          Go to Connect
        </a>
      }
    />
  );
}
