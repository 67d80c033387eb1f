import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { deferred, mockRoster } from "../../test/mockRoster";
import { SandboxBanner } from "./SandboxBanner";

describe("SandboxBanner", () => {
  it("simulates a week in the sandbox and says what changed and where to see it", async () => {
    const moving = deferred<unknown>();
    const calls = mockRoster({ sandbox_advance: () => moving.promise });
    render(<SandboxBanner companyName="Riverstone Tools" />);
    expect(screen.getByTestId("sandbox-clock").textContent).toContain("made-up company");

    fireEvent.click(screen.getByTestId("sandbox-advance"));
    expect(screen.getByTestId<HTMLButtonElement>("sandbox-advance").disabled).toBe(true);
    moving.resolve({ date: "2026-01-12", days: 7, changes: 27 });

    const clock = await screen.findByText(/27 changes in TriNet/);
    expect(clock.closest("[data-testid=sandbox-clock]")?.textContent).toContain("2026");
    expect(screen.getByRole("link", { name: "Preview the import" }).getAttribute("href")).toBe("#/review");
    expect(calls.filter((c) => c.command === "sandbox_advance").map((c) => c.args)).toEqual([{ days: 7 }]);
    expect(screen.getByTestId<HTMLButtonElement>("sandbox-advance").disabled).toBe(false);
  });

  it("shows why the sandbox could not move forward", async () => {
    mockRoster({
      sandbox_advance: () => {
        throw { code: "sandbox_failed", message: "The sandbox company is not running. Try the sandbox company again." };
      },
    });
    render(<SandboxBanner companyName="Riverstone Tools" />);
    fireEvent.click(screen.getByTestId("sandbox-advance"));
    expect(await screen.findByText(/not running/)).toBeTruthy();
  });
});
