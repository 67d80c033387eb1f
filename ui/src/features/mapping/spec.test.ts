// The pure mapping helpers: names made from labels, fill rates, transform summaries and conversions.
import { describe, expect, it } from "vitest";
import { convertTransform, deriveFieldName, describeFill, describeTransform, fieldNameProblem } from "./spec";

describe("mapping helpers", () => {
  it("makes snake_case names from labels", () => {
    expect(deriveFieldName("Cost centre (EU)")).toBe("cost_centre_eu");
    expect(deriveFieldName("  Équipe  Nord ")).toBe("equipe_nord");
    expect(deriveFieldName("2nd manager")).toBe("field_2nd_manager");
    expect(fieldNameProblem("Team", [])).toContain("lower-case");
    expect(fieldNameProblem("team", ["team"])).toContain("already called team");
    expect(fieldNameProblem("team", [])).toBeNull();
  });

  it("describes fill rates with thousands separators", () => {
    expect(describeFill(231, 250)).toBe("231 of 250 (92%)");
    expect(describeFill(12345, 100000)).toBe(`${(12345).toLocaleString()} of ${(100000).toLocaleString()} (12%)`);
    expect(describeFill(0, 0)).toBe("0 of 0 (0%)");
  });

  it("keeps the sources when switching transform type", () => {
    const direct = { type: "direct", source: "a.b" } as const;
    expect(convertTransform(direct, "value_map")).toEqual({ type: "value_map", source: "a.b", table: [], default: null });
    expect(convertTransform(direct, "fallback")).toEqual({ type: "fallback", sources: ["a.b"] });
    expect(convertTransform({ type: "fallback", sources: ["x", "y"] }, "date")).toEqual({ type: "date", source: "x" });
    expect(describeTransform({ type: "fallback", sources: ["x", "y"] })).toBe("x, else y");
    expect(describeTransform({ type: "template", template: "{first_name} {last_name}" })).toBe(
      "“{first_name} {last_name}”",
    );
  });
});
