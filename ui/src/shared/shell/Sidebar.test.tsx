// The sidebar tells the admin whether TriNet is connected and where they are in setup.
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { brokenStorageAppInfo, healthyAppInfo } from "../../test/appInfoFixture";
import { Sidebar } from "./Sidebar";

const noop = () => {};

describe("Sidebar", () => {
  it('says "Not connected" and step 1 of 3 before TriNet is configured', () => {
    render(<Sidebar route="welcome" appInfo={{ status: "ready", data: healthyAppInfo }} onOpenAbout={noop} />);
    expect(screen.getByTestId("connection-status").textContent).toBe("Not connected");
    expect(screen.getByTestId("setup-progress").textContent).toBe("Step 1 of 3");
    expect(screen.getByTestId("nav-connect").textContent).toContain("you are here");
  });

  it('says "Connected" and moves on to mapping once TriNet is configured', () => {
    render(<Sidebar route="welcome" appInfo={{ status: "ready", data: brokenStorageAppInfo }} onOpenAbout={noop} />);
    expect(screen.getByTestId("connection-status").textContent).toBe("Connected");
    expect(screen.getByTestId("setup-progress").textContent).toBe("Step 2 of 3");
    expect(screen.getByTestId("nav-connect").textContent).toContain("done");
    expect(screen.getByTestId("nav-mapping").textContent).toContain("you are here");
  });

  it("never claims a connection it has not confirmed", () => {
    const { rerender } = render(<Sidebar route="welcome" appInfo={{ status: "loading" }} onOpenAbout={noop} />);
    expect(screen.getByTestId("connection-status").textContent).toBe("Checking connection…");
    rerender(
      <Sidebar
        route="welcome"
        appInfo={{ status: "failed", error: { code: "internal", message: "x" } }}
        onOpenAbout={noop}
      />,
    );
    expect(screen.getByTestId("connection-status").textContent).toBe("Status unavailable");
  });

  it("marks only the current screen's link as the current page", () => {
    render(<Sidebar route="history" appInfo={{ status: "loading" }} onOpenAbout={noop} />);
    const current = screen.getAllByRole("link").filter((link) => link.getAttribute("aria-current") === "page");
    expect(current.map((link) => link.dataset.testid)).toEqual(["nav-history"]);
  });

  it("links every screen by its route", () => {
    render(<Sidebar route="welcome" appInfo={{ status: "loading" }} onOpenAbout={noop} />);
    for (const route of ["welcome", "connect", "mapping", "review", "history", "directory", "settings"]) {
      expect(screen.getByTestId(`nav-${route}`).getAttribute("href")).toBe(`#/${route}`);
    }
  });
});
