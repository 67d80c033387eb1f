// History's Pushes tab: every push with its target, who sent it, state and counts, filtered by target, state and
// trigger; a push opened with its receipts (failures first), an irreversible deletion shown as such, and the CSV export.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { PushDetail, PushQuery, PushSummary } from "../../ipc/bindings";
import { mockRoster } from "../../test/mockRoster";
import { HistoryScreen } from "./HistoryScreen";

const counts = { create: 0, update: 0, deactivate: 0, delete: 0, reactivate: 0, group_changes: 0, unchanged: 10, needs_attention: 0, orphans: 0 };
const pushes: PushSummary[] = [
  {
    push_id: 3, target: "Okta", state: "partial", created_at: "2026-06-02T09:00:00Z", decided_at: "2026-06-02T09:01:00Z",
    decided_by: "automatic:sync", trigger: "automatic", counts: { ...counts, update: 2, delete: 1 }, succeeded: 2, failed: 1,
  },
  {
    push_id: 2, target: "Slack (removed 2026-06-03)", state: "applied", created_at: "2026-06-01T09:00:00Z", decided_at: "2026-06-01T09:02:00Z",
    decided_by: "cli:hr", trigger: "cli", counts: { ...counts, create: 4 }, succeeded: 4, failed: 0,
  },
  {
    push_id: 1, target: "Okta", state: "rejected", created_at: "2026-05-01T09:00:00Z", decided_at: "2026-05-01T09:03:00Z",
    decided_by: "window", trigger: "window", counts: { ...counts, deactivate: 30 }, succeeded: 0, failed: 0,
  },
];

const line = (kind: "update" | "delete", user: string) => ({
  kind, person_id: 1, external_id: `E-${user}`, user_name: user, display_name: user, target_id: `u-${user}`,
  attributes: kind === "update" ? [{ attribute: "title", before: "Engineer", after: "Lead" }] : [],
  groups_added: [], groups_removed: [], attention: null, desired: null, version: null,
});

const detail: PushDetail = {
  summary: pushes[0],
  guardrail: { tripped: false, reasons: [] },
  delete_after_days: 30,
  changes: [line("update", "a@x.test"), line("update", "b@x.test"), line("delete", "c@x.test")],
  receipts: [
    { external_id: "E-b@x.test", user_name: "b@x.test", kind: "update", operation: "PATCH /Users/u-b", status: 500, ok: false, target_id: "u-b", detail: "server error" },
    { external_id: "E-a@x.test", user_name: "a@x.test", kind: "update", operation: "PATCH /Users/u-a", status: 200, ok: true, target_id: "u-a", detail: null },
    { external_id: "E-c@x.test", user_name: "c@x.test", kind: "delete", operation: "DELETE /Users/u-c", status: 200, ok: true, target_id: "u-c", detail: null },
  ],
};

// What the page names for the target filter: a removed target's history is kept under its "(removed …)" name.
const targets = ["Okta", "Slack", "Zendesk (removed 2026-05-01)"];

function setup() {
  return mockRoster({
    history_pushes: (args) => {
      const q = (args as { query: PushQuery }).query;
      const kept = pushes.filter(
        (p) => (!q.target || p.target === q.target) && (!q.state || p.state === q.state) && (!q.trigger || p.trigger === q.trigger),
      );
      return { total: kept.length, offset: 0, pushes: kept, targets };
    },
    history_push: () => detail,
    export_push_csv: () => ({ path: "/home/hr/roster-push-3.csv", rows: 3 }),
  });
}

afterEach(() => {
  window.location.hash = "";
});

describe("History: pushes", () => {
  it("lists every push beside imports with target, who sent it, state and counts, and filters them", async () => {
    window.location.hash = "#/history?tab=pushes";
    const calls = setup();
    render(<HistoryScreen />);
    const rows = await screen.findAllByTestId("history-push-row");
    expect(rows.map((r) => r.getAttribute("data-push-id"))).toEqual(["3", "2", "1"]);
    expect(rows[0].textContent).toContain("Okta");
    expect(rows[0].textContent).toContain("Automatically");
    expect(rows[0].textContent).toContain("2 updated, 1 deleted");
    expect(within(rows[0]).getByTestId("history-push-row-failed").textContent).toBe("1 failed");
    expect(rows[1].textContent).toContain("Command line");
    // A removed target's name keeps its "(removed DAY)" whole, muted and on one line (no break at the date's hyphens).
    expect(rows[1].textContent).toContain("Slack (removed 2026-06-03)");
    expect(within(rows[1]).getByText("(removed 2026-06-03)").className).toBe("target-name__removed");
    // Operations read as a count sent, not a bare number that looks like an HTTP status.
    expect(rows[1].textContent).toContain("4 sent");

    const filter = await screen.findByTestId("push-filter-target");
    expect(within(filter).getAllByRole("option").map((o) => o.textContent)).toEqual(["Any target", ...targets]);
    fireEvent.change(filter, { target: { value: "Okta" } });
    await waitFor(() => expect(screen.getAllByTestId("history-push-row")).toHaveLength(2));
    fireEvent.change(screen.getByTestId("push-filter-trigger"), { target: { value: "window" } });
    await waitFor(() => expect(screen.getAllByTestId("history-push-row")).toHaveLength(1));
    const last = calls.filter((c) => c.command === "history_pushes").at(-1)?.args as { query: PushQuery };
    expect(last.query).toMatchObject({ target: "Okta", trigger: "window" });
    expect(screen.getByTestId("push-count").textContent).toBe("1 push");
  });

  it("opens a push with its receipts, failures first, shows a deletion as irreversible, and exports its CSV", async () => {
    window.location.hash = "#/history?push=3";
    const calls = setup();
    render(<HistoryScreen />);
    const receipts = await screen.findByTestId("push-detail-receipts");
    const lines = within(receipts).getAllByRole("row").slice(1);
    expect(lines[0].getAttribute("data-testid")).toBe("receipt-failed");
    expect(lines[0].textContent).toContain("server error");
    expect(screen.getByTestId("push-detail-trigger").textContent).toContain("Automatically");
    expect(screen.getByTestId("push-detail-state").textContent).toBe("Applied with failures");
    expect(screen.getAllByText(/Delete \(irreversible\)/).length).toBeGreaterThan(0);

    fireEvent.click(screen.getByTestId("push-detail-export"));
    expect((await screen.findByTestId("export-done")).textContent).toContain("3 rows");
    expect(calls.find((c) => c.command === "export_push_csv")?.args).toEqual({ pushId: 3 });
  });
});
