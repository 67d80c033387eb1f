// An in-memory stand-in for History's charts, lifecycle events and their CSV export, worked out from the
// review fake's imports as they stand (so an import approved during a test shows up), for unit and e2e tests;
// or, with `recorded`, the events the real core recorded for three imports of the sandbox company
// (recorded/history.json, from src-tauri/src/recorded_replies.rs). historyFake.test.ts checks that the fake answers
// every recorded query as the core did.
import type {
  DirectoryFacets,
  EventPage,
  EventQuery,
  EventRow,
  Exported,
  HistoryCharts,
  ImportSummary,
  MonthFlow,
} from "../ipc/bindings";
import { historyEvents } from "./historyFixture";
import recordedDirectory from "./recorded/directory.json";
import recorded from "./recorded/history.json";
import { exportFolder } from "./reviewFake";

export type HistoryFakeOptions = {
  /** export_events_csv answers null, as when the admin cancels the save dialog. */
  exportCancelled?: boolean;
  /** The core's events after three imports of the sandbox company (pass recordedImports to the review fake). */
  recorded?: boolean;
};

/** The imports of the recording, newest first: the review fake's `history` for a recorded history. */
export const recordedImports = recorded.history_imports[0].reply.imports as ImportSummary[];

/** Every event of the recording (those lists leave out by default, and the rest). */
const recordedEvents = recorded.history_events
  .filter(({ query }) => query.department === null && (query.kind === null || query.kind === "baseline"))
  .flatMap(({ reply }) => reply.events as EventRow[]);

/** As the core (store::history NEWEST_EVENTS): the latest day first, then the latest recorded. */
function newestFirst(a: EventRow, b: EventRow): number {
  return b.occurred_on.localeCompare(a.occurred_on) || b.event_id - a.event_id;
}

/** "2026-12" → "2027-01". */
function nextMonth(month: string): string {
  const [year, m] = month.split("-").map(Number);
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, "0")}`;
}

function reject(code: string, message: string): never {
  throw { code, message };
}

/** As the core: lists start after the baseline, whose people show only when asked for by kind. */
function matches(event: EventRow, query: EventQuery): boolean {
  return (
    (query.kind ? event.kind === query.kind : event.kind !== "baseline") &&
    (!query.department || event.department === query.department) &&
    (!query.location || event.location === query.location) &&
    (!query.from || event.occurred_on >= query.from) &&
    (!query.to || event.occurred_on <= query.to)
  );
}

export function createHistoryFake(imports: () => ImportSummary[], options: HistoryFakeOptions = {}) {
  let cache: { key: string; events: EventRow[] } | null = null;
  function events(): EventRow[] {
    const all = imports();
    const key = all.map((s) => `${s.import_id}:${s.outcome}`).join(",");
    // Recorded events are reversed so that the order is the fake's rule's work, not the recording's.
    if (cache?.key !== key) cache = { key, events: (options.recorded ? [...recordedEvents].reverse() : historyEvents(all)).sort(newestFirst) };
    return cache.events;
  }

  const handlers: Record<string, (args: unknown) => unknown> = {
    history_charts: (): HistoryCharts => {
      const applied = imports()
        .filter((s) => s.outcome === "applied")
        .sort((a, b) => a.import_id - b.import_id);
      const headcount = applied.map((s) => ({
        import_id: s.import_id,
        date: s.plan_date,
        headcount: s.headcount ?? s.active_people + s.counts.new + s.counts.reactivated - s.counts.deactivated,
      }));
      const first = applied.find((s) => s.baseline);
      const baseline = first ? { import_id: first.import_id, date: first.plan_date, headcount: headcount[0].headcount } : null;
      const months = new Map<string, MonthFlow>();
      // Every month from the baseline's to the last applied import's, as the core.
      if (baseline) {
        const end = headcount[headcount.length - 1].date.slice(0, 7);
        for (let at = baseline.date.slice(0, 7); at <= end; at = nextMonth(at)) months.set(at, { month: at, joiners: 0, leavers: 0, rehires: 0 });
      }
      for (const event of events()) {
        const month = event.occurred_on.slice(0, 7);
        const flow = months.get(month) ?? { month, joiners: 0, leavers: 0, rehires: 0 };
        if (event.kind === "joiner") flow.joiners += 1;
        else if (event.kind === "leaver") flow.leavers += 1;
        else if (event.kind === "rehire") flow.rehires += 1;
        else continue;
        months.set(month, flow);
      }
      return { baseline, headcount, months: [...months.values()].sort((a, b) => a.month.localeCompare(b.month)) };
    },
    history_events: (args): EventPage => {
      const { query } = args as { query: EventQuery };
      if (query.limit > 500 || query.limit < 1) reject("invalid_input", "query.limit must be between 1 and 500.");
      const found = events().filter((e) => matches(e, query));
      return { total: found.length, offset: query.offset, events: found.slice(query.offset, query.offset + query.limit) };
    },
    /**
     * Recorded: the core's facets of the same store (the directory's people, most first). Otherwise only what
     * History's department filter needs: the departments events happened in, ordered as the core orders facets.
     */
    directory_facets: (): DirectoryFacets => {
      if (options.recorded) return recordedDirectory.directory_facets;
      const count = (pick: (e: EventRow) => string | null) => {
        const counts = new Map<string, number>();
        for (const e of events()) {
          const value = pick(e);
          if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
        }
        return [...counts].map(([value, n]) => ({ value, count: n })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
      };
      return { total: 0, statuses: [], departments: count((e) => e.department), locations: count((e) => e.location) };
    },
    export_events_csv: (args): Exported | null => {
      const { query } = args as { query: EventQuery };
      if (options.exportCancelled) return null;
      const range = query.from && query.to ? `-${query.from}-to-${query.to}` : "";
      return { path: `${exportFolder}/roster-events${range}.csv`, rows: events().filter((e) => matches(e, query)).length };
    },
  };
  return { handlers, events };
}
