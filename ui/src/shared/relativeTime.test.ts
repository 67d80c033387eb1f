// "Last verified" reads naturally: relative when recent, a locale date when older.
import { describe, expect, it } from "vitest";
import { describeWhen, formatDay } from "./relativeTime";

const now = new Date("2026-11-20T12:00:00Z");

describe("describeWhen", () => {
  it("says just now for the last few seconds", () => {
    expect(describeWhen("2026-11-20T11:59:50Z", now, "en")).toBe("just now");
  });

  it("counts minutes, hours and days", () => {
    expect(describeWhen("2026-11-20T11:55:00Z", now, "en")).toBe("5 minutes ago");
    expect(describeWhen("2026-11-20T09:00:00Z", now, "en")).toBe("3 hours ago");
    expect(describeWhen("2026-11-18T12:00:00Z", now, "en")).toBe("2 days ago");
  });

  it("gives the date for anything older than a week", () => {
    expect(describeWhen("2026-10-01T12:00:00Z", now, "en")).toContain("2026");
  });

  it("shows an unreadable value as it came", () => {
    expect(describeWhen("yesterday-ish", now, "en")).toBe("yesterday-ish");
  });
});

describe("formatDay", () => {
  it("writes a calendar day in the locale without shifting it by the time zone", () => {
    expect(formatDay("2026-03-09", "en-US")).toBe("Mar 9, 2026");
    expect(formatDay("2026-03-09", "de-DE")).toBe("09.03.2026");
    expect(formatDay("2026-01-01", "en-GB")).toBe("1 Jan 2026");
  });

  it("leaves anything that is not a day as it is", () => {
    expect(formatDay("soon")).toBe("soon");
  });
});
