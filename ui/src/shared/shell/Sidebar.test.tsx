// The sidebar tells the admin whether TriNet is connected, whether this is the sandbox, and where they are in setup.
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { connected, needsAttention, notConnected, sandboxConnected } from "../../test/connectionFixture";
import { Sidebar } from "./Sidebar";

const noop = () => {};

function markers() {
  return ["connect", "mapping", "review"].map((route) => {
    const marker = screen.getByTestId(`nav-${route}`).querySelector(".step-marker");
    return marker?.className.replace("step-marker step-marker--", "");
  });
}

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
    expect(markers()).toEqual(["done", "current", "upcoming"]);
  });

  it("stays on mapping while connected with no saved mapping and no applied import", () => {
    render(
      <Sidebar
        route="welcome"
        connection={{ status: "ready", data: connected }}
        setup={{ mappingSaved: false, importApplied: false }}
        onOpenAbout={noop}
      />,
    );
    expect(screen.getByTestId("setup-progress").textContent).toBe("Step 2 of 3");
    expect(markers()).toEqual(["done", "current", "upcoming"]);
  });

  it("moves on to Review once a mapping is saved, with Connect and Map fields done", () => {
    render(
      <Sidebar
        route="welcome"
        connection={{ status: "ready", data: connected }}
        setup={{ mappingSaved: true, importApplied: false }}
        onOpenAbout={noop}
      />,
    );
    expect(screen.getByTestId("setup-progress").textContent).toBe("Step 3 of 3");
    expect(markers()).toEqual(["done", "done", "current"]);
    expect(screen.getByTestId("nav-connect").textContent).toBe("Connect, done");
    expect(screen.getByTestId("nav-mapping").textContent).toBe("Map fields, done");
    expect(screen.getByTestId("nav-review").textContent).toBe("3Review, you are here");
  });

  it('says "Done" with every step ticked once an import has been applied', () => {
    render(
      <Sidebar
        route="review"
        connection={{ status: "ready", data: connected }}
        setup={{ mappingSaved: true, importApplied: true }}
        onOpenAbout={noop}
      />,
    );
    const progress = screen.getByTestId("setup-progress");
    expect(progress.textContent).toBe("Done, all 3 steps complete");
    expect(progress.querySelector(".visually-hidden")?.textContent).toBe(", all 3 steps complete");
    expect(progress.querySelector("svg")?.getAttribute("aria-hidden")).toBe("true");
    expect(markers()).toEqual(["done", "done", "done"]);
    for (const route of ["connect", "mapping", "review"]) {
      expect(screen.getByTestId(`nav-${route}`).textContent).toMatch(/, done$/);
      expect(screen.getByTestId(`nav-${route}`).textContent).not.toContain("you are here");
    }
  });

  it("counts an applied import as done even when no mapping version is known", () => {
    render(
      <Sidebar
        route="welcome"
        connection={{ status: "ready", data: connected }}
        setup={{ mappingSaved: false, importApplied: true }}
        onOpenAbout={noop}
      />,
    );
    expect(screen.getByTestId("setup-progress").textContent).toContain("Done");
  });

  it("keeps what was mapped and imported when the connection needs attention, and marks Connect", () => {
    const facts = { mappingSaved: true, importApplied: true };
    const { rerender } = render(
      <Sidebar route="welcome" connection={{ status: "ready", data: needsAttention }} setup={facts} onOpenAbout={noop} />,
    );
    expect(screen.getByTestId("setup-progress").textContent).toBe("Check Connect");
    expect(markers()).toEqual(["attention", "done", "done"]);
    expect(screen.getByTestId("nav-connect").textContent).toContain("Connect, needs attention");
    rerender(
      <Sidebar
        route="welcome"
        connection={{ status: "ready", data: needsAttention }}
        setup={{ mappingSaved: true, importApplied: false }}
        onOpenAbout={noop}
      />,
    );
    expect(markers()).toEqual(["attention", "done", "current"]);
    // Revoked (not connected) or not known: back to step 1, whatever was done before.
    rerender(<Sidebar route="welcome" connection={{ status: "ready", data: notConnected }} setup={facts} onOpenAbout={noop} />);
    expect(screen.getByTestId("setup-progress").textContent).toBe("Step 1 of 3");
    expect(markers()).toEqual(["current", "upcoming", "upcoming"]);
    rerender(<Sidebar route="welcome" connection={{ status: "loading" }} setup={facts} onOpenAbout={noop} />);
    expect(screen.getByTestId("setup-progress").textContent).toBe("Step 1 of 3");
  });

  it('says "Needs attention" with the reason for assistive tech and in a tooltip, and flags Connect', () => {
    render(<Sidebar route="welcome" connection={{ status: "ready", data: needsAttention }} onOpenAbout={noop} />);
    const status = screen.getByTestId("connection-status");
    expect(status.textContent).toContain("Needs attention");
    const describedBy = status.getAttribute("aria-describedby");
    expect(describedBy).toBeTruthy();
    const reason = document.getElementById(describedBy!)?.textContent ?? "";
    expect(reason).toContain("TriNet didn't accept these credentials");
    expect(reason).toContain("Enter current credentials");
    expect(status.closest("[title]")?.getAttribute("title")).toContain("Enter current credentials");
    expect(screen.getByTestId("setup-progress").textContent).toBe("Check Connect");
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
