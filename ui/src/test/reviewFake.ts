// An in-memory stand-in for Roster's review and history commands, used by the unit tests and the e2e mock alike:
// a preview that streams progress through its Channel and can be cancelled, server-side paging and filters,
// resolutions, guardrails, stale imports, approve, reject, CSV export and the import timeline with its filters.
// A preview plans the import the real core planned for the sandbox company's second week (recorded/review-week.json,
// from src-tauri/src/recorded_replies.rs): its summary, lines, refusals and what approving it did; reviewFake.test.ts
// checks that this fake answers every recorded query as the core did. Only the e2e run's scale options (`unchanged`,
// `deactivated`) switch to made-up lines (reviewFixture). Past imports' lines are made from their counts (historyFixture).
import type {
  Applied,
  ChangeLine,
  ChangePage,
  ChangeQuery,
  Exported,
  HistoryPage,
  HistoryQuery,
  ImportSummary,
  PlanCounts,
  PreviewProgress,
  Resolution,
} from "../ipc/bindings";
import { channelSender } from "./channel";
import recorded from "./recorded/review.json";
import week from "./recorded/review-week.json";
import { historyLines } from "./historyFixture";
import { noCounts, pastImports, reviewLines, unchangedLine, type ReviewLines } from "./reviewFixture";

type IpcError = { code: string; message: string };

export type ReviewFakeOptions = {
  /** An import is already waiting for review when the screen opens (default false). */
  openAtStart?: boolean;
  /** The import is the recorded one held by all three guardrail rules (30 leavers, 17 work email changes). */
  held?: boolean;
  /**
   * Scale for the e2e run: with either, the import is made up (reviewFixture) with this many unchanged people and
   * leavers; more than 25 leavers hold it.
   */
  unchanged?: number;
  deactivated?: number;
  /** Pages the preview fetches, each after this many milliseconds (defaults 4 and 5). */
  pages?: number;
  pageDelayMs?: number;
  /** The preview does not say how many pages to expect (an indeterminate bar). */
  pagesUnknown?: boolean;
  /** The open import is stale from the start. */
  stale?: boolean;
  /** Approving fails with import_stale (someone applied another import meanwhile), and the import turns stale. */
  staleOnApprove?: boolean;
  /** review_preview rejects with this error. */
  previewError?: IpcError;
  /** Imports that exist before the session (newest first); the fixture's three by default. */
  history?: ImportSummary[];
  /** export_import_csv answers null, as when the admin cancels the save dialog. */
  exportCancelled?: boolean;
};

/** Where the fake's save dialog "saves" exports. */
export const exportFolder = "/home/avery/Documents/Roster exports";

export type ReviewFake = {
  handlers: Record<string, (args: unknown) => unknown>;
  /** The import currently waiting, if any. */
  open: () => ImportSummary | null;
  lines: () => ChangeLine[];
  /** Every import, newest first, as they stand now. */
  imports: () => ImportSummary[];
};

const guardrailLimit = 25;

/** The week's import as the core planned it, and the one the guardrail holds; seqs start at 0, as in Rust. */
const weekLines = week.review_changes
  .filter(({ query }) => query.kind === null && query.reason === null && query.search === null)
  .flatMap(({ reply }) => reply.lines as unknown as ChangeLine[]);
const recordedId = week.review_summary.import_id;
const recordedImports = {
  week: { summary: week.review_summary as ImportSummary, lines: weekLines },
  held: { summary: week.held.review_summary as ImportSummary, lines: week.held.lines as unknown as ChangeLine[] },
};

/** The core's refusal of `command` on import `importId`, from a recording about import `recordedId`. */
function refusal(error: IpcError, recordedId: number, importId: unknown): IpcError {
  return { code: error.code, message: error.message.replace(`Import ${recordedId} `, `Import ${String(importId)} `) };
}

/**
 * What the core answers `command` about an import it does not have (recorded/review.json, recorded for import
 * ${recorded.unknown_import}; the number is this one's).
 */
function noSuchImport(command: "review_summary" | "review_resolve" | "review_approve" | "review_reject", importId: unknown) {
  const { code, message } = recorded[command].error;
  return { code, message: message.replace(String(recorded.unknown_import), String(importId)) } as IpcError;
}

function reject(code: string, message: string): never {
  throw { code, message } satisfies IpcError;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function matches(line: ChangeLine, query: ChangeQuery): boolean {
  if (query.changed_only && line.kind === "unchanged") return false;
  if (query.kind && line.kind !== query.kind) return false;
  if (query.reason && line.reason !== query.reason) return false;
  if (query.field && !line.fields.some((f) => f.field === query.field)) return false;
  if (query.search) {
    const needle = query.search.toLowerCase();
    const hay = [line.name, line.employee_id, line.work_email].filter(Boolean).join("\n").toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  return true;
}

export function createReviewFake(options: ReviewFakeOptions = {}): ReviewFake {
  const pages = options.pages ?? 4;
  const pageDelayMs = options.pageDelayMs ?? 5;
  const history: ImportSummary[] = (options.history ?? pastImports).map((s) => ({ ...s }));
  let nextId = Math.max(0, ...history.map((s) => s.import_id)) + 1;
  let lines: ReviewLines | null = null;
  /** Lines of imports planned in this session, and of past ones once made. */
  const linesByImport = new Map<number, ReviewLines>();
  let open: ImportSummary | null = null;
  let cancelRequested = false;
  let previewRunning = false;
  let staleOnApprove = options.staleOnApprove ?? false;

  function total(l: ReviewLines) {
    return l.explicit.length + l.unchanged;
  }

  function countsOf(l: ReviewLines): PlanCounts {
    const counts: PlanCounts = { ...noCounts };
    for (const line of l.explicit) counts[line.kind] += 1;
    counts.unchanged += l.unchanged;
    return counts;
  }

  const madeUp = options.unchanged !== undefined || options.deactivated !== undefined;

  function plan(): ImportSummary {
    if (madeUp) return planMadeUp();
    const source = options.held ? recordedImports.held : recordedImports.week;
    lines = { explicit: source.lines.map((line) => ({ ...line })), unchanged: 0 };
    linesByImport.set(nextId, lines);
    return { ...source.summary, import_id: nextId++ };
  }

  function planMadeUp(): ImportSummary {
    lines = reviewLines({ deactivated: options.deactivated ?? 1, unchanged: options.unchanged ?? 240 });
    linesByImport.set(nextId, lines);
    const counts = countsOf(lines);
    const active = counts.updated + counts.deactivated + counts.unchanged + counts.leave_started + 12;
    const reasons: string[] = [];
    // Only the core's limit on people (plan::guardrail has two more rules; the recorded held import trips all three).
    if (counts.deactivated > guardrailLimit) {
      reasons.push(`${counts.deactivated} people would be deactivated: more than the limit of ${guardrailLimit}.`);
    }
    const summary: ImportSummary = {
      import_id: nextId++,
      created_at: new Date().toISOString(),
      trigger: "manual",
      company_id: "ACME01",
      mapping_version: 2,
      plan_date: new Date().toISOString().slice(0, 10),
      outcome: reasons.length ? "held" : "pending",
      decided_at: null,
      counts,
      guardrail: { tripped: reasons.length > 0, reasons },
      guardrail_confirmed: false,
      active_people: active,
      identity_changes: 1,
      stale: false,
      unresolved: counts.needs_attention,
      error: null,
      baseline: false,
      headcount: null,
      details_removed: false,
    };
    return summary;
  }

  /** What the core answered approving the week's import with these decisions, if it was recorded. */
  function recordedApproval(current: ImportSummary): Applied | null {
    if (madeUp || options.held || !lines) return null;
    const decided = lines.explicit.filter((line) => line.resolution !== null);
    const one = week.approved_one;
    const reply =
      decided.length === 0
        ? week.review_approve.ok
        : decided.length === 1 && decided[0].seq === one.seq && decided[0].resolution === one.resolution
          ? one.review_approve.ok
          : null;
    if (!reply) return null;
    return { ...(reply as Applied), summary: { ...(reply.summary as ImportSummary), import_id: current.import_id } };
  }

  function refreshOpen() {
    if (!open || !lines) return;
    open.unresolved = lines.explicit.filter((l) => l.kind === "needs_attention" && l.resolution === null).length;
  }

  function store(summary: ImportSummary) {
    const at = history.findIndex((s) => s.import_id === summary.import_id);
    if (at >= 0) history[at] = summary;
    else history.unshift(summary);
  }

  function summaryOf(importId: unknown): ImportSummary {
    const found = history.find((s) => s.import_id === importId);
    if (!found) throw noSuchImport("review_summary", importId);
    return { ...found };
  }

  function openWith(importId: unknown, command: "review_resolve" | "review_approve" | "review_reject"): ImportSummary {
    const known = history.find((s) => s.import_id === importId);
    if (!known) throw noSuchImport(command, importId);
    if (open && open.import_id === importId) return open;
    // The core keeps one import open at a time: any other it knows is decided.
    const { code, message } = refusal(week.decided[command].error, recordedId, importId);
    throw { code, message: message.replace("already applied", `already ${known.outcome}`) } satisfies IpcError;
  }

  if (options.openAtStart) {
    open = plan();
    if (options.stale) open.stale = true;
    store(open);
  }

  function linesOf(importId: unknown): ReviewLines {
    const summary = summaryOf(importId);
    let found = linesByImport.get(summary.import_id);
    if (!found) {
      found = historyLines(summary);
      linesByImport.set(summary.import_id, found);
    }
    return found;
  }

  function lineAt(l: ReviewLines, seq: number): ChangeLine {
    return seq < l.explicit.length ? l.explicit[seq] : unchangedLine(l, seq);
  }

  function page(l: ReviewLines, query: ChangeQuery): ChangePage {
    if (query.limit > 500 || query.limit < 1) reject("invalid_input", "query.limit must be between 1 and 500.");
    const explicit = l.explicit.filter((line) => matches(line, query));
    // Unchanged lines carry no reason or fields; with no search they match as a block, without being made.
    const unchangedCan =
      !query.changed_only &&
      (query.kind === null || query.kind === "unchanged") &&
      query.reason === null &&
      query.field === null;
    let unchangedSeqs: number[] | null = null;
    let unchangedCount = 0;
    if (unchangedCan && query.search) {
      unchangedSeqs = [];
      for (let seq = l.explicit.length; seq < total(l); seq += 1) {
        if (matches(unchangedLine(l, seq), query)) unchangedSeqs.push(seq);
      }
      unchangedCount = unchangedSeqs.length;
    } else if (unchangedCan) {
      unchangedCount = l.unchanged;
    }
    const all = explicit.length + unchangedCount;
    const out: ChangeLine[] = [];
    for (let i = query.offset; i < Math.min(all, query.offset + query.limit); i += 1) {
      if (i < explicit.length) out.push({ ...explicit[i] });
      else {
        const k = i - explicit.length;
        out.push(unchangedLine(l, unchangedSeqs ? unchangedSeqs[k] : l.explicit.length + k));
      }
    }
    return { total: all, offset: query.offset, lines: out };
  }

  const allowed: Record<string, Resolution[]> = {
    invalid_record: ["leave_out"],
    possible_duplicate: ["link", "approve", "leave_out"],
    duplicate_email: ["approve", "leave_out"],
    privacy_block: ["approve", "leave_out"],
    missing_from_source: ["approve", "leave_out"],
  };

  const handlers: ReviewFake["handlers"] = {
    review_preview: async (args) => {
      const sender = channelSender<PreviewProgress>((args as { onProgress?: unknown } | undefined)?.onProgress);
      if (previewRunning) reject("invalid_input", "A preview is already running.");
      previewRunning = true;
      cancelRequested = false;
      try {
        const people = (options.deactivated ?? 1) + (options.unchanged ?? 240) + 19;
        for (let done = 0; done <= pages; done += 1) {
          if (done > 0) await wait(pageDelayMs);
          if (cancelRequested) reject("cancelled", "The preview was cancelled. Nothing was planned or changed.");
          sender.send({
            stage: "fetching",
            pages_done: done,
            pages_expected: options.pagesUnknown ? null : pages,
            employees_received: Math.round((people * done) / pages),
          });
        }
        if (options.previewError) throw options.previewError;
        sender.send({ stage: "planning", employees: people });
        await wait(pageDelayMs);
        sender.end();
        if (open) store({ ...open, outcome: "superseded", decided_at: new Date().toISOString() });
        open = plan();
        store(open);
        return { ...open };
      } finally {
        previewRunning = false;
      }
    },
    review_cancel: () => {
      cancelRequested = true;
      return null;
    },
    review_open: () => (open ? { ...open } : null),
    review_summary: (args) => {
      const { importId } = args as { importId: number };
      return open && open.import_id === importId ? { ...open } : summaryOf(importId);
    },
    review_changes: (args) => {
      const { importId, query } = args as { importId: number; query: ChangeQuery };
      if (!history.some((s) => s.import_id === importId)) return recorded.review_changes.ok;
      return page(linesOf(importId), query);
    },
    review_resolve: (args) => {
      const { importId, seq, resolution } = args as { importId: number; seq: number; resolution: Resolution | null };
      openWith(importId, "review_resolve");
      const line = lines && seq < lines.explicit.length ? lines.explicit[seq] : null;
      if (!line || line.kind !== "needs_attention" || !line.reason) {
        reject("invalid_input", `Line ${seq} is not under Needs attention, so it needs no decision.`);
      }
      if (resolution && !allowed[line.reason].includes(resolution)) {
        reject("invalid_input", `${resolution} is not a choice for a ${line.reason.replace(/_/g, " ")} item.`);
      }
      line.resolution = resolution;
      refreshOpen();
      return { ...line };
    },
    review_approve: (args) => {
      const { importId, confirmGuardrail } = args as { importId: number; confirmGuardrail: boolean };
      const current = openWith(importId, "review_approve");
      if (staleOnApprove) {
        staleOnApprove = false;
        current.stale = true;
      }
      if (current.stale) throw refusal(week.stale.review_approve.error, recordedId, importId);
      if (current.guardrail.tripped && !confirmGuardrail) {
        reject(
          "guardrail_not_confirmed",
          `This import is held by a guardrail (${current.guardrail.reasons.join(" ")}). Review it, then confirm the guardrail to apply it.`,
        );
      }
      const answered = recordedApproval(current);
      if (answered) {
        store(answered.summary);
        open = null;
        return answered;
      }
      const l = lines!;
      const attention = l.explicit.filter((line) => line.kind === "needs_attention");
      const applied = attention.filter((line) => line.resolution !== null && line.resolution !== "leave_out").length;
      const c = current.counts;
      const decided: ImportSummary = {
        ...current,
        outcome: "applied",
        decided_at: new Date().toISOString(),
        guardrail_confirmed: current.guardrail.tripped,
        // The first import applied is the baseline.
        baseline: !history.some((s) => s.outcome === "applied"),
        headcount: current.active_people + c.new + c.reactivated - c.deactivated,
      };
      store(decided);
      open = null;
      for (const line of l.explicit) {
        line.applied = line.kind !== "unchanged" && line.kind !== "excluded" && (line.kind !== "needs_attention" || (line.resolution !== null && line.resolution !== "leave_out"));
      }
      return {
        summary: { ...decided },
        people_changed: c.new + c.updated + c.deactivated + c.reactivated + c.leave_started + c.leave_ended + applied,
        attention_applied: applied,
        attention_left_out: attention.length - applied,
        lifecycle_events: c.new + c.deactivated + c.reactivated + c.leave_started + c.leave_ended + 2,
      } satisfies Applied;
    },
    review_reject: (args) => {
      const current = openWith((args as { importId: number }).importId, "review_reject");
      const decided: ImportSummary = { ...current, outcome: "rejected", decided_at: new Date().toISOString() };
      store(decided);
      open = null;
      return { ...decided };
    },
    export_import_csv: (args): Exported | null => {
      const { importId } = args as { importId: number };
      const l = linesOf(importId);
      if (options.exportCancelled) return null;
      let rows = 0;
      for (let seq = 0; seq < total(l); seq += 1) rows += Math.max(1, lineAt(l, seq).fields.length);
      return { path: `${exportFolder}/roster-import-${String(importId)}.csv`, rows };
    },
    history_imports: (args): HistoryPage => {
      const { query } = args as { query: HistoryQuery };
      if (query.limit > 500 || query.limit < 1) reject("invalid_input", "query.limit must be between 1 and 500.");
      const found = history.filter(
        (s) =>
          (!query.outcome || s.outcome === query.outcome) &&
          (!query.trigger || s.trigger === query.trigger) &&
          (!query.from || s.plan_date >= query.from) &&
          (!query.to || s.plan_date <= query.to),
      );
      return {
        total: found.length,
        offset: query.offset,
        imports: found.slice(query.offset, query.offset + query.limit).map((s) => ({ ...s })),
      };
    },
  };

  return {
    handlers,
    open: () => (open ? { ...open } : null),
    lines: () => (lines ? lines.explicit.map((l) => ({ ...l })) : []),
    imports: () => history.map((s) => ({ ...s })),
  };
}
