// Step 3 of setup: reviewing an import before approving it. Placeholder until the import preview lands.
import { changeKindOrder, KindBadge } from "../../shared/kinds";
import { ReviewIcon } from "../../shared/icons";
import { hrefFor } from "../../shared/router/hashRoute";
import { buttonClass } from "../../shared/ui/buttonClass";
import { PlaceholderScreen } from "../../shared/ui/PlaceholderScreen";
import { StepEyebrow } from "../../shared/ui/StepEyebrow";
import "./review.css";

export function ReviewScreen() {
  return (
    <PlaceholderScreen
      title="Review and approve"
      eyebrow={<StepEyebrow step={3} />}
      description="See exactly what an import would change, then approve or reject it."
      icon={<ReviewIcon size={20} />}
      heading="The import review arrives after Map fields"
      body="A review compares TriNet, through your mapping, with your directory. It needs a connection and a mapping first."
      plans={[
        "Summary cards for each kind of change, each opening a searchable table",
        "Every changed field shown as before → after",
        "Imports held for a typed confirmation when deactivations pass your guardrails",
        "Approve applies everything in one step; either way the import is kept in History",
      ]}
      extra={
        <div className="review-kinds">
          <p className="review-kinds__label">Each employee will be shown as one of</p>
          <ul className="review-kinds__list">
            {changeKindOrder.map((kind) => (
              <li key={kind}>
                <KindBadge kind={kind} />
              </li>
            ))}
          </ul>
        </div>
      }
      action={
        <a href={hrefFor("mapping")} className={buttonClass("secondary")}>
          Go to Map fields
        </a>
      }
    />
  );
}
