// The whole shell: starts on Welcome, follows the sidebar, surfaces storage problems, opens About.
import { mockIPC } from "@tauri-apps/api/mocks";
import { act, fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import { navigate } from "./shared/router/hashRoute";
import type { RouteId } from "./shared/router/routes";
import { brokenStorageAppInfo, healthyAppInfo } from "./test/appInfoFixture";

async function goTo(route: RouteId) {
  await act(async () => {
    navigate(route);
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe("App", () => {
  it("opens on the welcome screen with both ways to start", async () => {
    mockIPC(() => healthyAppInfo);
    render(<App />);
    expect(screen.getByTestId("welcome-title").textContent).toContain("Welcome to Roster");
    expect(screen.getByTestId("welcome-connect").textContent).toContain("Connect TriNet");
    expect(screen.getByTestId("welcome-sandbox").textContent).toContain("Try the sandbox company");
    expect(await screen.findByText("Not connected")).toBeTruthy();
  });

  it("shows each screen's title, marks placeholders, and focuses the title", async () => {
    mockIPC(() => healthyAppInfo);
    render(<App />);
    const expectedTitles: [RouteId, string][] = [
      ["connect", "Connect TriNet"],
      ["mapping", "Map fields"],
      ["review", "Review and approve"],
      ["history", "Import history"],
      ["directory", "Directory"],
      ["settings", "Settings"],
    ];
    for (const [route, title] of expectedTitles) {
      await goTo(route);
      const heading = screen.getByRole("heading", { level: 1 });
      expect(heading.textContent).toBe(title);
      expect(document.activeElement).toBe(heading);
      expect(screen.getByTestId("coming-next").textContent).toBe("Coming next");
    }
  });

  it("takes the sandbox path to the Connect screen for now", async () => {
    mockIPC(() => healthyAppInfo);
    render(<App />);
    await act(async () => {
      fireEvent.click(screen.getByTestId("welcome-sandbox"));
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Connect TriNet");
  });

  it("puts a storage error in front of the admin on every screen", async () => {
    mockIPC(() => brokenStorageAppInfo);
    render(<App />);
    const banner = await screen.findByTestId("storage-banner");
    expect(banner.textContent).toContain("Restore the keyring entry");
    await goTo("history");
    expect(screen.getByTestId("storage-banner")).toBeTruthy();
  });

  it("opens About from the sidebar and hides the rest of the app from assistive tech", async () => {
    mockIPC(() => healthyAppInfo);
    const { container } = render(<App />);
    fireEvent.click(screen.getByTestId("open-about"));
    expect(screen.getByRole("dialog", { name: "About Roster" })).toBeTruthy();
    expect(container.querySelector(".app-shell")?.hasAttribute("inert")).toBe(true);
    expect((await screen.findByTestId("about-version")).textContent).toBe("1.2.3");
  });
});
