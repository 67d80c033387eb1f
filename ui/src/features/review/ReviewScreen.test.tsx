// Review as an admin uses it: preview with progress and Cancel, the summary cards as filters, decisions on
// needs-attention rows, the guardrail's typed confirmation, approve, reject, a stale import, and CSV export.
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ChangeQuery } from "../../ipc/bindings";
import { createReviewFake, type ReviewFakeOptions } from "../../test/reviewFake";
import { mockRoster, type Call } from "../../test/mockRoster";
import { searchDebounceMs } from "./ChangeTable";
import { ReviewScreen } from "./ReviewScreen";

function setup(options: ReviewFakeOptions = {}) {
  const fake = createReviewFake(options);
  const calls = mockRoster(fake.handlers);
  render(<ReviewScreen />);
  return { fake, calls };
}

function rows() {
  return screen.queryAllByTestId("review-row");
}

function lastCall(calls: Call[], command: string) {
  return [...calls].reverse().find((c) => c.command === command);
}

function count(kind: string) {
  return screen.getByTestId(`review-count-${kind}`).textContent;
}

async function waitForRows(n: number, kind?: string) {
  await waitFor(() => {
    expect(rows()).toHaveLength(n);
    if (kind) expect(rows().every((r) => r.getAttribute("data-kind") === kind)).toBe(true);
  });
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("Review with no open import", () => {
  it("previews with progress from the Channel, then shows the import", async () => {
    const { calls } = setup({ pageDelayMs: 20 });
    fireEvent.click(await screen.findByTestId("review-preview"));
    const progress = await screen.findByTestId("review-progress");
    await waitFor(() => expect(within(progress).getByTestId("review-progress-text").textContent).toMatch(/page [1-4] of 4/));
    expect(Number(within(progress).getByRole("progressbar").getAttribute("aria-valuenow"))).toBeGreaterThan(0);
    await screen.findByTestId("review-count-new");
    expect(count("new")).toBe("5");
    expect(lastCall(calls, "review_preview")?.args).toHaveProperty("onProgress");
  });

  it("Cancel stops the preview and says nothing changed", async () => {
    const { calls } = setup({ pageDelayMs: 40 });
    fireEvent.click(await screen.findByTestId("review-preview"));
    await screen.findByTestId("review-progress");
    fireEvent.click(screen.getByTestId("review-cancel"));
    expect(await screen.findByTestId("review-notice")).toHaveProperty("textContent", expect.stringContaining("Preview cancelled"));
    expect(await screen.findByTestId("review-empty")).toBeTruthy();
    expect(calls.some((c) => c.command === "review_cancel")).toBe(true);
    expect(screen.queryByTestId("review-error")).toBeNull();
  });
});

describe("Summary cards", () => {
  it("show every kind with its count", async () => {
    setup({ openAtStart: true });
    await screen.findByTestId("review-count-new");
    expect({
      new: count("new"),
      updated: count("updated"),
      deactivated: count("deactivated"),
      reactivated: count("reactivated"),
      leave_started: count("leave_started"),
      leave_ended: count("leave_ended"),
      unchanged: count("unchanged"),
      excluded: count("excluded"),
      needs_attention: count("needs_attention"),
    }).toEqual({
      new: "5",
      updated: "19",
      deactivated: "1",
      reactivated: "1",
      leave_started: "2",
      leave_ended: "1",
      unchanged: "221",
      excluded: "0",
      needs_attention: "6",
    });
    expect(screen.getByTestId("review-card-needs_attention").textContent).toContain("6 undecided");
  });

  it("filter the table: a card shows its kind, pressing it again shows everyone", async () => {
    const { calls } = setup({ openAtStart: true });
    await screen.findByTestId("review-count-new");
    // The people needing a decision come first.
    await waitForRows(6, "needs_attention");

    const updated = screen.getByTestId("review-card-updated");
    fireEvent.click(updated);
    expect(updated.getAttribute("aria-pressed")).toBe("true");
    await waitFor(() => expect(screen.getByTestId("review-table").getAttribute("data-total")).toBe("19"));
    expect(rows().every((r) => r.getAttribute("data-kind") === "updated")).toBe(true);
    expect((lastCall(calls, "review_changes")?.args as { query: ChangeQuery }).query).toMatchObject({ kind: "updated", offset: 0 });
    const mover = rows().find((r) => r.textContent?.includes("Melissa Bradley"))!;
    expect(mover.textContent).toContain("Department: Manufacturing → Product");
    expect(mover.textContent).toContain("+1 more");

    fireEvent.click(updated);
    expect(updated.getAttribute("aria-pressed")).toBe("false");
    await waitFor(() => expect(screen.getByTestId("review-table").getAttribute("data-total")).toBe("256"));
    // Only the rows in view exist.
    expect(rows().length).toBeLessThan(30);
  });

  it("search narrows the table after a pause in typing", async () => {
    const { calls } = setup({ openAtStart: true });
    await screen.findByTestId("review-count-new");
    fireEvent.click(screen.getByTestId("review-card-updated"));
    await waitFor(() => expect(screen.getByTestId("review-table").getAttribute("data-total")).toBe("19"));
    fireEvent.change(screen.getByTestId("review-search"), { target: { value: "HODGE" } });
    await waitForRows(1, "updated");
    expect(rows()[0].textContent).toContain("Melissa Hodge");
    expect((lastCall(calls, "review_changes")?.args as { query: ChangeQuery }).query.search).toBe("HODGE");
    expect(searchDebounceMs).toBeGreaterThan(0);
  });
});

describe("Needs attention", () => {
  it("resolve buttons call review_resolve, show the choice, and a second click takes it back", async () => {
    const { calls, fake } = setup({ openAtStart: true });
    await waitForRows(6, "needs_attention");
    const row = rows().find((r) => r.textContent?.includes("Possible duplicate"))!;
    expect(
      within(row)
        .getAllByRole("button")
        .map((b) => b.getAttribute("data-testid")),
    ).toEqual(["review-row-details", "resolve-link", "resolve-approve", "resolve-leave_out"]);
    const invalid = rows().find((r) => r.textContent?.includes("Invalid record"))!;
    expect(within(invalid).queryByTestId("resolve-approve")).toBeNull();

    fireEvent.click(within(row).getByTestId("resolve-link"));
    await waitFor(() => expect(within(row).getByTestId("resolve-link").getAttribute("aria-pressed")).toBe("true"));
    const seq = Number(row.getAttribute("data-seq"));
    expect(lastCall(calls, "review_resolve")?.args).toEqual({ importId: fake.open()!.import_id, seq, resolution: "link" });
    await waitFor(() => expect(screen.getByTestId("review-card-needs_attention").textContent).toContain("5 undecided"));
    expect(screen.getByTestId("review-announcer").textContent).toContain("Jonathan Sullivan: Same person");

    fireEvent.click(within(row).getByTestId("resolve-link"));
    await waitFor(() => expect(within(row).getByTestId("resolve-link").getAttribute("aria-pressed")).toBe("false"));
    expect(lastCall(calls, "review_resolve")?.args).toMatchObject({ seq, resolution: null });
    await waitFor(() => expect(screen.getByTestId("review-card-needs_attention").textContent).toContain("6 undecided"));
  });

  it("the reason filter shows one reason at a time", async () => {
    setup({ openAtStart: true });
    await waitForRows(6, "needs_attention");
    fireEvent.change(screen.getByTestId("review-reason"), { target: { value: "duplicate_email" } });
    await waitForRows(2, "needs_attention");
    expect(rows().map((r) => r.textContent?.includes("Duplicate email"))).toEqual([true, true]);
    fireEvent.change(screen.getByTestId("review-reason"), { target: { value: "missing_from_source" } });
    await waitForRows(1, "needs_attention");
    expect(rows()[0].textContent).toContain("Asher Duncan");
    // Missing for 1 run of the 3 that propose a deactivation: the core proposes no status change yet.
    expect(within(rows()[0]).getByTestId("resolve-approve").textContent).toBe("Approve");
  });
});

describe("Approve", () => {
  it("a held import: Approve stays off until the confirmation is typed, then applies with confirmGuardrail", async () => {
    const { calls } = setup({ openAtStart: true, held: true });
    const banner = await screen.findByTestId("review-guardrail");
    // Each of the core's three rules.
    expect(banner.textContent).toContain("30 people would be deactivated: more than 10% of the 215 people active.");
    expect(banner.textContent).toContain("30 people would be deactivated: more than the limit of 25.");
    expect(banner.textContent).toContain("17 work email or employee ID changes: more than 5% of the 215 people active.");
    const approve = screen.getByTestId("review-approve") as HTMLButtonElement;
    expect(approve.disabled).toBe(true);

    const input = screen.getByTestId("review-guardrail-input");
    fireEvent.change(input, { target: { value: "APPL" } });
    expect(approve.disabled).toBe(true);
    fireEvent.change(input, { target: { value: " apply " } });
    expect(approve.disabled).toBe(false);
    expect(banner.textContent).toContain("Confirmed");

    fireEvent.click(approve);
    const dialog = screen.getByTestId("review-approve-dialog");
    expect(dialog.textContent).toContain("30 people would be deactivated");
    fireEvent.click(within(dialog).getByTestId("review-confirm-approve"));
    await screen.findByTestId("review-applied");
    expect(lastCall(calls, "review_approve")?.args).toMatchObject({ confirmGuardrail: true });
  });

  it("asks first, says what stays out, then shows the applied numbers and a link to History", async () => {
    const { calls } = setup({ openAtStart: true });
    await waitForRows(6, "needs_attention");
    const row = rows().find((r) => r.textContent?.includes("Privacy block"))!;
    fireEvent.click(within(row).getByTestId("resolve-approve"));
    await waitFor(() => expect(screen.getByTestId("review-card-needs_attention").textContent).toContain("5 undecided"));

    fireEvent.click(screen.getByTestId("review-approve"));
    const dialog = screen.getByTestId("review-approve-dialog");
    expect(screen.getByTestId("review-approve-unresolved").textContent).toContain(
      "5 needs-attention items have no decision and will stay out of the directory",
    );
    expect(dialog.textContent).toContain("1 decided item is applied as you chose");
    expect(document.activeElement?.textContent).toBe("Cancel");
    fireEvent.click(within(dialog).getByTestId("review-confirm-approve"));

    const applied = await screen.findByTestId("review-applied");
    expect(lastCall(calls, "review_approve")?.args).toMatchObject({ confirmGuardrail: false });
    expect(screen.getByTestId("review-applied-attention").textContent).toBe("1");
    expect(screen.getByTestId("review-applied-left-out").textContent).toBe("5");
    expect(within(applied).getByTestId("review-go-history").getAttribute("href")).toBe("#/history");
    expect(screen.queryByTestId("review-approve-dialog")).toBeNull();
  });

  it("a stale import: the error says so and offers Preview again, which plans a fresh import", async () => {
    setup({ openAtStart: true, staleOnApprove: true });
    await screen.findByTestId("review-count-new");
    fireEvent.click(screen.getByTestId("review-approve"));
    fireEvent.click(screen.getByTestId("review-confirm-approve"));
    const error = await screen.findByTestId("review-error");
    expect(error.getAttribute("data-code")).toBe("import_stale");
    expect(error.textContent).toContain("Your directory changed since this preview");
    expect(screen.queryByTestId("review-approve-dialog")).toBeNull();
    await waitFor(() => expect(screen.queryByTestId("review-approve")).toBeNull());
    expect(screen.getByTestId("review-reject")).toBeTruthy();

    fireEvent.click(within(error).getByTestId("review-preview-again"));
    await waitFor(() => expect(screen.getByText("Import 5")).toBeTruthy());
    expect(screen.queryByTestId("review-error")).toBeNull();
    expect(screen.getByTestId("review-approve")).toBeTruthy();
  });

  it("an import opened stale shows only Reject and Preview again", async () => {
    setup({ openAtStart: true, stale: true });
    const banner = await screen.findByTestId("review-stale");
    expect(within(banner).getByTestId("review-preview-again")).toBeTruthy();
    expect(screen.queryByTestId("review-approve")).toBeNull();
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(rows().flatMap((r) => within(r).queryAllByTestId(/^resolve-/)).every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
  });
});

describe("Reject and export", () => {
  it("Reject asks first and then says nothing changed", async () => {
    const { calls } = setup({ openAtStart: true });
    await screen.findByTestId("review-count-new");
    fireEvent.click(screen.getByTestId("review-reject"));
    fireEvent.click(screen.getByTestId("review-confirm-reject"));
    const rejected = await screen.findByTestId("review-rejected");
    expect(rejected.textContent).toContain("Nothing in your directory changed");
    expect(calls.some((c) => c.command === "review_reject")).toBe(true);
  });

  it("Export CSV saves through the system's dialog and says where the file went", async () => {
    const { calls } = setup({ openAtStart: true });
    await screen.findByTestId("review-count-new");
    await act(async () => fireEvent.click(screen.getByTestId("review-export")));
    const done = await screen.findByTestId("export-done");
    expect(done.textContent).toMatch(/^Saved [\d,]+ lines to \/home\/.*\/roster-import-4\.csv$/);
    expect(calls.find((c) => c.command === "export_import_csv")?.args).toEqual({ importId: 4 });
  });

});
