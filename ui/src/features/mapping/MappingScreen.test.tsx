// Map fields as an admin uses it: find a TriNet field, map it by keyboard or menu, add a custom field, edit a
// value map, set the exclusion rule, watch the preview follow, save, restore, and the not-connected state.
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { MappingSpec } from "../../ipc/bindings";
import { ConnectionProvider } from "../../shared/connection/ConnectionContext";
import { connected, notConnected } from "../../test/connectionFixture";
import { createMappingFake, type MappingFakeOptions } from "../../test/mappingFake";
import { mockRoster, type Call } from "../../test/mockRoster";
import { previewDebounceMs } from "./MappingEditor";
import { MappingScreen } from "./MappingScreen";
import { hrefFor, useRoute } from "../../shared/router/hashRoute";
import { NavigationGuardDialog } from "../../shared/router/NavigationGuardDialog";
import { usePendingNavigation } from "../../shared/router/navigationGuard";

const groupA = "employmentInfo.customGroupA";
const groupB = "employmentInfo.customGroupB";

function setup(options: MappingFakeOptions & { connection?: typeof connected } = {}) {
  const fake = createMappingFake(options);
  const calls = mockRoster({ connection_status: () => options.connection ?? connected, ...fake.handlers });
  render(
    <ConnectionProvider checkOnStart={false}>
      <MappingScreen />
    </ConnectionProvider>,
  );
  return { fake, calls };
}

async function ready() {
  await screen.findByTestId(`mapping-source-${groupA}`);
  await screen.findByTestId("mapping-preview");
}

function select(testId: string): HTMLSelectElement {
  return screen.getByTestId(testId) as HTMLSelectElement;
}

function input(testId: string): HTMLInputElement {
  return screen.getByTestId(testId) as HTMLInputElement;
}

function announced(): string {
  return screen.getByTestId("mapping-announcer").textContent ?? "";
}

function lastSpec(calls: Call[], command: string): MappingSpec {
  const call = [...calls].reverse().find((c) => c.command === command);
  return (call?.args as { spec: MappingSpec }).spec;
}

async function addCustomField(label: string, { group = false } = {}) {
  fireEvent.click(screen.getByTestId("mapping-add-field"));
  fireEvent.change(input("mapping-new-field-label"), { target: { value: label } });
  if (group) fireEvent.click(screen.getByTestId("mapping-new-field-group"));
  fireEvent.click(screen.getByTestId("mapping-new-field-submit"));
}

function previewCell(employeeId: string, field: string): string {
  const row = screen.getByTestId(`mapping-preview-row-${employeeId}`);
  return row.querySelector(`td[data-field="${field}"]`)?.textContent ?? "";
}

afterEach(() => {
  vi.useRealTimers();
});

describe("TriNet fields", () => {
  it("lists each field with kind, samples and a fill rate, and filters by path or sample value", async () => {
    setup();
    await ready();
    const card = screen.getByTestId(`mapping-source-${groupA}`);
    expect(card.textContent).toContain("231 of 250 (92%)");
    expect(card.textContent).toContain("Sales Team");
    expect(card.textContent).toContain("text");

    fireEvent.change(screen.getByTestId("mapping-search"), { target: { value: "customgroup" } });
    const shown = () => document.querySelectorAll(".source-card");
    expect(Array.from(shown()).map((c) => c.getAttribute("data-testid"))).toEqual([
      `mapping-source-${groupA}`,
      `mapping-source-${groupB}`,
    ]);

    fireEvent.change(screen.getByTestId("mapping-search"), { target: { value: "San Francisco" } });
    expect(shown()).toHaveLength(1);
    expect(shown()[0].getAttribute("data-testid")).toBe("mapping-source-employmentInfo.location.locationName");

    fireEvent.change(screen.getByTestId("mapping-search"), { target: { value: "zzz" } });
    expect(screen.getByTestId("mapping-search-empty").textContent).toContain("“zzz”");
  });
});

describe("Mapping by keyboard", () => {
  it("picks up with Space, moves with arrows, drops with Space, and announces each step", async () => {
    const { calls } = setup();
    await ready();
    await addCustomField("Team");
    // The new field's source menu gets focus, ready for the next step.
    await waitFor(() => expect(document.activeElement).toBe(select("mapping-source-select-team")));
    const card = screen.getByTestId(`mapping-source-${groupA}`);
    card.focus();

    fireEvent.keyDown(card, { key: " " });
    await waitFor(() =>
      expect(announced()).toBe(
        `Picked up ${groupA}. Use arrow keys to choose a directory field, Space to drop, Escape to cancel.`,
      ),
    );
    expect(card.getAttribute("aria-pressed")).toBe("true");

    fireEvent.keyDown(card, { key: "ArrowDown" });
    expect(screen.getByTestId("mapping-target-employee_id").className).toContain("target--over");
    await waitFor(() => expect(announced()).toMatch(/^Employee ID, 1 of 15\./));

    fireEvent.keyDown(card, { key: "ArrowUp" });
    expect(screen.getByTestId("mapping-target-team").className).toContain("target--over");
    expect(screen.getByTestId("mapping-target-employee_id").className).not.toContain("target--over");
    await waitFor(() => expect(announced()).toMatch(/^Team, 15 of 15\. Not mapped yet\./));

    fireEvent.keyDown(card, { key: " " });
    await waitFor(() => expect(announced()).toBe(`Dropped ${groupA} on Team. Team now reads ${groupA} directly.`));
    expect(select("mapping-source-select-team").value).toBe(groupA);
    expect(document.querySelector(".target--over")).toBeNull();
    await waitFor(() =>
      expect(lastSpec(calls, "mapping_preview").mappings).toContainEqual({
        field: "team",
        transform: { type: "direct", source: groupA },
      }),
    );
  });

  it("Escape cancels without changing anything", async () => {
    setup();
    await ready();
    const card = screen.getByTestId(`mapping-source-${groupB}`);
    card.focus();
    fireEvent.keyDown(card, { key: "Enter" });
    fireEvent.keyDown(card, { key: "ArrowDown" });
    fireEvent.keyDown(card, { key: "ArrowDown" });
    expect(screen.getByTestId("mapping-target-work_email").className).toContain("target--over");
    fireEvent.keyDown(card, { key: "Escape" });
    await waitFor(() => expect(announced()).toBe(`Cancelled. ${groupB} was not mapped.`));
    expect(select("mapping-source-select-work_email").value).toBe("employmentInfo.workEmail");
    expect(document.querySelector(".target--over")).toBeNull();
    expect(screen.queryByTestId("mapping-unsaved")).toBeNull();
  });
});

describe("Directory fields", () => {
  it("maps through the Source menu and can unmap a field", async () => {
    setup();
    await ready();
    fireEvent.change(select("mapping-source-select-job_title"), { target: { value: groupA } });
    expect(select("mapping-source-select-job_title").value).toBe(groupA);
    expect(screen.getByTestId("mapping-unsaved")).toBeTruthy();
    await waitFor(() => expect(announced()).toBe(`Job title now reads ${groupA} directly.`));

    fireEvent.change(select("mapping-source-select-job_title"), { target: { value: "" } });
    expect(screen.getByTestId("mapping-target-job_title").getAttribute("data-mapped")).toBe("false");
  });

  it("adds a custom field with a name made from its label, refusing a taken name", async () => {
    const { calls } = setup();
    await ready();
    fireEvent.click(screen.getByTestId("mapping-add-field"));
    fireEvent.change(input("mapping-new-field-label"), { target: { value: "Cost centre (EU)" } });
    expect(input("mapping-new-field-name").value).toBe("cost_centre_eu");

    fireEvent.change(input("mapping-new-field-name"), { target: { value: "department" } });
    fireEvent.click(screen.getByTestId("mapping-new-field-submit"));
    expect(screen.getByTestId("mapping-add-form").textContent).toContain("already called department");
    expect(screen.queryByTestId("mapping-target-department-1")).toBeNull();

    fireEvent.change(input("mapping-new-field-name"), { target: { value: "cost_centre" } });
    fireEvent.change(screen.getByTestId("mapping-new-field-kind"), { target: { value: "number" } });
    fireEvent.click(screen.getByTestId("mapping-new-field-group"));
    fireEvent.click(screen.getByTestId("mapping-new-field-submit"));

    const row = screen.getByTestId("mapping-target-cost_centre");
    expect(row.textContent).toContain("Cost centre (EU)");
    expect(row.textContent).toContain("Custom");
    expect(row.textContent).toContain("Group");
    expect(screen.queryByTestId("mapping-add-form")).toBeNull();
    await waitFor(() =>
      expect(lastSpec(calls, "mapping_check").custom_fields).toEqual([
        { name: "cost_centre", label: "Cost centre (EU)", kind: "number", core: false, drives_group: true },
      ]),
    );
  });

  it("edits a value map in the transform editor and shows the effect in the preview", async () => {
    setup();
    await ready();
    await addCustomField("Team", { group: true });
    fireEvent.change(select("mapping-source-select-team"), { target: { value: groupA } });
    await waitFor(() => expect(previewCell("00001000004", "team")).toBe("sales  team"));
    // Spelling that differs only by case and spacing is flagged.
    const warnings = await screen.findByTestId("mapping-group-warnings");
    expect(warnings.textContent).toContain("looks like");

    fireEvent.click(screen.getByTestId("mapping-transform-team"));
    const dialog = screen.getByTestId("mapping-transform-dialog");
    fireEvent.click(within(dialog).getByTestId("mapping-transform-type-value_map"));
    fireEvent.click(within(dialog).getByTestId("mapping-value-map-add-row"));
    expect(input("mapping-value-map-from-0").value).toBe("Platform");
    fireEvent.change(input("mapping-value-map-from-0"), { target: { value: "sales  team" } });
    fireEvent.change(input("mapping-value-map-to-0"), { target: { value: "Sales Team" } });
    fireEvent.click(within(dialog).getByTestId("mapping-value-map-add-row"));
    expect(input("mapping-value-map-from-1").value).toBe("Platform");
    fireEvent.click(within(dialog).getByRole("button", { name: "Remove row 2" }));
    fireEvent.change(input("mapping-value-map-default"), { target: { value: "Other" } });
    fireEvent.click(screen.getByTestId("mapping-transform-apply"));

    expect(screen.queryByTestId("mapping-transform-dialog")).toBeNull();
    expect(screen.getByTestId("mapping-summary-team").textContent).toBe(`${groupA} through a value map (1 row)`);
    await waitFor(() => expect(previewCell("00001000004", "team")).toBe("Sales Team"));
    expect(previewCell("00001000002", "team")).toBe("Other");
    await waitFor(() => expect(screen.queryByTestId("mapping-group-warnings")).toBeNull());
  });

  /** In the transform editor, Department through a value map of one row, applied. */
  function mapDepartmentThroughValueMap(from: string, to: string) {
    fireEvent.click(screen.getByTestId("mapping-transform-department"));
    const dialog = screen.getByTestId("mapping-transform-dialog");
    fireEvent.click(within(dialog).getByTestId("mapping-transform-type-value_map"));
    fireEvent.click(within(dialog).getByTestId("mapping-value-map-add-row"));
    fireEvent.change(input("mapping-value-map-from-0"), { target: { value: from } });
    fireEvent.change(input("mapping-value-map-to-0"), { target: { value: to } });
    fireEvent.click(screen.getByTestId("mapping-transform-apply"));
  }

  // The old fake matched value map rows case-sensitively; the core does not (recorded sandbox previews).
  it("maps a TriNet value through a value map row written in another case, as the core does", async () => {
    setup({ sandbox: true });
    await ready();
    expect(previewCell("00001000002", "department")).toBe("Engineering");
    mapDepartmentThroughValueMap("engineering", "Eng");
    await waitFor(() => expect(previewCell("00001000002", "department")).toBe("Eng"));
    // A value no row matches, with no default, stays as TriNet sends it.
    expect(previewCell("00001000001", "department")).toBe("Executive");
  });

  it("flags a value spelled like a group already in the directory until a value map matches its spelling", async () => {
    const { calls } = setup({ directoryGroups: { department: ["ENGINEERING", "Executive"] } });
    await ready();
    const warnings = await screen.findByTestId("mapping-group-warnings");
    const items = within(warnings)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(items).toEqual(["Department: Engineering looks like ENGINEERING, a group already in your directory"]);

    mapDepartmentThroughValueMap("Engineering", "ENGINEERING");
    await waitFor(() => expect(screen.queryByTestId("mapping-group-warnings")).toBeNull());
    expect(lastSpec(calls, "mapping_check").mappings.find((m) => m.field === "department")?.transform.type).toBe(
      "value_map",
    );
  });

  it("reorders a fallback chain and inserts template tokens", async () => {
    const { calls } = setup();
    await ready();
    fireEvent.click(screen.getByTestId("mapping-transform-preferred_name"));
    let dialog = screen.getByTestId("mapping-transform-dialog");
    expect(select("mapping-fallback-source-0").value).toBe("names[PRF].firstName");
    fireEvent.click(within(dialog).getByRole("button", { name: "Move source 2 up" }));
    expect(select("mapping-fallback-source-0").value).toBe("names[PRI].firstName");
    fireEvent.click(within(dialog).getByTestId("mapping-fallback-add"));
    fireEvent.change(select("mapping-fallback-source-2"), { target: { value: "alternateId" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Remove source 2" }));
    fireEvent.click(screen.getByTestId("mapping-transform-apply"));
    await waitFor(() =>
      expect(lastSpec(calls, "mapping_preview").mappings).toContainEqual({
        field: "preferred_name",
        transform: { type: "fallback", sources: ["names[PRI].firstName", "alternateId"] },
      }),
    );

    await addCustomField("Display name");
    fireEvent.click(screen.getByTestId("mapping-transform-display_name"));
    dialog = screen.getByTestId("mapping-transform-dialog");
    fireEvent.click(within(dialog).getByTestId("mapping-transform-type-template"));
    fireEvent.click(within(dialog).getByTestId("mapping-token-preferred_name"));
    fireEvent.change(input("mapping-template-input"), { target: { value: input("mapping-template-input").value + " " } });
    fireEvent.click(within(dialog).getByTestId("mapping-token-last_name"));
    expect(input("mapping-template-input").value).toBe("{preferred_name} {last_name}");
    fireEvent.click(screen.getByTestId("mapping-transform-apply"));
    expect(screen.getByTestId("mapping-summary-display_name").textContent).toBe("“{preferred_name} {last_name}”");
    await waitFor(() => expect(previewCell("00001000002", "display_name")).toBe("Grace Hopper"));
  });

  // The checks are Rust's recorded replies (src/test/recorded/mapping.json). The old fake had no warning for an
  // unmapped core field, and let a custom field with nothing mapped to it save.
  it.each([
    ["work_email", "Error: Work email: must be mapped: Roster matches people by it.", true],
    ["job_title", "Warning: Job title: is not mapped; it will stay empty in the directory.", false],
  ])("unmapping %s shows the core's check next to it: %s", async (field, said, blocks) => {
    setup();
    await ready();
    fireEvent.change(select(`mapping-source-select-${field}`), { target: { value: "" } });
    const problems = await screen.findByTestId(`mapping-problems-${field}`);
    expect(problems.textContent).toContain(said);
    expect(select(`mapping-source-select-${field}`).getAttribute("aria-invalid") === "true").toBe(blocks);
    expect((screen.getByTestId("mapping-save") as HTMLButtonElement).disabled).toBe(blocks);
  });

  it("keeps Save off while a new custom field has no TriNet field mapped", async () => {
    setup();
    await ready();
    await addCustomField("Team");
    const problems = await screen.findByTestId("mapping-problems-team");
    expect(problems.textContent).toContain("Error: Team: has no TriNet field mapped");
    expect((screen.getByTestId("mapping-save") as HTMLButtonElement).disabled).toBe(true);
  });
});

describe("Exclusion rule", () => {
  it("defaults the value to Yes and marks matching people Excluded in the preview", async () => {
    const { calls } = setup();
    await ready();
    expect(input("mapping-exclusion-value").disabled).toBe(true);
    const row = () => screen.getByTestId("mapping-preview-row-00001000005");
    expect(row().getAttribute("data-excluded")).toBe("false");

    fireEvent.change(select("mapping-exclusion-source"), { target: { value: groupB } });
    expect(input("mapping-exclusion-value").value).toBe("Yes");
    await waitFor(() => expect(row().getAttribute("data-excluded")).toBe("true"));
    expect(within(row()).getByText("Excluded")).toBeTruthy();
    expect(lastSpec(calls, "mapping_preview").exclusion).toEqual({ source: groupB, value: "Yes" });

    fireEvent.change(input("mapping-exclusion-value"), { target: { value: "No" } });
    await waitFor(() => expect(row().getAttribute("data-excluded")).toBe("false"));
  });

  // The old fake compared the value case-sensitively; the core does not (recorded sandbox previews).
  it("excludes people whose TriNet value matches the rule's in any case, as the core does", async () => {
    setup({ sandbox: true });
    await ready();
    const row = () => screen.getByTestId("mapping-preview-row-00001000002");
    expect(row().getAttribute("data-excluded")).toBe("false");
    fireEvent.change(select("mapping-exclusion-source"), { target: { value: groupB } });
    fireEvent.change(input("mapping-exclusion-value"), { target: { value: "no" } });
    await waitFor(() => expect(row().getAttribute("data-excluded")).toBe("true"));
    expect(within(row()).getByText("Excluded")).toBeTruthy();
    // The sandbox's first person has no value there at all.
    expect(screen.getByTestId("mapping-preview-row-00001000001").getAttribute("data-excluded")).toBe("false");
  });
});

describe("Live preview", () => {
  it("asks for a new preview 250 ms after the last change, not before", async () => {
    vi.useFakeTimers();
    const { calls } = setup();
    for (let i = 0; i < 20 && !screen.queryByTestId("mapping-preview"); i += 1) {
      await act(async () => {
        await vi.advanceTimersByTimeAsync(50);
      });
    }
    expect(screen.getByTestId("mapping-preview")).toBeTruthy();
    const previews = () => calls.filter((c) => c.command === "mapping_preview").length;
    const before = previews();

    fireEvent.change(select("mapping-source-select-job_title"), { target: { value: groupA } });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(previewDebounceMs - 50);
    });
    fireEvent.change(select("mapping-source-select-job_title"), { target: { value: groupB } });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(previewDebounceMs - 50);
    });
    expect(previews()).toBe(before);
    expect(screen.getByTestId("mapping-preview-status").textContent).toContain("Updating");

    await act(async () => {
      await vi.advanceTimersByTimeAsync(60);
    });
    expect(previews()).toBe(before + 1);
    expect(lastSpec(calls, "mapping_preview").mappings).toContainEqual({
      field: "job_title",
      transform: { type: "direct", source: groupB },
    });
    expect(previewCell("00001000001", "job_title")).toBe("No");
  });
});

describe("Save and history", () => {
  it("saves with a note and says which version and how many people change", async () => {
    const { calls } = setup();
    await ready();
    expect((screen.getByTestId("mapping-save") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(select("mapping-exclusion-source"), { target: { value: groupB } });
    expect(screen.getByTestId("mapping-unsaved").textContent).toContain("Unsaved changes");
    fireEvent.change(input("mapping-note"), { target: { value: "Leave out agency staff" } });
    await waitFor(() => expect((screen.getByTestId("mapping-save") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId("mapping-save"));

    const saved = await screen.findByTestId("mapping-saved");
    expect(saved.textContent).toContain("Saved as version 2 — the next import changes values for 21 people.");
    expect(screen.queryByTestId("mapping-unsaved")).toBeNull();
    const save = calls.find((c) => c.command === "mapping_save")!;
    expect(save.args).toMatchObject({ acknowledgeGroupWarnings: false, note: "Leave out agency staff" });
    const history = await screen.findByTestId("mapping-history-version-2");
    expect(history.textContent).toContain("Leave out agency staff");
  });

  it("needs the group-name acknowledgement before saving, and sends it", async () => {
    const { calls } = setup();
    await ready();
    await addCustomField("Team", { group: true });
    fireEvent.change(select("mapping-source-select-team"), { target: { value: groupA } });
    await screen.findByTestId("mapping-group-warnings");
    const save = screen.getByTestId("mapping-save") as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.click(screen.getByTestId("mapping-acknowledge"));
    // Enabled once the check of the last edit has answered too (it may still be running on a busy machine).
    await waitFor(() => expect(save.disabled).toBe(false));
    fireEvent.click(save);
    await screen.findByTestId("mapping-saved");
    expect(calls.find((c) => c.command === "mapping_save")!.args).toMatchObject({ acknowledgeGroupWarnings: true });
  });

  it("restores an old version after confirmation and shows the new version", async () => {
    const { calls } = setup();
    await ready();
    fireEvent.change(select("mapping-exclusion-source"), { target: { value: groupB } });
    await waitFor(() => expect((screen.getByTestId("mapping-save") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId("mapping-save"));
    await screen.findByTestId("mapping-history-version-2");
    expect(select("mapping-exclusion-source").value).toBe(groupB);

    fireEvent.click(screen.getByTestId("mapping-history-restore-1"));
    const dialog = screen.getByTestId("mapping-restore-dialog");
    expect(dialog.textContent).toContain("as a new version");
    expect(calls.some((c) => c.command === "mapping_restore")).toBe(false);
    fireEvent.click(within(dialog).getByTestId("mapping-restore-confirm"));

    await waitFor(() =>
      expect(screen.getByTestId("mapping-saved").textContent).toContain("Restored version 1 as version 3"),
    );
    expect(calls.find((c) => c.command === "mapping_restore")!.args).toEqual({ version: 1 });
    await screen.findByTestId("mapping-history-version-3");
    expect(select("mapping-exclusion-source").value).toBe("");
    expect(screen.queryByTestId("mapping-unsaved")).toBeNull();
  });

  it("shows a saved version read-only from View", async () => {
    setup();
    await ready();
    fireEvent.click(await screen.findByTestId("mapping-history-view-1"));
    const dialog = await screen.findByTestId("mapping-version-dialog");
    await within(dialog).findByText("Legal first name");
    expect(dialog.textContent).toContain("names[PRF].firstName, else names[PRI].firstName");
  });
});

describe("Empty and error states", () => {
  it("points to Connect when TriNet is not connected, without asking for the catalog", async () => {
    const { calls } = setup({ connection: notConnected });
    const empty = await screen.findByTestId("mapping-not-connected");
    expect(empty.textContent).toContain("Connect TriNet first");
    expect(screen.getByTestId("mapping-go-connect").getAttribute("href")).toBe("#/connect");
    expect(calls.some((c) => c.command === "mapping_catalog")).toBe(false);
  });

  it("shows the same empty state when the core answers not_connected", async () => {
    setup({ catalogError: { code: "not_connected", message: "Connect TriNet first." } });
    expect(await screen.findByTestId("mapping-not-connected")).toBeTruthy();
  });

  it("shows progress while reading TriNet, then a headline by code and the message on failure", async () => {
    setup({ catalogDelayMs: 30, catalogError: { code: "rate_limited", message: "Wait a minute and try again." } });
    expect(screen.getByText("Looking up the saved connection…")).toBeTruthy();
    const loading = await screen.findByTestId("mapping-loading");
    expect(loading.textContent).toContain("Reading employees from TriNet");
    await waitFor(() => expect(screen.getByTestId("mapping-progress-text").textContent).toMatch(/page \d of 4/));
    const error = await screen.findByTestId("mapping-error");
    expect(error.textContent).toContain("TriNet asked Roster to slow down");
    expect(error.textContent).toContain("Wait a minute and try again.");
  });
});

describe("MappingScreen reading TriNet", () => {
  it("shows the pages read so far, and Cancel stops the read with a way to read again", async () => {
    const { calls } = setup({ catalogDelayMs: 400 });
    const text = await screen.findByTestId("mapping-progress-text");
    await waitFor(() => expect(text.textContent).toBe("Fetching employees from TriNet: page 1 of 4 · 63 employees so far"));
    expect(Number(screen.getByRole("progressbar").getAttribute("aria-valuenow"))).toBe(25);
    fireEvent.click(screen.getByTestId("mapping-cancel"));
    expect(screen.getByTestId("mapping-cancel").textContent).toBe("Cancelling…");
    const stopped = await screen.findByTestId("mapping-cancelled");
    expect(stopped.textContent).toContain("Reading TriNet stopped");
    expect(calls.filter((c) => c.command === "mapping_cancel")).toHaveLength(1);
    expect(screen.queryByTestId("mapping-search")).toBeNull();

    fireEvent.click(screen.getByTestId("mapping-read-again"));
    await ready();
    expect(calls.filter((c) => c.command === "mapping_catalog")).toHaveLength(2);
  });
});

function RoutedMapping() {
  const route = useRoute();
  const pending = usePendingNavigation();
  return (
    <>
      <a href={hrefFor("review")} data-testid="nav-review">
        Review
      </a>
      {route === "mapping" ? <MappingScreen /> : <p data-testid="other-screen">{route}</p>}
      {pending && <NavigationGuardDialog pending={pending} />}
    </>
  );
}

describe("Leaving with unsaved changes", () => {
  async function setupRouted() {
    window.location.hash = "#/mapping";
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    const fake = createMappingFake({});
    mockRoster({ connection_status: () => connected, ...fake.handlers });
    render(
      <ConnectionProvider checkOnStart={false}>
        <RoutedMapping />
      </ConnectionProvider>,
    );
    await ready();
  }
  const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 20)));

  it("asks first; Keep editing stays on Map fields with the edit intact", async () => {
    await setupRouted();
    fireEvent.change(select("mapping-source-select-job_title"), { target: { value: groupA } });
    expect(screen.getByTestId("mapping-unsaved")).toBeTruthy();
    fireEvent.click(screen.getByTestId("nav-review"));
    await settle();

    const dialog = screen.getByTestId("nav-guard-dialog");
    expect(dialog.textContent).toContain("Discard unsaved mapping changes?");
    expect(dialog.textContent).toContain("since the last save will be lost");
    expect(document.activeElement).toBe(screen.getByTestId("nav-guard-keep"));
    fireEvent.click(screen.getByTestId("nav-guard-keep"));
    await settle();

    expect(screen.queryByTestId("nav-guard-dialog")).toBeNull();
    expect(window.location.hash).toBe("#/mapping");
    expect(screen.queryByTestId("other-screen")).toBeNull();
    expect(select("mapping-source-select-job_title").value).toBe(groupA);
    expect(screen.getByTestId("mapping-unsaved")).toBeTruthy();
  });

  it("Discard changes leaves for the chosen screen", async () => {
    await setupRouted();
    fireEvent.change(select("mapping-source-select-job_title"), { target: { value: groupA } });
    fireEvent.click(screen.getByTestId("nav-review"));
    await settle();
    fireEvent.click(screen.getByTestId("nav-guard-discard"));
    await settle();
    expect(window.location.hash).toBe("#/review");
    expect(screen.getByTestId("other-screen").textContent).toBe("review");
    expect(window.onbeforeunload).toBeNull();
  });

  it("does not ask without unsaved changes, or once they are saved", async () => {
    await setupRouted();
    expect(window.onbeforeunload).toBeNull();
    fireEvent.change(select("mapping-exclusion-source"), { target: { value: groupB } });
    await waitFor(() => expect(typeof window.onbeforeunload).toBe("function"));
    fireEvent.change(input("mapping-note"), { target: { value: "Leave out agency staff" } });
    await waitFor(() => expect((screen.getByTestId("mapping-save") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId("mapping-save"));
    await screen.findByTestId("mapping-saved");
    await waitFor(() => expect(window.onbeforeunload).toBeNull());

    fireEvent.click(screen.getByTestId("nav-review"));
    await settle();
    expect(screen.queryByTestId("nav-guard-dialog")).toBeNull();
    expect(screen.getByTestId("other-screen").textContent).toBe("review");
  });
});
