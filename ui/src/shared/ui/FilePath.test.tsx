// Paths keep their exact text while wrapping only after separators.
import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FilePath } from "./FilePath";

describe("FilePath", () => {
  it("keeps the text exact and offers a break after every separator", () => {
    const { container } = render(<FilePath path="/home/ada/roster.sqlite3" />);
    expect(container.textContent).toBe("/home/ada/roster.sqlite3");
    expect(container.querySelectorAll("wbr")).toHaveLength(3);
  });

  it("handles Windows paths", () => {
    const { container } = render(<FilePath path={"C:\\Users\\Ada\\Roster"} />);
    expect(container.textContent).toBe("C:\\Users\\Ada\\Roster");
    expect(container.querySelectorAll("wbr")).toHaveLength(3);
  });
});
