// The history fakes against the real core: for every query recorded from Rust (recorded/history.json), the import
// timeline (served by the review fake) and the lifecycle events answer what the core answered.
import { describe, expect, it } from "vitest";
import type { EventQuery, HistoryQuery } from "../ipc/bindings";
import { createHistoryFake, recordedImports } from "./historyFake";
import recorded from "./recorded/history.json";
import { createReviewFake } from "./reviewFake";

describe("the history fakes answer as the core did", () => {
  it.each(recorded.history_imports.map(({ query, reply }) => [JSON.stringify(query), query, reply]))(
    "lists the imports for %s",
    (_, query, reply) => {
      const review = createReviewFake({ history: recordedImports });
      expect(review.handlers.history_imports({ query: query as HistoryQuery })).toEqual(reply);
    },
  );

  it.each(recorded.history_events.map(({ query, reply }) => [JSON.stringify(query), query, reply]))(
    "lists the events for %s",
    (_, query, reply) => {
      const review = createReviewFake({ history: recordedImports });
      const history = createHistoryFake(review.imports, { recorded: true });
      expect(history.handlers.history_events({ query: query as EventQuery })).toEqual(reply);
    },
  );
});
