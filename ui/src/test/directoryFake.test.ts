// The directory fake against the real core: for every query recorded from Rust (recorded/directory.json), the fake
// answers what the core answered (order, search, filters, facets), so Directory's tests cannot drift from it.
import { describe, expect, it } from "vitest";
import type { DirectoryQuery } from "../ipc/bindings";
import recorded from "./recorded/directory.json";
import { createDirectoryFake } from "./directoryFake";

describe("the directory fake answers as the core did", () => {
  it.each(recorded.directory_people.map(({ query, reply }) => [JSON.stringify(query), query, reply]))(
    "lists the people for %s",
    async (_, query, reply) => {
      const fake = createDirectoryFake({ recorded: true });
      expect(await fake.handlers.directory_people({ query: query as DirectoryQuery })).toEqual(reply);
    },
  );

  it("offers the same facets, most people first", () => {
    const fake = createDirectoryFake({ recorded: true });
    expect(fake.handlers.directory_facets(undefined)).toEqual(recorded.directory_facets);
  });
});
