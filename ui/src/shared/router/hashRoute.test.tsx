// The hash router maps addresses to screens and re-renders when the address changes.
import { act, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { hrefFor, navigate, routeFromHash, useRoute } from "./hashRoute";

describe("routeFromHash", () => {
  it("reads the screen from the hash", () => {
    expect(routeFromHash("#/mapping")).toBe("mapping");
    expect(routeFromHash("#/history/42")).toBe("history");
    expect(routeFromHash("#settings")).toBe("settings");
  });

  it("falls back to the welcome screen for an empty or unknown hash", () => {
    expect(routeFromHash("")).toBe("welcome");
    expect(routeFromHash("#/")).toBe("welcome");
    expect(routeFromHash("#/payroll")).toBe("welcome");
  });

  it("round-trips with hrefFor", () => {
    expect(routeFromHash(hrefFor("review"))).toBe("review");
  });
});

function CurrentRoute() {
  return <p data-testid="route">{useRoute()}</p>;
}

describe("useRoute", () => {
  it("re-renders with the new screen after navigate", async () => {
    render(<CurrentRoute />);
    expect(screen.getByTestId("route").textContent).toBe("welcome");
    await act(async () => {
      navigate("directory");
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(window.location.hash).toBe("#/directory");
    expect(screen.getByTestId("route").textContent).toBe("directory");
  });
});
