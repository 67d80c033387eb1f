// History's Reconciliations tab: every run with its target, when, who ran it and what it found, a failed run with
// why, filtered by target; a run opened with every account it listed and its CSV export; a failed one says why.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { ReconciliationDetail, ReconciliationQuery, ReconciliationSummary } from "../../ipc/bindings";
import { mockRoster } from "../../test/mockRoster";
import { HistoryScreen } from "./HistoryScreen";

const runs: ReconciliationSummary[] = [
  {
    reconciliation_id: 3, target: "Okta", run_at: "2026-06-03T08:00:00Z", run_by: "cli:hr", trigger: "cli",
    orphans: 0, missing: 0, mismatched: 0, failure: "The target refused the token. Create a new one in Okta.",
  },
  {
    reconciliation_id: 2, target: "Slack", run_at: "2026-06-02T08:00:00Z", run_by: "window", trigger: "window",
    orphans: 1, missing: 2, mismatched: 1, failure: null,
  },
  {
    reconciliation_id: 1, target: "Okta", run_at: "2026-06-01T08:00:00Z", run_by: "window", trigger: "window",
    orphans: 0, missing: 0, mismatched: 0, failure: null,
  },
];

const entry = (user: string, detail: string) => ({ user_name: user, external_id: `E-${user}`, display_name: user, detail });

const details: Record<number, ReconciliationDetail> = {
  2: {
    summary: runs[1],
    report: {
      orphans: [entry("contractor@x.test", "active account with no directory person")],
      missing: [entry("new@x.test", "no account"), entry("starter@x.test", "no account")],
      mismatched: [entry("mover@x.test", "title, department")],
    },
  },
  3: { summary: runs[0], report: { orphans: [], missing: [], mismatched: [] } },
};

// What the page names for the target filter: a removed target's history is kept under its "(removed …)" name.
const targets = ["Okta", "Slack", "Zendesk (removed 2026-05-01)"];

function setup() {
  return mockRoster({
    history_reconciliations: (args) => {
      const q = (args as { query: ReconciliationQuery }).query;
      const kept = runs.filter((r) => !q.target || r.target === q.target);
      return { total: kept.length, offset: 0, reconciliations: kept, targets };
    },
    history_reconciliation: (args) => details[(args as { reconciliationId: number }).reconciliationId],
    export_reconcile_csv: () => ({ path: "/home/hr/roster-reconciliation-2.csv", rows: 4 }),
  });
}

afterEach(() => {
  window.location.hash = "";
});

describe("History: reconciliations", () => {
  it("lists every run with its target, who ran it and what it found, a failed one with why, and filters by target", async () => {
    window.location.hash = "#/history?tab=reconciliations";
    const calls = setup();
    render(<HistoryScreen />);
    expect(screen.getByTestId("history-tab-reconciliations").getAttribute("aria-selected")).toBe("true");
    const rows = await screen.findAllByTestId("history-reconciliation-row");
    expect(rows.map((r) => r.getAttribute("data-reconciliation-id"))).toEqual(["3", "2", "1"]);
    expect(within(rows[0]).getByTestId("history-reconciliation-failure").textContent).toContain("The target refused the token");
    expect(rows[0].textContent).toContain("Command line (cli:hr)");
    expect(rows[1].textContent).toContain("Slack");
    expect(rows[1].textContent).toContain("In the window");
    expect(within(rows[1]).getAllByRole("cell").map((c) => c.textContent).slice(-3)).toEqual(["1", "2", "1"]);
    expect(screen.getByTestId("reconciliation-count").textContent).toBe("3 reconciliations");

    const filter = await screen.findByTestId("reconciliation-filter-target");
    expect(within(filter).getAllByRole("option").map((o) => o.textContent)).toEqual(["Any target", ...targets]);
    fireEvent.change(filter, { target: { value: "Okta" } });
    await waitFor(() => expect(screen.getAllByTestId("history-reconciliation-row")).toHaveLength(2));
    const last = calls.filter((c) => c.command === "history_reconciliations").at(-1)?.args as { query: ReconciliationQuery };
    expect(last.query).toMatchObject({ target: "Okta" });
  });

  it("opens a run with every account it listed, and exports it as CSV for auditors", async () => {
    window.location.hash = "#/history?reconciliation=2";
    const calls = setup();
    render(<HistoryScreen />);
    expect(screen.getByTestId("history-tab-reconciliations").getAttribute("aria-selected")).toBe("true");
    const orphans = await screen.findByTestId("reconcile-orphans");
    expect(orphans.textContent).toContain("contractor@x.test");
    expect(screen.getByTestId("reconcile-missing").textContent).toContain("starter@x.test");
    expect(screen.getByTestId("reconcile-mismatched").textContent).toContain("title, department");
    expect(screen.getByTestId("reconciliation-detail-found").textContent).toBe("1 orphaned, 2 missing, 1 mismatched");
    expect(screen.getByTestId("reconciliation-detail-by").textContent).toBe("In the window");

    fireEvent.click(screen.getByTestId("reconciliation-detail-export"));
    expect((await screen.findByTestId("export-done")).textContent).toContain("4 rows");
    expect(calls.find((c) => c.command === "export_reconcile_csv")?.args).toEqual({ reconciliationId: 2 });
    fireEvent.click(screen.getByTestId("reconciliation-detail-back"));
    expect(window.location.hash).toBe("#/history?tab=reconciliations");
  });

  it("says why a failed run could not compare, with nothing to export", async () => {
    window.location.hash = "#/history?reconciliation=3";
    setup();
    render(<HistoryScreen />);
    const failure = await screen.findByTestId("reconciliation-detail-failure");
    expect(failure.textContent).toContain("Create a new one in Okta");
    expect(screen.getByTestId("reconciliation-detail-found").textContent).toBe("Failed");
    expect(screen.queryByTestId("reconcile-orphans")).toBeNull();
    expect(screen.queryByTestId("reconciliation-detail-export")).toBeNull();
  });
});
