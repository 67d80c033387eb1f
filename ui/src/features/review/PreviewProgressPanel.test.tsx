// A preview that waits for another run (a scheduled sync) says so, and Cancel works while it waits.
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { PreviewProgressPanel } from "./PreviewProgressPanel";

describe("PreviewProgressPanel", () => {
  it("says what a waiting preview waits for, and offers Cancel", () => {
    const onCancel = vi.fn();
    render(<PreviewProgressPanel progress={{ stage: "waiting" }} cancelling={false} onCancel={onCancel} />);
    expect(screen.getByTestId("review-progress").textContent).toContain(
      "Waiting for another Roster run to finish (a scheduled sync",
    );
    fireEvent.click(screen.getByTestId("review-cancel"));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it("moves on to comparing once the fetch is done", () => {
    render(<PreviewProgressPanel progress={{ stage: "planning", employees: 20 }} cancelling={false} onCancel={() => {}} />);
    expect(screen.getByTestId("review-progress").textContent).toContain("Comparing 20 employees");
    expect(screen.getByTestId("review-progress").textContent).not.toContain("Waiting");
  });
});
