// "Step 2 of 3 · next: Review" above a wizard page title, so the admin sees where they are and what is left.
import { setupStepCount, setupSteps } from "../setupSteps";

export function StepEyebrow({ step }: { step: 1 | 2 | 3 }) {
  const next = setupSteps.find((s) => s.number === step + 1);
  return (
    <>
      Step {step} of {setupStepCount}
      {next ? ` · next: ${next.label}` : " · last step"}
    </>
  );
}
