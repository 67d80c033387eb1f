// The hash router maps addresses to screens and re-renders when the address changes.
import { act, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { hrefFor, navigate, queryFromHash, routeFromHash, useHashParam, useRoute } from "./hashRoute";

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
    expect(routeFromHash(hrefFor("directory", { person: 7 }))).toBe("directory");
  });

  it("keeps a query after the route", () => {
    expect(hrefFor("directory", { person: 7 })).toBe("#/directory?person=7");
    expect(queryFromHash("#/directory?person=7").get("person")).toBe("7");
    expect(queryFromHash("#/directory").get("person")).toBeNull();
  });
});

function CurrentRoute() {
  return <p data-testid="route">{useRoute()}</p>;
}

function PersonParam() {
  return <p data-testid="person">{useHashParam("person") ?? "none"}</p>;
}

describe("useHashParam", () => {
  it("follows the query as the address changes", async () => {
    render(<PersonParam />);
    await act(async () => {
      window.location.hash = "#/directory?person=12";
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(screen.getByTestId("person").textContent).toBe("12");
    await act(async () => {
      window.location.hash = "#/directory";
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(screen.getByTestId("person").textContent).toBe("none");
  });
});

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
