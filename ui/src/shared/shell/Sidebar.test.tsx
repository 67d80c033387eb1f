// The sidebar tells the admin whether TriNet is connected, whether this is the sandbox, and where they are in setup.
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { connected, needsAttention, notConnected, sandboxConnected } from "../../test/connectionFixture";
import { Sidebar } from "./Sidebar";

const noop = () => {};

describe("Sidebar", () => {
  it('says "Not connected" and step 1 of 3 before TriNet is connected', () => {
    render(<Sidebar route="welcome" connection={{ status: "ready", data: notConnected }} onOpenAbout={noop} />);
    expect(screen.getByTestId("connection-status").textContent).toBe("Not connected");
    expect(screen.getByTestId("setup-progress").textContent).toBe("Step 1 of 3");
    expect(screen.getByTestId("nav-connect").textContent).toContain("you are here");
    expect(screen.queryByTestId("sandbox-badge")).toBeNull();
  });

  it('says "Connected" with the company name and moves on to mapping', () => {
    render(<Sidebar route="welcome" connection={{ status: "ready", data: connected }} onOpenAbout={noop} />);
    const status = screen.getByTestId("connection-status");
    expect(status.textContent).toContain("Connected");
    expect(status.textContent).toContain("Acme Widgets");
    expect(screen.getByTestId("setup-progress").textContent).toBe("Step 2 of 3");
    expect(screen.getByTestId("nav-connect").textContent).toContain("done");
    expect(screen.getByTestId("nav-mapping").textContent).toContain("you are here");
  });

  it('says "Needs attention" with the reason for assistive tech and in a tooltip, and keeps step 1 open', () => {
    render(<Sidebar route="welcome" connection={{ status: "ready", data: needsAttention }} onOpenAbout={noop} />);
    const status = screen.getByTestId("connection-status");
    expect(status.textContent).toContain("Needs attention");
    const describedBy = status.getAttribute("aria-describedby");
    expect(describedBy).toBeTruthy();
    const reason = document.getElementById(describedBy!)?.textContent ?? "";
    expect(reason).toContain("TriNet didn't accept these credentials");
    expect(reason).toContain("Enter current credentials");
    expect(status.closest("[title]")?.getAttribute("title")).toContain("Enter current credentials");
    expect(screen.getByTestId("setup-progress").textContent).toBe("Step 1 of 3");
  });

  it("shows the Sandbox badge while the sandbox profile is active", () => {
    render(<Sidebar route="welcome" connection={{ status: "ready", data: sandboxConnected }} onOpenAbout={noop} />);
    expect(screen.getByTestId("sandbox-badge").textContent).toBe("Sandbox");
    expect(screen.getByTestId("connection-status").textContent).toContain("Riverstone Tools");
  });

  it("never claims a connection it has not confirmed", () => {
    const { rerender } = render(<Sidebar route="welcome" connection={{ status: "loading" }} onOpenAbout={noop} />);
    expect(screen.getByTestId("connection-status").textContent).toBe("Checking connection…");
    rerender(
      <Sidebar
        route="welcome"
        connection={{ status: "failed", error: { code: "internal", message: "x" } }}
        onOpenAbout={noop}
      />,
    );
    expect(screen.getByTestId("connection-status").textContent).toBe("Status unavailable");
  });

  it("marks only the current screen's link as the current page", () => {
    render(<Sidebar route="history" connection={{ status: "loading" }} onOpenAbout={noop} />);
    const current = screen.getAllByRole("link").filter((link) => link.getAttribute("aria-current") === "page");
    expect(current.map((link) => link.dataset.testid)).toEqual(["nav-history"]);
  });

  it("links every screen by its route", () => {
    render(<Sidebar route="welcome" connection={{ status: "loading" }} onOpenAbout={noop} />);
    for (const route of ["welcome", "connect", "mapping", "review", "history", "directory", "settings"]) {
      expect(screen.getByTestId(`nav-${route}`).getAttribute("href")).toBe(`#/${route}`);
    }
  });
});
