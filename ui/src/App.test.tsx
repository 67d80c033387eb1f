// The whole shell: starts on Welcome, follows the sidebar and its setup progress, surfaces storage problems,
// opens About.
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import { navigate } from "./shared/router/hashRoute";
import type { RouteId } from "./shared/router/routes";
import { brokenStorageAppInfo } from "./test/appInfoFixture";
import { connected } from "./test/connectionFixture";
import { createMappingFake, defaultSpec } from "./test/mappingFake";
import { deferred, mockRoster } from "./test/mockRoster";
import { createReviewFake } from "./test/reviewFake";
import { pastImports } from "./test/reviewFixture";

const noImports = { total: 0, offset: 0, imports: [] };

async function goTo(route: RouteId) {
  await act(async () => {
    navigate(route);
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe("App", () => {
  it("opens on the welcome screen with both ways to start", async () => {
    mockRoster();
    render(<App />);
    expect(screen.getByTestId("welcome-title").textContent).toContain("Welcome to Roster");
    expect(screen.getByTestId("welcome-connect").textContent).toContain("Connect TriNet");
    expect(screen.getByTestId("welcome-sandbox").textContent).toContain("Try the sandbox company");
    expect(await screen.findByText("Not connected")).toBeTruthy();
  });

  it("shows each screen's title, marks placeholders, and focuses the title", async () => {
    mockRoster({ review_open: () => null, history_imports: () => noImports });
    render(<App />);
    await goTo("connect");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Connect TriNet");
    expect(screen.queryByTestId("coming-next")).toBeNull();
    await goTo("mapping");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Map fields");
    expect(screen.queryByTestId("coming-next")).toBeNull();
    const expectedTitles: [RouteId, string, boolean][] = [
      ["review", "Review and approve", false],
      ["history", "History", false],
      ["directory", "Directory", false],
      ["settings", "Settings", false],
    ];
    for (const [route, title, placeholder] of expectedTitles) {
      await goTo(route);
      const heading = screen.getByRole("heading", { level: 1 });
      expect(heading.textContent).toBe(title);
      expect(document.activeElement).toBe(heading);
      expect(screen.queryByTestId("coming-next")?.textContent ?? null).toBe(placeholder ? "Coming next" : null);
    }
  });

  it("starts the sandbox from Welcome, shows progress, then lands on Connect as connected", async () => {
    const started = deferred<unknown>();
    const sandbox = { ...connected, profile: "sandbox" as const, company_name: "Riverstone Tools" };
    mockRoster({ start_sandbox: () => started.promise });
    render(<App />);
    await screen.findByText("Not connected");
    fireEvent.click(screen.getByTestId("welcome-sandbox"));
    const button = screen.getByTestId("welcome-sandbox") as HTMLButtonElement;
    expect(button.textContent).toBe("Starting the sandbox company…");
    expect(button.disabled).toBe(true);
    await act(async () => started.resolve(sandbox));
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Connect TriNet"));
    expect(screen.getByTestId("connect-summary-title").textContent).toBe("Connected — Riverstone Tools");
    expect(screen.getByTestId("connection-status").textContent).toContain("Riverstone Tools");
    expect(screen.getAllByTestId("sandbox-badge").length).toBe(2);
  });

  it("shows a sandbox that fails to start in place, with its headline and message", async () => {
    mockRoster({
      start_sandbox: () => {
        throw { code: "sandbox_failed", message: "Port 0 was refused. Restart Roster and try again." };
      },
    });
    render(<App />);
    fireEvent.click(screen.getByTestId("welcome-sandbox"));
    const error = await screen.findByTestId("welcome-sandbox-error");
    expect(error.textContent).toContain("The sandbox company didn't start");
    expect(error.textContent).toContain("Restart Roster and try again.");
    expect(screen.getByTestId("welcome-title")).toBeTruthy();
  });

  it("re-checks a saved connection once on start, and a failed check becomes Needs attention", async () => {
    const calls = mockRoster({
      connection_status: () => connected,
      check_connection: () => ({
        ...connected,
        state: "needs_attention",
        problem: { code: "unreachable", message: "Check your network, then choose Check again." },
      }),
    });
    render(<App />);
    await waitFor(() => expect(screen.getByTestId("connection-status").textContent).toContain("Needs attention"));
    expect(calls.filter((c) => c.command === "check_connection").length).toBe(1);
    expect(screen.getByTestId("setup-progress").textContent).toBe("Check Connect");
  });

  it("turns a rejected background check into Needs attention instead of a crash", async () => {
    mockRoster({
      connection_status: () => connected,
      check_connection: () => {
        throw { code: "timeout", message: "TriNet did not answer in 30 seconds. Try again later." };
      },
    });
    render(<App />);
    await waitFor(() => expect(screen.getByTestId("connection-status").textContent).toContain("Needs attention"));
  });

  it("puts a storage error in front of the admin on every screen", async () => {
    mockRoster({
      app_info: () => brokenStorageAppInfo,
      connection_status: () => {
        throw brokenStorageAppInfo.storage_error;
      },
    });
    render(<App />);
    const banner = await screen.findByTestId("storage-banner");
    expect(banner.textContent).toContain("Restore the keyring entry");
    expect(screen.getByTestId("connection-status").textContent).toBe("Status unavailable");
    await goTo("history");
    expect(screen.getByTestId("storage-banner")).toBeTruthy();
  });

  it("opens About from the sidebar and hides the rest of the app from assistive tech", async () => {
    mockRoster();
    const { container } = render(<App />);
    fireEvent.click(screen.getByTestId("open-about"));
    expect(screen.getByRole("dialog", { name: "About Roster" })).toBeTruthy();
    expect(container.querySelector(".app-shell")?.hasAttribute("inert")).toBe(true);
    expect((await screen.findByTestId("about-version")).textContent).toBe("1.2.3");
  });

  describe("setup progress in the sidebar", () => {
    const applied = pastImports.filter((s) => s.outcome === "applied");
    const notApplied = pastImports.filter((s) => s.outcome !== "applied");

    function progress() {
      return screen.getByTestId("setup-progress").textContent;
    }

    function connectedWith(options: { saved: boolean; history: typeof pastImports; openAtStart?: boolean }) {
      const mapping = createMappingFake({ saved: options.saved });
      const review = createReviewFake({ history: options.history, openAtStart: options.openAtStart, pageDelayMs: 5 });
      return mockRoster({
        connection_status: () => connected,
        check_connection: () => connected,
        ...mapping.handlers,
        ...review.handlers,
      });
    }

    it("stays on step 1 while not connected, without asking about mapping or imports", async () => {
      const calls = mockRoster({ mapping_current: () => ({ version: null }), history_imports: () => noImports });
      render(<App />);
      await screen.findByText("Not connected");
      expect(progress()).toBe("Step 1 of 3");
      expect(calls.some((c) => c.command === "mapping_current" || c.command === "history_imports")).toBe(false);
    });

    it("says step 2 when connected and nothing is mapped yet", async () => {
      connectedWith({ saved: false, history: notApplied });
      render(<App />);
      await waitFor(() => expect(screen.getByTestId("connection-status").textContent).toContain("Connected"));
      await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
      expect(progress()).toBe("Step 2 of 3");
    });

    it("says step 3 once a mapping is saved, and Done once an import was applied", async () => {
      connectedWith({ saved: true, history: notApplied });
      const { unmount } = render(<App />);
      await waitFor(() => expect(progress()).toBe("Step 3 of 3"));
      expect(screen.getByTestId("nav-mapping").textContent).toContain(", done");
      expect(screen.getByTestId("nav-review").textContent).toContain("you are here");
      unmount();

      const calls = connectedWith({ saved: true, history: [...notApplied, ...applied] });
      render(<App />);
      await waitFor(() => expect(progress()).toBe("Done, all 3 steps complete"));
      expect(screen.getByTestId("nav-review").textContent).toContain(", done");
      expect(calls.find((c) => c.command === "history_imports")?.args).toEqual({
        query: { outcome: "applied", trigger: null, from: null, to: null, offset: 0, limit: 1 },
      });
    });

    it("reads the progress again when the route changes", async () => {
      let version: number | null = null;
      mockRoster({
        connection_status: () => connected,
        check_connection: () => connected,
        mapping_current: () => ({ version, spec: defaultSpec, saved_at: version === null ? null : "2026-11-20T09:30:00Z" }),
        history_imports: () => noImports,
        review_open: () => null,
      });
      render(<App />);
      await waitFor(() => expect(progress()).toBe("Step 2 of 3"));
      version = 1; // Saved elsewhere (the CLI, say).
      await goTo("history");
      await waitFor(() => expect(progress()).toBe("Step 3 of 3"));
    });

    it("moves on to step 3 as soon as Map fields saves the first mapping", async () => {
      connectedWith({ saved: false, history: [] });
      render(<App />);
      await goTo("mapping");
      await waitFor(() => expect(progress()).toBe("Step 2 of 3"));
      const save = (await screen.findByTestId("mapping-save")) as HTMLButtonElement;
      await waitFor(() => expect(save.disabled).toBe(false));
      fireEvent.click(save);
      await screen.findByTestId("mapping-saved");
      await waitFor(() => expect(progress()).toBe("Step 3 of 3"));
    });

    it("says Done as soon as Review applies an import", async () => {
      connectedWith({ saved: true, history: [], openAtStart: true });
      render(<App />);
      await goTo("review");
      await waitFor(() => expect(progress()).toBe("Step 3 of 3"));
      const approve = (await screen.findByTestId("review-approve")) as HTMLButtonElement;
      await waitFor(() => expect(approve.disabled).toBe(false));
      fireEvent.click(approve);
      fireEvent.click(within(screen.getByTestId("review-approve-dialog")).getByTestId("review-confirm-approve"));
      await screen.findByTestId("review-applied");
      await waitFor(() => expect(progress()).toBe("Done, all 3 steps complete"));
    });
  });
});
