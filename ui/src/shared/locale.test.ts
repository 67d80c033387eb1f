import { describe, expect, it } from "vitest";
import { formatCount } from "./formatCount";
import { displayLocale } from "./locale";

describe("displayLocale", () => {
  it("writes counts as en-US where the OS names only the POSIX locale (LANG=C under Xvfb)", () => {
    expect(displayLocale("en-US-u-va-posix")).toBe("en-US");
    expect(displayLocale("c")).toBe("en-US");
    expect(new Intl.NumberFormat(displayLocale("en-US-u-va-posix")).format(99708)).toBe("99,708");
  });

  it("keeps a real locale as the OS sets it", () => {
    expect(displayLocale("de-DE")).toBeUndefined();
    expect(displayLocale("fr-CA")).toBeUndefined();
    expect(displayLocale("en-GB")).toBeUndefined();
  });

  it("formats counts with a thousands separator", () => {
    expect(formatCount(100000)).toMatch(/^100[^0-9]000$/);
  });
});
