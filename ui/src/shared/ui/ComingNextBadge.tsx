// Marks a screen whose real content arrives in a later release, so nobody mistakes it for a finished one.
import "./coming-next-badge.css";

export function ComingNextBadge() {
  return (
    <span className="coming-next-badge" data-testid="coming-next">
      Coming next
    </span>
  );
}
