// One person's timeline: current values, every change across imports newest first with before → after and a link
// to its import, lifecycle events, errors, and a panel that keeps focus inside and closes on Escape.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { createDirectoryFake, type DirectoryFakeOptions } from "../../test/directoryFake";
import { createMappingFake } from "../../test/mappingFake";
import { mockRoster } from "../../test/mockRoster";
import { PersonTimelinePanel } from "./PersonTimelinePanel";

function setup(personId: number, options: DirectoryFakeOptions = {}) {
  const calls = mockRoster({ ...createMappingFake({ saved: true }).handlers, ...createDirectoryFake(options).handlers });
  const onClose = vi.fn();
  render(<PersonTimelinePanel personId={personId} onClose={onClose} />);
  return { calls, onClose };
}

describe("PersonTimelinePanel", () => {
  it("interleaves account actions per target with import changes, newest first, failures with the target's words", async () => {
    setup(1);
    const panel = await screen.findByTestId("person-timeline");
    await waitFor(() => expect(within(panel).getAllByTestId("person-account")).toHaveLength(3));
    const entries = Array.from(panel.querySelectorAll(".person-entries")).at(-1)!.querySelectorAll(":scope > li");
    const order = Array.from(entries).map((e) => `${e.getAttribute("data-testid")}:${e.getAttribute("data-push-id") ?? e.getAttribute("data-import-id")}`);
    expect(order).toEqual(["person-account:10", "person-account:9", "person-change:42", "person-change:37", "person-account:5", "person-change:1"]);
    const [failed, updated, created] = within(panel).getAllByTestId("person-account");
    expect(failed.getAttribute("data-ok")).toBe("false");
    expect(within(failed).getByTestId("person-account-failed").textContent).toContain("409 uniqueness");
    expect(failed.textContent).toContain("Added to Engineering");
    expect(updated.textContent).toContain("title: Engineer → Principal Engineer");
    expect(updated.textContent).toContain("Okta");
    expect(created.textContent).toContain("Create");
    expect(within(created).getByRole("link").getAttribute("href")).toBe("#/history?push=5");
  });

  it("shows who it is, their current values, and every change newest first", async () => {
    const { calls } = setup(1);
    const panel = await screen.findByTestId("person-timeline");
    await waitFor(() => expect(within(panel).getByRole("heading", { level: 2 }).textContent).toBe("Grace Hopper"));
    expect(calls.find((c) => c.command === "person_timeline")?.args).toEqual({ personId: 1 });
    expect(panel.textContent).toContain("Active");
    expect(panel.textContent).toContain("00001000001");
    const values = screen.getByTestId("person-values");
    expect(values.textContent).toContain("Job title");
    expect(values.textContent).toContain("Principal Engineer");
    expect(values.textContent).toContain("Cost center");

    const changes = screen.getAllByTestId("person-change");
    expect(changes.map((c) => c.getAttribute("data-import-id"))).toEqual(["42", "37", "1"]);
    const newest = changes[0];
    expect(within(newest).getByTestId("person-import-link").getAttribute("href")).toBe("#/history?import=42");
    expect(newest.textContent).toContain("Import #42");
    expect(newest.textContent).toContain("Scheduled");
    expect(newest.textContent).toContain("Applied");
    expect(newest.textContent).toContain("Updated");
    expect(newest.textContent).toContain("Department: Sales → Engineering");
    expect(newest.querySelector("time")?.getAttribute("dateTime")).toBe("2026-03-02");
    expect(changes[1].textContent).toContain("Rejected");
    expect(changes[1].textContent).toContain("Job title: Analyst → Principal Engineer");
    expect(changes[2].textContent).toContain("New");
  });

  it("lists lifecycle events with their kind as icon and text", async () => {
    setup(2);
    await screen.findAllByTestId("person-change");
    const events = screen.getAllByTestId("person-event");
    expect(events.map((e) => e.getAttribute("data-kind"))).toEqual(["leave_start", "mover", "baseline"]);
    expect(events[0].textContent).toContain("Leave start");
    expect(events[0].querySelector("svg")).toBeTruthy();
    expect(events[1].textContent).toContain("Mover");
    expect(events[1].textContent).toContain("Department: Sales → Engineering");
    // Already employed at the first import: in the directory since the baseline, not a joiner.
    expect(events[2].textContent).toContain("Baseline");
    expect(events[2].textContent).toContain("In the directory since the baseline");
    expect(events[2].textContent).not.toContain("Joiner");
    expect(within(events[2]).getByTestId("person-import-link").getAttribute("href")).toBe("#/history?import=1");
    expect(screen.getByTestId("person-values").nextElementSibling?.textContent).toMatch(/^In the directory since the baseline \(Import #1\)/);
  });

  it("says when the person is not in the directory", async () => {
    setup(999_999);
    const error = await screen.findByTestId("person-timeline-error");
    expect(error.getAttribute("data-code")).toBe("no_such_person");
    expect(error.textContent).toContain("There is no person 999999");
  });

  it("keeps Tab inside and closes on Escape", async () => {
    const { onClose } = setup(1);
    const panel = await screen.findByTestId("person-timeline");
    await screen.findAllByTestId("person-change");
    expect(document.activeElement).toBe(panel);
    const focusable = Array.from(panel.querySelectorAll<HTMLElement>("a[href], button"));
    const last = focusable[focusable.length - 1];
    last.focus();
    fireEvent.keyDown(last, { key: "Tab" });
    expect(document.activeElement).toBe(focusable[0]);
    fireEvent.keyDown(focusable[0], { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(last);
    fireEvent.keyDown(panel, { key: "Escape" });
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
