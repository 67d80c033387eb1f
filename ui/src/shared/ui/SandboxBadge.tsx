// The "Sandbox" pill shown wherever the admin is looking while Roster works with the made-up company.
import { BeakerIcon } from "../icons";
import "./sandbox-badge.css";

export function SandboxBadge() {
  return (
    <span className="sandbox-badge" data-testid="sandbox-badge">
      <BeakerIcon size={12} />
      Sandbox
    </span>
  );
}
