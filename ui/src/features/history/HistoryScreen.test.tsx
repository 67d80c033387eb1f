// History lists every import, newest first, with when, how it started, outcome, mapping version and counts.
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { mockRoster } from "../../test/mockRoster";
import { createReviewFake } from "../../test/reviewFake";
import { HistoryScreen } from "./HistoryScreen";

describe("History", () => {
  it("lists the imports newest first with outcome, trigger, mapping version and counts", async () => {
    const fake = createReviewFake();
    const calls = mockRoster(fake.handlers);
    render(<HistoryScreen />);
    await screen.findByTestId("history-table");
    const rows = screen.getAllByTestId("history-row");
    expect(rows.map((r) => [r.getAttribute("data-import-id"), r.getAttribute("data-outcome")])).toEqual([
      ["3", "applied"],
      ["2", "rejected"],
      ["1", "applied"],
    ]);
    expect(within(rows[0]).getByTestId("history-counts").textContent).toBe("+2 new · 7 updated · 1 deactivated");
    expect(rows[0].textContent).toContain("Scheduled");
    expect(rows[0].textContent).toContain("Version 2");
    expect(rows[1].textContent).toContain("Rejected");
    expect(within(rows[2]).getByTestId("history-counts").textContent).toBe("+240 new · 2 excluded · 1 needs attention");
    expect(calls.find((c) => c.command === "import_history")?.args).toEqual({ limit: 200, offset: 0 });
  });

  it("an import waiting for review links to Review", async () => {
    const fake = createReviewFake({ openAtStart: true, deactivated: 30 });
    mockRoster(fake.handlers);
    render(<HistoryScreen />);
    const held = (await screen.findAllByTestId("history-row"))[0];
    expect(held.getAttribute("data-outcome")).toBe("held");
    expect(within(held).getByRole("link", { name: "Review" }).getAttribute("href")).toBe("#/review");
  });

  it("with no imports says how to make one", async () => {
    mockRoster(createReviewFake({ history: [] }).handlers);
    render(<HistoryScreen />);
    const empty = await screen.findByTestId("history-empty");
    expect(empty.textContent).toContain("No imports yet");
    expect(within(empty).getByTestId("history-go-review").getAttribute("href")).toBe("#/review");
  });

  it("a failure to load says what happened and offers Try again", async () => {
    mockRoster({
      import_history: () => {
        throw { code: "database_key_wrong", message: "Restore the key, then open Roster again." };
      },
    });
    render(<HistoryScreen />);
    const error = await screen.findByTestId("history-error");
    expect(error.getAttribute("data-code")).toBe("database_key_wrong");
    expect(within(error).getByRole("button", { name: "Try again" })).toBeTruthy();
  });
});
