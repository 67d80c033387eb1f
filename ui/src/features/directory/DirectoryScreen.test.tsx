// The Directory as an admin uses it: counts, search and filters that send the right query, the empty and error
// states, CSV export of the filtered people, and opening and closing a person's timeline from the keyboard.
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { DirectoryQuery } from "../../ipc/bindings";
import { createDirectoryFake, directoryExportPath, type DirectoryFakeOptions } from "../../test/directoryFake";
import { createMappingFake } from "../../test/mappingFake";
import { mockRoster, type Call } from "../../test/mockRoster";
import { DirectoryScreen, searchDebounceMs } from "./DirectoryScreen";

function setup(options: DirectoryFakeOptions = {}, extra: Record<string, (args: unknown) => unknown> = {}) {
  const fake = createDirectoryFake(options);
  const mapping = createMappingFake({ saved: true });
  const calls = mockRoster({ ...mapping.handlers, ...fake.handlers, ...extra });
  render(<DirectoryScreen />);
  return { fake, calls };
}

function queries(calls: Call[]): DirectoryQuery[] {
  return calls.filter((c) => c.command === "directory_people").map((c) => (c.args as { query: DirectoryQuery }).query);
}

function lastQuery(calls: Call[]): DirectoryQuery {
  const all = queries(calls);
  return all[all.length - 1];
}

const rows = () => screen.queryAllByTestId("directory-row");
const total = () => screen.getByTestId("directory-total").textContent;

async function typeSearch(value: string) {
  fireEvent.change(screen.getByTestId("directory-search"), { target: { value } });
  await act(() => new Promise((resolve) => setTimeout(resolve, searchDebounceMs + 20)));
}

describe("Directory", () => {
  it("shows everyone's count with separators and a bounded number of rows", async () => {
    const { calls } = setup({ people: 5_000 });
    await waitFor(() => expect(total()).toBe("5,004"));
    expect(screen.getByTestId("directory-total").parentElement?.textContent).toBe("5,004 people");
    expect(rows().length).toBeGreaterThan(5);
    expect(rows().length).toBeLessThanOrEqual(40);
    expect(lastQuery(calls)).toEqual({ search: null, department: null, location: null, status: null, offset: 0, limit: 200 });
    const first = rows()[0];
    expect(first.getAttribute("data-person-id")).toBeTruthy();
    expect(first.textContent).toMatch(/Active|On leave|Pending start|Former/);
  });

  it("offers each filter's values with counts from the facets, most people first", async () => {
    // The sandbox company as the core holds it after three imports.
    setup({ recorded: true });
    await waitFor(() => expect(total()).toBe("257"));
    const department = screen.getByTestId("directory-filter-department") as HTMLSelectElement;
    expect(Array.from(department.options).map((o) => o.textContent)).toEqual([
      "All departments",
      "Engineering (50)",
      "Manufacturing (36)",
      "Customer Support (34)",
      "Sales (27)",
      "Product (21)",
      "Marketing (20)",
      "Operations (15)",
      "Finance (12)",
      "IT (11)",
      "People (11)",
      "Data Science (9)",
      "Design (5)",
      "Executive (4)",
      "Legal (2)",
    ]);
    const status = screen.getByTestId("directory-filter-status") as HTMLSelectElement;
    expect(Array.from(status.options).map((o) => o.value)).toEqual(["", "active", "on_leave", "pending_start", "former"]);
    expect(status.options[1].textContent).toBe("Active (209)");
  });

  it("sends the search (debounced) and each filter in the query, and shows the matching count", async () => {
    const { calls } = setup({ people: 240 });
    await waitFor(() => expect(total()).toBe("244"));
    await typeSearch("hopper");
    await waitFor(() => expect(total()).toBe("1"));
    expect(lastQuery(calls).search).toBe("hopper");
    expect(screen.getByTestId("directory-total").parentElement?.textContent).toBe("1 of 244 people");
    expect(rows()).toHaveLength(1);
    expect(rows()[0].textContent).toContain("Grace Hopper");
    expect(rows()[0].textContent).toContain("00001000001");

    await typeSearch("");
    fireEvent.change(screen.getByTestId("directory-filter-department"), { target: { value: "Finance" } });
    await waitFor(() => expect(lastQuery(calls).department).toBe("Finance"));
    fireEvent.change(screen.getByTestId("directory-filter-location"), { target: { value: "Austin" } });
    await waitFor(() => expect(lastQuery(calls).location).toBe("Austin"));
    fireEvent.change(screen.getByTestId("directory-filter-status"), { target: { value: "former" } });
    await waitFor(() => expect(lastQuery(calls)).toMatchObject({ department: "Finance", location: "Austin", status: "former", search: null }));
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(rows().every((r) => r.textContent?.includes("Former") && r.textContent.includes("Finance"))).toBe(true);
  });

  it("says when no one matches and Clear filters starts over", async () => {
    const { calls } = setup();
    await waitFor(() => expect(total()).toBe("244"));
    await typeSearch("nobody-by-this-name");
    const empty = await screen.findByTestId("directory-no-match");
    expect(empty.textContent).toContain("No one matches “nobody-by-this-name”");
    fireEvent.click(within(empty).getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(total()).toBe("244"));
    expect(lastQuery(calls).search).toBeNull();
    expect((screen.getByTestId("directory-search") as HTMLInputElement).value).toBe("");
  });

  it("with no imports yet, says to run the first import in Review", async () => {
    setup({ empty: true });
    const empty = await screen.findByTestId("directory-empty");
    expect(empty.textContent).toContain("No one in the directory yet");
    expect(within(empty).getByTestId("directory-go-review").getAttribute("href")).toBe("#/review");
    expect(screen.queryByTestId("directory-table")).toBeNull();
  });

  it("shows a failed page with what to do and tries again", async () => {
    let fail = true;
    const fake = createDirectoryFake();
    setup({}, {
      directory_people: (args) => {
        if (fail) throw { code: "internal", message: "The database could not be read. Restart Roster." };
        return fake.handlers.directory_people(args);
      },
    });
    const error = await screen.findByTestId("directory-error");
    expect(error.textContent).toContain("The database could not be read");
    fail = false;
    fireEvent.click(within(error).getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(total()).toBe("244"));
  });

  it("shows a failure to read the facets", async () => {
    setup({}, { directory_facets: () => Promise.reject({ code: "database_key_missing", message: "The key is gone." }) });
    const error = await screen.findByTestId("directory-error");
    expect(error.getAttribute("data-code")).toBe("database_key_missing");
  });

  it("exports exactly the filtered people and says where the file went", async () => {
    const { calls } = setup();
    await waitFor(() => expect(total()).toBe("244"));
    fireEvent.change(screen.getByTestId("directory-filter-department"), { target: { value: "Engineering" } });
    await waitFor(() => expect(lastQuery(calls).department).toBe("Engineering"));
    await waitFor(() => expect(total()).not.toBe("244"));
    const shown = total();
    fireEvent.click(screen.getByTestId("directory-export-csv"));
    const done = await screen.findByTestId("export-done");
    expect(done.textContent).toContain(`${shown} people`);
    expect(done.textContent?.replace(/\s/g, "")).toContain(directoryExportPath.replace(/\s/g, ""));
    const exported = calls.find((c) => c.command === "export_directory_csv")?.args as { query: DirectoryQuery };
    expect(exported.query).toMatchObject({ department: "Engineering", search: null, location: null, status: null });
    // Changing the filters makes the confirmation stale, so it goes.
    fireEvent.change(screen.getByTestId("directory-filter-department"), { target: { value: "" } });
    await waitFor(() => expect(screen.queryByTestId("export-done")).toBeNull());
  });

  it("shows a failed export, and nothing for a cancelled one", async () => {
    setup({ exportOutcome: "fail" });
    await waitFor(() => expect(total()).toBe("244"));
    fireEvent.click(screen.getByTestId("directory-export-csv"));
    expect((await screen.findByTestId("export-error")).textContent).toContain("Choose another folder");
  });

  it("a cancelled export shows nothing", async () => {
    const { calls } = setup({ exportOutcome: "cancel" });
    await waitFor(() => expect(total()).toBe("244"));
    fireEvent.click(screen.getByTestId("directory-export-csv"));
    await waitFor(() => expect(calls.some((c) => c.command === "export_directory_csv")).toBe(true));
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
    expect(screen.queryByTestId("export-done")).toBeNull();
    expect(screen.queryByTestId("export-error")).toBeNull();
  });

  it("opens a person's timeline with Enter on a row, and Escape closes it and gives focus back", async () => {
    setup();
    await waitFor(() => expect(total()).toBe("244"));
    const row = rows()[0];
    expect(row.tabIndex).toBe(0);
    expect(rows()[1].tabIndex).toBe(-1);
    row.focus();
    fireEvent.keyDown(row, { key: "ArrowDown" });
    await waitFor(() => expect(document.activeElement).toBe(rows()[1]));
    const second = rows()[1];
    const id = second.getAttribute("data-person-id");
    fireEvent.keyDown(second, { key: "Enter" });
    await waitFor(() => expect(window.location.hash).toBe(`#/directory?person=${id}`));
    const panel = await screen.findByTestId("person-timeline");
    expect(panel.getAttribute("role")).toBe("dialog");
    await screen.findAllByTestId("person-change");
    fireEvent.keyDown(panel, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("person-timeline")).toBeNull());
    expect(window.location.hash).toBe("#/directory");
    expect(document.activeElement).toBe(second);
  });

  it("opens a person clicked in the table", async () => {
    setup();
    await waitFor(() => expect(total()).toBe("244"));
    await typeSearch("lovelace");
    await waitFor(() => expect(rows()).toHaveLength(1));
    fireEvent.click(rows()[0]);
    const panel = await screen.findByTestId("person-timeline");
    await waitFor(() => expect(within(panel).getByRole("heading", { level: 2 }).textContent).toBe("Ada Lovelace"));
  });

  it("opens the person the address names (#/directory?person=<id>)", async () => {
    window.location.hash = "#/directory?person=3";
    setup();
    const panel = await screen.findByTestId("person-timeline");
    await waitFor(() => expect(within(panel).getByRole("heading", { level: 2 }).textContent).toBe("John Backus"));
    expect(within(panel).getAllByTestId("person-event").map((e) => e.getAttribute("data-kind"))).toContain("leaver");
  });
});
