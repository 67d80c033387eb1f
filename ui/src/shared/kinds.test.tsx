// Change kinds must be told apart without colour: each has its own label and its own icon.
import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { changeKindOrder, changeKinds, KindBadge } from "./kinds";

describe("change kinds", () => {
  it("lists every kind exactly once", () => {
    expect(new Set(changeKindOrder).size).toBe(Object.keys(changeKinds).length);
    expect([...changeKindOrder].sort()).toEqual(Object.keys(changeKinds).sort());
  });

  it("gives each kind a distinct label, icon and colour", () => {
    const styles = changeKindOrder.map((kind) => changeKinds[kind]);
    expect(new Set(styles.map((s) => s.label)).size).toBe(styles.length);
    expect(new Set(styles.map((s) => s.icon)).size).toBe(styles.length);
    expect(new Set(styles.map((s) => s.tone)).size).toBe(styles.length);
  });

  it("renders a badge with the label as text and an icon beside it", () => {
    const { container } = render(<KindBadge kind="needs_attention" />);
    expect(container.textContent).toBe("Needs attention");
    expect(container.querySelector("svg")).not.toBeNull();
  });
});
