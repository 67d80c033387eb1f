// Rows fetched a page at a time as a virtualised table scrolls to them, kept per query (`key`), so a table of
// 100,000 rows only ever asks Roster's core for the pages someone looks at. Review's changes, the Directory and
// History's lists all page this way.
import { useCallback, useReducer, useRef } from "react";
import type { IpcError } from "../../ipc/bindings";
import { isIpcError, toIpcError } from "../../ipc/client";

/** What one request returns: the rows from `offset` on and how many match over all pages. */
export type RowPage<T> = { total: number; rows: T[] };

/** Fetches `limit` rows from `offset` for the current query. */
export type FetchRows<T> = (offset: number, limit: number) => Promise<RowPage<T>>;

type Loaded<T> = {
  key: string;
  /** Rows matching the query; null until the first page arrives. */
  total: number | null;
  pages: Map<number, T[]>;
  pending: Set<number>;
  error: IpcError | null;
};

function emptyFor<T>(key: string): Loaded<T> {
  return { key, total: null, pages: new Map(), pending: new Set(), error: null };
}

export type PagedRows<T> = {
  /** Identifies the query; changes whenever the rows start over. */
  key: string;
  total: number | null;
  error: IpcError | null;
  /** The row at this position, or null while its page is on its way. */
  rowAt: (index: number) => T | null;
  /** Asks for every page holding positions first..last that is not here or on its way. */
  request: (first: number, last: number) => void;
  /** Puts `row` in place of every loaded row `matches` picks (e.g. after a decision). */
  replace: (matches: (row: T) => boolean, row: T) => void;
  /** Forgets every page, e.g. after trying again from an error. */
  reload: () => void;
};

/**
 * `key` must change whenever `fetchRows` would return different rows (encode the whole query in it); the latest
 * `fetchRows` is used for every request, so it need not be stable. `command` names the IPC command in errors.
 */
export function usePagedRows<T>(key: string, fetchRows: FetchRows<T>, pageSize: number, command: string): PagedRows<T> {
  const loaded = useRef<Loaded<T>>(emptyFor(key));
  // Starting over when the query changes is idempotent, so doing it while rendering is safe.
  if (loaded.current.key !== key) loaded.current = emptyFor(key);
  const fetchRef = useRef(fetchRows);
  fetchRef.current = fetchRows;
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
        fetchRef.current(page * pageSize, pageSize).then(
          (answer) => {
            if (loaded.current !== state) return;
            state.pending.delete(page);
            state.pages.set(page, answer.rows);
            state.total = answer.total;
            rerender();
          },
          (failure: unknown) => {
            if (loaded.current !== state) return;
            state.pending.delete(page);
            state.error = isIpcError(failure) ? failure : toIpcError(failure, command);
            rerender();
          },
        );
      }
    },
    [key, pageSize, command],
  );

  const replace = useCallback((matches: (row: T) => boolean, row: T) => {
    for (const rows of loaded.current.pages.values()) {
      const at = rows.findIndex(matches);
      if (at >= 0) rows[at] = row;
    }
    rerender();
  }, []);

  const reload = useCallback(() => {
    loaded.current = emptyFor(loaded.current.key);
    rerender();
  }, []);

  const state = loaded.current;
  const rowAt = (index: number) => state.pages.get(Math.floor(index / pageSize))?.[index % pageSize] ?? null;
  return { key, total: state.total, error: state.error, rowAt, request, replace, reload };
}
