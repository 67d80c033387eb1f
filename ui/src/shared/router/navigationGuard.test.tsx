// The navigation guard: a screen with unsaved work is only left after the admin confirms, whichever way they leave.
import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hrefFor, navigate, useRoute } from "./hashRoute";
import { NavigationGuardDialog } from "./NavigationGuardDialog";
import { isNavigationGuarded, useNavigationGuard, usePendingNavigation } from "./navigationGuard";

function Harness({ guarded }: { guarded: boolean }) {
  const route = useRoute();
  const pending = usePendingNavigation();
  return (
    <>
      <p data-testid="route">{route}</p>
      <a href={hrefFor("review")} data-testid="link-review">
        Review
      </a>
      <button type="button" onClick={() => navigate("settings")} data-testid="go-settings">
        Settings
      </button>
      {route === "mapping" && <Guarded when={guarded} />}
      {pending && <NavigationGuardDialog pending={pending} />}
    </>
  );
}

function Guarded({ when }: { when: boolean }) {
  useNavigationGuard(when, "The changes since the last save will be lost.", "Discard unsaved mapping changes?");
  return <p data-testid="guarded-screen">editing</p>;
}

// jsdom fires hashchange from a queued task, a little after the address changes.
const tick = () => act(() => new Promise((resolve) => setTimeout(resolve, 20)));

function route() {
  return screen.getByTestId("route").textContent;
}

beforeEach(async () => {
  window.location.hash = "#/mapping";
  await new Promise((resolve) => setTimeout(resolve, 20));
});

afterEach(() => {
  window.onbeforeunload = null;
});

describe("useNavigationGuard", () => {
  it("asks before following a link, and Keep editing stays on the screen and the address", async () => {
    render(<Harness guarded />);
    expect(route()).toBe("mapping");
    fireEvent.click(screen.getByTestId("link-review"));
    await tick();

    const dialog = screen.getByTestId("nav-guard-dialog");
    expect(dialog.getAttribute("role")).toBe("dialog");
    expect(dialog.textContent).toContain("Discard unsaved mapping changes?");
    expect(dialog.textContent).toContain("The changes since the last save will be lost.");
    expect(document.activeElement).toBe(screen.getByTestId("nav-guard-keep"));
    expect(window.location.hash).toBe("#/mapping");

    fireEvent.click(screen.getByTestId("nav-guard-keep"));
    await tick();
    expect(screen.queryByTestId("nav-guard-dialog")).toBeNull();
    expect(window.location.hash).toBe("#/mapping");
    expect(route()).toBe("mapping");
    expect(screen.getByTestId("guarded-screen")).toBeTruthy();
  });

  it("Discard changes goes where the admin asked to go", async () => {
    render(<Harness guarded />);
    fireEvent.click(screen.getByTestId("go-settings"));
    await tick();
    expect(route()).toBe("mapping");
    expect(window.location.hash).toBe("#/mapping");
    fireEvent.click(screen.getByTestId("nav-guard-discard"));
    await tick();
    expect(screen.queryByTestId("nav-guard-dialog")).toBeNull();
    expect(window.location.hash).toBe("#/settings");
    expect(route()).toBe("settings");
    expect(isNavigationGuarded()).toBe(false);
    expect(window.onbeforeunload).toBeNull();
  });

  it("Escape keeps editing", async () => {
    render(<Harness guarded />);
    fireEvent.click(screen.getByTestId("link-review"));
    await tick();
    fireEvent.keyDown(screen.getByTestId("nav-guard-dialog"), { key: "Escape" });
    await tick();
    expect(screen.queryByTestId("nav-guard-dialog")).toBeNull();
    expect(route()).toBe("mapping");
  });

  it("puts a changed hash (back/forward, typed address) back when the admin keeps editing", async () => {
    render(<Harness guarded />);
    await act(async () => {
      window.location.hash = "#/directory";
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    expect(screen.getByTestId("nav-guard-dialog")).toBeTruthy();
    expect(window.location.hash).toBe("#/mapping");
    expect(route()).toBe("mapping");
    fireEvent.click(screen.getByTestId("nav-guard-keep"));
    await tick();
    expect(window.location.hash).toBe("#/mapping");
    expect(route()).toBe("mapping");
    expect(screen.getByTestId("guarded-screen")).toBeTruthy();
  });

  it("puts the address back after the browser's Back, and Discard then follows it", async () => {
    const { rerender } = render(<Harness guarded={false} />);
    // Unguarded: from mapping to review and back to mapping, leaving review ahead in history.
    fireEvent.click(screen.getByTestId("link-review"));
    await tick();
    expect(route()).toBe("review");
    await act(async () => {
      window.location.hash = "#/mapping";
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    expect(route()).toBe("mapping");
    rerender(<Harness guarded />);
    await act(async () => {
      window.history.back();
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    expect(screen.getByTestId("nav-guard-dialog")).toBeTruthy();
    expect(window.location.hash).toBe("#/mapping");
    expect(route()).toBe("mapping");
    fireEvent.click(screen.getByTestId("nav-guard-discard"));
    await tick();
    expect(route()).toBe("review");
  });

  it("warns on closing or reloading the window only while guarded", async () => {
    const { rerender } = render(<Harness guarded />);
    expect(typeof window.onbeforeunload).toBe("function");
    const event = new Event("beforeunload", { cancelable: true }) as BeforeUnloadEvent;
    window.onbeforeunload?.(event);
    expect(event.defaultPrevented).toBe(true);
    rerender(<Harness guarded={false} />);
    expect(window.onbeforeunload).toBeNull();
  });

  it("leaves navigation alone when nothing is unsaved", async () => {
    render(<Harness guarded={false} />);
    expect(window.onbeforeunload).toBeNull();
    fireEvent.click(screen.getByTestId("link-review"));
    await tick();
    expect(screen.queryByTestId("nav-guard-dialog")).toBeNull();
    expect(route()).toBe("review");
    fireEvent.click(screen.getByTestId("go-settings"));
    await tick();
    expect(route()).toBe("settings");
  });
});
