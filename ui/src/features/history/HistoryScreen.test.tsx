// History: the import timeline and its filters, an import's detail (before → after, mapping version, export),
// the charts' summaries and tables, lifecycle events with their filters and export; empty and error states.
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { EventQuery, HistoryQuery, ImportSummary } from "../../ipc/bindings";
import { formatDateTime, formatDay } from "../../shared/relativeTime";
import { manyImports } from "../../test/historyFixture";
import { createHistoryFake, recordedImports } from "../../test/historyFake";
import { mockRoster, type Call } from "../../test/mockRoster";
import { createReviewFake, exportFolder, type ReviewFakeOptions } from "../../test/reviewFake";
import { pastImports } from "../../test/reviewFixture";
import { lastQuarter } from "./dates";
import { flowSummary, headcountSummary } from "./HistoryCharts";
import { HistoryScreen } from "./HistoryScreen";

function setup(options: ReviewFakeOptions & { eventsCancelled?: boolean } = {}) {
  const review = createReviewFake(options);
  const history = createHistoryFake(review.imports, { exportCancelled: options.eventsCancelled });
  const calls = mockRoster({ ...review.handlers, ...history.handlers });
  render(<HistoryScreen />);
  return { calls, review, history };
}

const lastQuery = <T,>(calls: Call[], command: string): T =>
  (calls.filter((c) => c.command === command).at(-1)?.args as { query: T }).query;


describe("History: the import timeline", () => {
  it("lists imports newest first with when, planned day, trigger, mapping version, outcome and counts", async () => {
    const { calls } = setup();
    await screen.findAllByTestId("history-row");
    const rows = screen.getAllByTestId("history-row");
    expect(rows.map((r) => [r.getAttribute("data-import-id"), r.getAttribute("data-outcome")])).toEqual([
      ["3", "applied"],
      ["2", "rejected"],
      ["1", "applied"],
    ]);
    const newest = rows[0];
    expect(within(newest).getByTestId("history-counts").textContent).toBe("+2 new · 7 updated · 1 deactivated");
    expect(newest.textContent).toContain(formatDateTime(pastImports[0].created_at));
    expect(newest.textContent).toContain(formatDay("2026-11-16"));
    expect(newest.textContent).toContain("Scheduled");
    expect(newest.textContent).toContain("Mapping v2");
    expect(newest.textContent).toContain("Applied");
    expect(newest.textContent).toContain("248"); // people looked at, right-aligned
    expect(rows[1].textContent).toContain("Rejected");
    expect(screen.getByTestId("history-count").textContent).toBe("3 imports");
    expect(lastQuery<HistoryQuery>(calls, "history_imports")).toEqual({
      outcome: null,
      trigger: null,
      from: null,
      to: null,
      offset: 0,
      limit: 100,
    });
  });

  it("each filter sends the query it shows, and Clear filters starts over", async () => {
    const { calls } = setup({ history: manyImports({ count: 300, today: "2026-11-20" }) });
    await screen.findAllByTestId("history-row");
    expect(screen.getByTestId("history-count").textContent).toBe("300 imports");
    // Only the rows in view (and a few more) exist.
    expect(screen.getAllByTestId("history-row").length).toBeLessThan(30);

    fireEvent.change(screen.getByTestId("history-filter-outcome"), { target: { value: "failed" } });
    await waitFor(() => expect(lastQuery<HistoryQuery>(calls, "history_imports").outcome).toBe("failed"));
    await waitFor(() => expect(screen.getAllByTestId("history-row").every((r) => r.dataset.outcome === "failed")).toBe(true));
    const failed = screen.getAllByTestId("history-row")[0];
    expect(failed.textContent).toMatch(/TriNet (could not be reached|answered 503)/);

    fireEvent.change(screen.getByTestId("history-filter-trigger"), { target: { value: "scheduled" } });
    fireEvent.change(screen.getByTestId("history-filter-from"), { target: { value: "2026-09-01" } });
    fireEvent.change(screen.getByTestId("history-filter-to"), { target: { value: "2026-10-31" } });
    await waitFor(() =>
      expect(lastQuery<HistoryQuery>(calls, "history_imports")).toEqual({
        outcome: "failed",
        trigger: "scheduled",
        from: "2026-09-01",
        to: "2026-10-31",
        offset: 0,
        limit: 100,
      }),
    );

    fireEvent.change(screen.getByTestId("history-filter-outcome"), { target: { value: "superseded" } });
    fireEvent.change(screen.getByTestId("history-filter-from"), { target: { value: "2030-01-01" } });
    fireEvent.change(screen.getByTestId("history-filter-to"), { target: { value: "2030-12-31" } });
    const none = await screen.findByTestId("history-no-match");
    expect(none.textContent).toContain("No imports match these filters");
    fireEvent.click(within(none).getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(screen.getByTestId("history-count").textContent).toBe("300 imports"));
    expect((screen.getByTestId("history-filter-outcome") as HTMLSelectElement).value).toBe("");
  });

  it("an import waiting for review links to Review", async () => {
    setup({ openAtStart: true, deactivated: 30 });
    const held = (await screen.findAllByTestId("history-row"))[0];
    expect(held.getAttribute("data-outcome")).toBe("held");
    expect(within(held).getByRole("link", { name: "Open in Review" }).getAttribute("href")).toBe("#/review");
  });

  it("with no imports says how to make one", async () => {
    setup({ history: [] });
    const empty = await screen.findByTestId("history-empty");
    expect(empty.textContent).toContain("No imports yet");
    expect(within(empty).getByTestId("history-go-review").getAttribute("href")).toBe("#/review");
  });

  it("a failure to load says what happened and offers Try again", async () => {
    let fail = true;
    const review = createReviewFake();
    mockRoster({
      history_imports: (args) => {
        if (fail) throw { code: "database_key_wrong", message: "Restore the key, then open Roster again." };
        return review.handlers.history_imports(args);
      },
    });
    render(<HistoryScreen />);
    const error = await screen.findByTestId("history-error");
    expect(error.getAttribute("data-code")).toBe("database_key_wrong");
    fail = false;
    fireEvent.click(within(error).getByRole("button", { name: "Try again" }));
    expect(await screen.findAllByTestId("history-row")).toHaveLength(3);
  });
});

describe("History: one import", () => {
  async function openImport(id: number) {
    const row = (await screen.findAllByTestId("history-row")).find((r) => r.dataset.importId === String(id))!;
    fireEvent.click(within(row).getByTestId("history-open"));
    return screen.findByTestId("import-detail");
  }

  it("opens from the timeline with its outcome, mapping version and counts, and changed people only", async () => {
    const { calls } = setup();
    const detail = await openImport(3);
    expect(window.location.hash).toBe("#/history?import=3");
    await within(detail).findByTestId("import-detail-mapping-version");
    expect(within(detail).getByTestId("import-detail-mapping-version").textContent).toBe("Version 2");
    expect(detail.textContent).toContain("Applied");
    expect(detail.textContent).toContain("Scheduled");
    expect(within(detail).getByTestId("import-count-updated").textContent).toContain("7");
    const lines = await within(detail).findAllByTestId("import-line");
    // 2 new + 7 updated + 1 deactivated; the 238 unchanged people are left out.
    expect(screen.getByTestId("import-lines-count").textContent).toBe("10 people");
    expect(lines.every((l) => l.dataset.kind !== "unchanged")).toBe(true);
    const query = calls.filter((c) => c.command === "review_changes").at(-1)?.args as { importId: number; query: { changed_only: boolean } };
    expect(query.importId).toBe(3);
    expect(query.query.changed_only).toBe(true);

    fireEvent.click(screen.getByTestId("import-show-unchanged"));
    await waitFor(() => expect(screen.getByTestId("import-lines-count").textContent).toBe("248 people"));
  });

  it("shows each changed field as before → after, with a link to the person's timeline", async () => {
    setup();
    await openImport(3);
    fireEvent.change(await screen.findByTestId("import-filter-kind"), { target: { value: "updated" } });
    await waitFor(() => expect(screen.getByTestId("import-lines-count").textContent).toBe("7 people"));
    const updated = screen.getAllByTestId("import-line").filter((l) => l.dataset.kind === "updated");
    const facts = updated.flatMap((l) => within(l).getAllByTestId("import-line-fact").map((f) => f.textContent));
    expect(facts.some((f) => /^Job title: \S.* → Senior /.test(f ?? ""))).toBe(true);
    const person = within(updated[0]).getByTestId("import-line-person");
    expect(person.getAttribute("href")).toMatch(/^#\/directory\?person=\d+$/);
  });

  it("filters by search, and the kind counts filter too", async () => {
    const { calls } = setup();
    await openImport(3);
    await screen.findAllByTestId("import-line");
    fireEvent.click(screen.getByTestId("import-count-deactivated"));
    await waitFor(() => expect(screen.getByTestId("import-lines-count").textContent).toBe("1 person"));
    fireEvent.change(screen.getByTestId("import-search"), { target: { value: "nobody-here" } });
    await screen.findByTestId("import-lines-empty");
    const query = calls.filter((c) => c.command === "review_changes").at(-1)?.args as { query: { kind: string; search: string } };
    expect(query.query).toMatchObject({ kind: "deactivated", search: "nobody-here" });
  });

  it("a failed import says why, and a guardrail says what tripped", async () => {
    const history = manyImports({ count: 300, today: "2026-11-20" });
    const failed = history.find((s) => s.outcome === "failed")!;
    const held = history.find((s) => s.guardrail.tripped)!;
    setup({ history });
    window.location.hash = `#/history?import=${failed.import_id}`;
    const detail = await screen.findByTestId("import-detail-failure");
    expect(detail.textContent).toContain(failed.error);
    act(() => {
      window.location.hash = `#/history?import=${held.import_id}`;
    });
    const guardrail = await screen.findByTestId("import-detail-guardrail");
    expect(guardrail.textContent).toContain("more than your limit of 25 people");
  });

  it("Export CSV shows where the file went and how many rows it has; cancelling shows nothing", async () => {
    setup();
    await openImport(3);
    await screen.findAllByTestId("import-line");
    await act(async () => fireEvent.click(screen.getByTestId("import-export-csv")));
    const done = await screen.findByTestId("export-done");
    expect(done.textContent).toContain(`${exportFolder}/roster-import-3.csv`);
    expect(done.textContent).toMatch(/Saved [\d,]+ rows to/);
  });

  it("a cancelled save dialog is not a failure, and an export error says what happened", async () => {
    const review = createReviewFake({ exportCancelled: true });
    let fail = false;
    mockRoster({
      ...review.handlers,
      export_import_csv: (args) => {
        if (fail) throw { code: "export_failed", message: "Roster could not write /mnt/usb/roster-import-3.csv: the disk is full." };
        return review.handlers.export_import_csv(args);
      },
    });
    window.location.hash = "#/history?import=3";
    render(<HistoryScreen />);
    await screen.findAllByTestId("import-line");
    await act(async () => fireEvent.click(screen.getByTestId("import-export-csv")));
    expect(screen.queryByTestId("export-done")).toBeNull();
    expect(screen.queryByTestId("export-error")).toBeNull();
    fail = true;
    await act(async () => fireEvent.click(screen.getByTestId("import-export-csv")));
    const error = await screen.findByTestId("export-error");
    expect(error.getAttribute("data-code")).toBe("export_failed");
    expect(error.textContent).toContain("the disk is full");
  });

  // The core's reply (recorded/review.json); the old fake refused with invalid_input and its own wording.
  it("a link to an import the database does not have shows the core's refusal", async () => {
    window.location.hash = "#/history?import=999";
    setup();
    const error = await screen.findByTestId("import-detail-error");
    expect(error.getAttribute("data-code")).toBe("no_open_import");
    expect(error.textContent).toContain("There is no import 999. Run a new preview.");
  });

  it("the first applied import reads as the baseline: people already employed, not joiners", async () => {
    setup();
    const rows = await screen.findAllByTestId("history-row");
    const first = rows.find((r) => r.dataset.importId === "1")!;
    expect(within(first).getByTestId("history-baseline").textContent).toBe("Baseline: 240 people already employed");
    expect(first.textContent).toContain("Not counted as joiners");
    expect(within(first).queryByTestId("history-counts")).toBeNull();
    // A later applied import is not.
    const later = rows.find((r) => r.dataset.importId === "3")!;
    expect(within(later).queryByTestId("history-baseline")).toBeNull();

    const detail = await openImport(1);
    const note = await within(detail).findByTestId("import-detail-baseline");
    expect(note.textContent).toContain("Baseline: 240 people already employed");
    expect(note.textContent).toContain("They are not counted as joiners");
  });

  it("an import whose details the retention setting removed says so, not that it changed no one", async () => {
    const pruned: ImportSummary = { ...pastImports[0], import_id: 5, details_removed: true };
    const quiet: ImportSummary = {
      ...pastImports[0],
      import_id: 4,
      counts: { ...pastImports[0].counts, new: 0, updated: 0, deactivated: 0, unchanged: 248 },
    };
    setup({ history: [pruned, quiet, ...pastImports] });
    const rows = await screen.findAllByTestId("history-row");
    const prunedRow = rows.find((r) => r.dataset.importId === "5")!;
    expect(within(prunedRow).getByTestId("history-details-removed").textContent).toBe("Details removed by the retention setting");
    expect(within(prunedRow).getByTestId("history-counts").textContent).toBe("+2 new · 7 updated · 1 deactivated");
    expect(within(rows.find((r) => r.dataset.importId === "4")!).queryByTestId("history-details-removed")).toBeNull();

    const detail = await openImport(5);
    expect((await within(detail).findByTestId("import-detail-details-removed")).textContent).toContain(
      "who it changed is no longer stored",
    );
    const empty = await within(detail).findByTestId("import-lines-empty");
    expect(empty.textContent).toContain("Details removed by the retention setting");
    expect(empty.textContent).not.toContain("changed no one");
    // The counts stay.
    expect(within(detail).getByTestId("import-count-updated").textContent).toContain("7");

    fireEvent.click(screen.getByTestId("import-detail-back"));
    const quietDetail = await openImport(4);
    expect((await within(quietDetail).findByTestId("import-lines-empty")).textContent).toBe("This import changed no one.");
    expect(within(quietDetail).queryByTestId("import-detail-details-removed")).toBeNull();
  });

  it("All imports goes back to the timeline", async () => {
    setup();
    await openImport(2);
    fireEvent.click(screen.getByTestId("import-detail-back"));
    await screen.findAllByTestId("history-row");
    expect(window.location.hash).toBe("#/history");
  });
});

describe("History: charts", () => {
  const points = [
    { import_id: 1, date: "2026-01-05", headcount: 598 },
    { import_id: 9, date: "2026-02-02", headcount: 590 },
    { import_id: 20, date: "2026-03-09", headcount: 612 },
  ];
  const months = [
    { month: "2026-01", joiners: 4, leavers: 6, rehires: 0 },
    { month: "2026-02", joiners: 18, leavers: 2, rehires: 1 },
    { month: "2026-03", joiners: 3, leavers: 3, rehires: 0 },
  ];

  it("says in words what each chart shows", () => {
    expect(headcountSummary(points)).toBe(
      `Headcount 612 on ${formatDay("2026-03-09")}, up 14 since ${formatDay("2026-01-05")}. Lowest 590, highest 612 over 3 applied imports.`,
    );
    expect(flowSummary(months)).toMatch(/: 25 joiners, 11 leavers and 1 rehire; most joiners in .*\(18\)\.$/);
  });

  it("counts from the baseline, whose people are not joiners", () => {
    const baseline = { import_id: 1, date: "2026-01-05", headcount: 598 };
    expect(headcountSummary(points, baseline)).toBe(
      `Headcount 612 on ${formatDay("2026-03-09")}, up 14 since the baseline on ${formatDay("2026-01-05")}. Lowest 590, highest 612 over 3 applied imports.`,
    );
    expect(headcountSummary(points.slice(0, 1), baseline)).toBe(`Headcount 598 on ${formatDay("2026-01-05")}, the baseline.`);
    expect(flowSummary(months, baseline)).toMatch(
      new RegExp(`\\(18\\)\\. Counted from the baseline on ${formatDay("2026-01-05")}: the 598 people already employed then are not joiners\\.$`),
    );
    expect(flowSummary([{ month: "2026-01", joiners: 0, leavers: 0, rehires: 0 }], baseline)).toBe(
      `No one has joined or left since the baseline on ${formatDay("2026-01-05")}; the 598 people already employed then are not joiners.`,
    );
  });

  it("shows both charts with their summaries and switches each to a real table", async () => {
    mockRoster({ history_charts: () => ({ baseline: { import_id: 1, date: "2026-01-05", headcount: 598 }, headcount: points, months }) });
    window.location.hash = "#/history?tab=charts";
    render(<HistoryScreen />);
    const headcount = await screen.findByTestId("chart-headcount");
    expect(within(headcount).getByTestId("chart-headcount-summary").textContent).toContain("Headcount 612 on");
    expect(within(headcount).getByTestId("chart-headcount-summary").textContent).toContain("since the baseline on");
    fireEvent.click(within(headcount).getByTestId("chart-headcount-toggle"));
    const table = within(headcount).getByRole("table");
    const cells = within(table).getAllByRole("row").map((r) => r.textContent);
    expect(cells[1]).toBe(`${formatDay("2026-03-09")}20612`);
    const flows = screen.getByTestId("chart-flows");
    fireEvent.click(within(flows).getByTestId("chart-flows-toggle"));
    expect(within(flows).getAllByRole("row")).toHaveLength(4);
    expect(within(flows).getByRole("columnheader", { name: "Joiners" })).toBeTruthy();
  });

  it("with no applied import says what to do next", async () => {
    mockRoster({ history_charts: () => ({ baseline: null, headcount: [], months: [] }) });
    window.location.hash = "#/history?tab=charts";
    render(<HistoryScreen />);
    const empty = await screen.findByTestId("charts-empty");
    expect(empty.textContent).toContain("Preview an import on Review and approve it");
  });
});

describe("History: lifecycle events", () => {
  function openEvents(options: Parameters<typeof setup>[0] = {}) {
    window.location.hash = "#/history?tab=events";
    return setup({ history: manyImports({ count: 300, today: "2026-11-20" }), ...options });
  }

  it("filters by kind, department and dates, sending exactly that query", async () => {
    const { calls } = openEvents();
    await screen.findAllByTestId("events-row");
    await waitFor(() => expect(screen.getByTestId("events-filter-department").querySelectorAll("option").length).toBeGreaterThan(2));
    fireEvent.change(screen.getByTestId("events-filter-kind"), { target: { value: "joiner" } });
    fireEvent.change(screen.getByTestId("events-filter-department"), { target: { value: "Engineering" } });
    fireEvent.change(screen.getByTestId("events-from"), { target: { value: "2026-07-01" } });
    fireEvent.change(screen.getByTestId("events-to"), { target: { value: "2026-09-30" } });
    await waitFor(() =>
      expect(lastQuery<EventQuery>(calls, "history_events")).toEqual({
        kind: "joiner",
        department: "Engineering",
        location: null,
        from: "2026-07-01",
        to: "2026-09-30",
        offset: 0,
        limit: 100,
      }),
    );
    await waitFor(() => {
      const rows = screen.getAllByTestId("events-row");
      expect(rows.every((r) => r.dataset.eventKind === "joiner" && r.dataset.department === "Engineering")).toBe(true);
      expect(rows.every((r) => r.dataset.day! >= "2026-07-01" && r.dataset.day! <= "2026-09-30")).toBe(true);
    });
  });

  it("Last quarter fills in the calendar quarter before this one", async () => {
    openEvents();
    await screen.findAllByTestId("events-row");
    fireEvent.click(screen.getByTestId("events-last-quarter"));
    const quarter = lastQuarter();
    expect((screen.getByTestId("events-from") as HTMLInputElement).value).toBe(quarter.from);
    expect((screen.getByTestId("events-to") as HTMLInputElement).value).toBe(quarter.to);
    expect(screen.getByTestId("events-last-quarter").getAttribute("aria-pressed")).toBe("true");
    expect(lastQuarter(new Date(2026, 10, 23))).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(lastQuarter(new Date(2026, 1, 10))).toEqual({ from: "2025-10-01", to: "2025-12-31" });
  });

  it("Export CSV exports exactly the filtered events and says where they went", async () => {
    const { calls, history } = openEvents();
    await screen.findAllByTestId("events-row");
    fireEvent.change(screen.getByTestId("events-filter-kind"), { target: { value: "leaver" } });
    await waitFor(() => expect(screen.getAllByTestId("events-row").every((r) => r.dataset.eventKind === "leaver")).toBe(true));
    await act(async () => fireEvent.click(screen.getByTestId("events-export-csv")));
    const done = await screen.findByTestId("export-done");
    const leavers = history.events().filter((e) => e.kind === "leaver").length;
    expect(done.textContent).toBe(`Saved ${leavers} events to ${exportFolder}/roster-events.csv`);
    expect(lastQuery<EventQuery>(calls, "export_events_csv")).toMatchObject({ kind: "leaver", department: null, from: null, to: null });
    // A new filter drops the old confirmation.
    fireEvent.change(screen.getByTestId("events-filter-kind"), { target: { value: "" } });
    await waitFor(() => expect(screen.queryByTestId("export-done")).toBeNull());
  });

  it("with no events yet says where they come from", async () => {
    window.location.hash = "#/history?tab=events";
    setup({ history: [] as ImportSummary[] });
    const empty = await screen.findByTestId("events-empty");
    expect(empty.textContent).toContain("recorded when an import is applied");
  });
});

describe("History on the core's own answers (three imports of the sandbox company, and one rejected)", () => {
  function setupRecorded(hash: string) {
    window.location.hash = hash;
    const review = createReviewFake({ history: recordedImports });
    const calls = mockRoster({ ...review.handlers, ...createHistoryFake(review.imports, { recorded: true }).handlers });
    render(<HistoryScreen />);
    return calls;
  }

  it("lists the imports newest first, the first applied one as the baseline", async () => {
    setupRecorded("#/history");
    const rows = await screen.findAllByTestId("history-row");
    expect(rows.map((r) => [r.dataset.importId, r.dataset.outcome])).toEqual([
      ["4", "rejected"],
      ["3", "applied"],
      ["2", "applied"],
      ["1", "applied"],
    ]);
    expect(within(rows[3]).getByTestId("history-baseline").textContent).toBe("Baseline: 215 people already employed");
  });

  it("lists the events newest first, leaves out the baseline's people, and offers the directory's departments, most people first", async () => {
    setupRecorded("#/history?tab=events");
    await screen.findAllByTestId("events-row");
    const days = screen.getAllByTestId("events-row").map((r) => r.dataset.day!);
    expect(days[0]).toBe("2026-01-19");
    expect([...days].sort().reverse()).toEqual(days);
    expect(screen.getAllByTestId("events-row").some((r) => r.dataset.eventKind === "baseline")).toBe(false);
    const department = screen.getByTestId("events-filter-department") as HTMLSelectElement;
    await waitFor(() => expect(department.options.length).toBeGreaterThan(2));
    expect(Array.from(department.options).slice(1, 4).map((o) => o.value)).toEqual(["Engineering", "Manufacturing", "Customer Support"]);
  });
});
