// An error from a SCIM target, headed as the target's (the shared headlines of network codes name TriNet).
import type { ComponentProps } from "react";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";

export const targetHeadlines = {
  rate_limited: "The target asked Roster to slow down",
  unreachable: "Roster can't reach the target",
  timeout: "The target took too long to answer",
  malformed_response: "The target sent an answer Roster couldn't read",
} as const;

export function TargetError(props: Omit<ComponentProps<typeof ErrorCallout>, "headlines">) {
  return <ErrorCallout {...props} headlines={targetHeadlines} />;
}
