// Change lines fetched a page at a time as the table scrolls to them, kept per filter, so a table of 100,000
// people only ever asks Roster's core for the pages someone looks at.
import { useCallback, useReducer, useRef } from "react";
import type { AttentionReason, ChangeKind, ChangeLine, IpcError } from "../../ipc/bindings";
import { isIpcError, reviewChanges, toIpcError } from "../../ipc/client";

export type ChangeFilter = { kind: ChangeKind | null; reason: AttentionReason | null; search: string };

/** Lines per request (the core allows up to 500). */
export const pageSize = 100;

type Loaded = {
  key: string;
  /** Lines matching the filter; null until the first page arrives. */
  total: number | null;
  pages: Map<number, ChangeLine[]>;
  pending: Set<number>;
  error: IpcError | null;
};

function emptyFor(key: string): Loaded {
  return { key, total: null, pages: new Map(), pending: new Set(), error: null };
}

export type ChangePages = {
  /** Identifies the import and filter; changes whenever the lines start over. */
  key: string;
  total: number | null;
  error: IpcError | null;
  /** The line at this position, or null while its page is on its way. */
  lineAt: (index: number) => ChangeLine | null;
  /** Asks for every page holding positions first..last that is not here or on its way. */
  request: (first: number, last: number) => void;
  /** Puts a changed line (e.g. after a decision) in place of the one with the same seq. */
  replace: (line: ChangeLine) => void;
  /** Forgets every page, e.g. after trying again from an error. */
  reload: () => void;
};

export function useChangePages(importId: number, filter: ChangeFilter): ChangePages {
  const { kind, reason } = filter;
  const search = filter.search.trim();
  const key = JSON.stringify([importId, kind, reason, search]);
  const loaded = useRef<Loaded>(emptyFor(key));
  // Starting over when the filter changes is idempotent, so doing it while rendering is safe.
  if (loaded.current.key !== key) loaded.current = emptyFor(key);
  const [, rerender] = useReducer((n: number) => n + 1, 0);

  const request = useCallback(
    (first: number, last: number) => {
      const state = loaded.current;
      if (state.key !== key || state.error) return;
      const from = Math.floor(Math.max(0, first) / pageSize);
      const to = Math.floor(Math.max(0, last) / pageSize);
      for (let page = from; page <= to; page += 1) {
        if (state.pages.has(page) || state.pending.has(page)) continue;
        if (state.total !== null && page * pageSize >= state.total && page > 0) continue;
        state.pending.add(page);
        const query = { kind, reason, search: search || null, field: null, offset: page * pageSize, limit: pageSize };
        reviewChanges(importId, query).then(
          (answer) => {
            if (loaded.current !== state) return;
            state.pending.delete(page);
            state.pages.set(page, answer.lines);
            state.total = answer.total;
            rerender();
          },
          (failure: unknown) => {
            if (loaded.current !== state) return;
            state.pending.delete(page);
            state.error = isIpcError(failure) ? failure : toIpcError(failure, "review_changes");
            rerender();
          },
        );
      }
    },
    [importId, key, kind, reason, search],
  );

  const replace = useCallback((line: ChangeLine) => {
    for (const lines of loaded.current.pages.values()) {
      const at = lines.findIndex((l) => l.seq === line.seq);
      if (at >= 0) lines[at] = line;
    }
    rerender();
  }, []);

  const reload = useCallback(() => {
    loaded.current = emptyFor(loaded.current.key);
    rerender();
  }, []);

  const state = loaded.current;
  const lineAt = (index: number) => state.pages.get(Math.floor(index / pageSize))?.[index % pageSize] ?? null;
  return { key, total: state.total, error: state.error, lineAt, request, replace, reload };
}
