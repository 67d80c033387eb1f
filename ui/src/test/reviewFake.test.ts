// The review fake against the real core: for every query, decision and refusal recorded from Rust
// (recorded/review-week.json), the fake answers what the core answered, so Review's tests cannot drift from it.
import { describe, expect, it } from "vitest";
import type { ChangeQuery, ImportSummary, Resolution } from "../ipc/bindings";
import week from "./recorded/review-week.json";
import { createReviewFake, type ReviewFakeOptions } from "./reviewFake";

function openFake(options: ReviewFakeOptions = {}) {
  const fake = createReviewFake({ openAtStart: true, ...options });
  const importId = fake.open()!.import_id;
  /** What the UI receives: the reply, or the error it is refused with. */
  const ask = (command: string, args: Record<string, unknown>) => {
    try {
      return { ok: fake.handlers[command]({ importId, ...args }) };
    } catch (error) {
      return { error };
    }
  };
  return { fake, importId, ask };
}

describe("the review fake answers as the core did", () => {
  it("opens the import the core planned, with its summary", () => {
    const { fake, importId } = openFake();
    expect(fake.open()).toEqual({ ...(week.review_summary as ImportSummary), import_id: importId });
  });

  it.each(week.review_changes.map(({ query, reply }) => [JSON.stringify(query), query, reply]))(
    "pages the lines for %s",
    (_, query, reply) => {
      const { ask } = openFake();
      expect(ask("review_changes", { query: query as ChangeQuery })).toEqual({ ok: reply });
    },
  );

  it("takes and refuses every decision as the core did", () => {
    const { ask } = openFake();
    for (const { seq, resolution, reply } of week.review_resolve) {
      expect([seq, resolution, ask("review_resolve", { seq, resolution: resolution as Resolution | null })]).toEqual([
        seq,
        resolution,
        reply,
      ]);
    }
  });

  it("refuses an import held by the guardrail until it is confirmed", () => {
    const { ask } = openFake({ held: true });
    expect(ask("review_approve", { confirmGuardrail: false })).toEqual(week.held.review_approve);
  });

  it("refuses every decision on an applied import with the core's code", () => {
    const { ask } = openFake();
    expect(ask("review_approve", { confirmGuardrail: false })).toHaveProperty("ok");
    for (const command of ["review_resolve", "review_approve", "review_reject"] as const) {
      const answer = ask(command, { seq: 0, resolution: null, confirmGuardrail: false }) as { error: { code: string } };
      expect([command, answer.error.code]).toEqual([command, week.decided[command].error.code]);
    }
  });
});
