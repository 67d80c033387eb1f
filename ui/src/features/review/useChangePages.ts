// An import's change lines for the review table, a page at a time as it scrolls (see shared/virtual/usePagedRows).
import type { AttentionReason, ChangeKind, ChangeLine } from "../../ipc/bindings";
import { reviewChanges } from "../../ipc/client";
import { usePagedRows, type PagedRows } from "../../shared/virtual/usePagedRows";

export type ChangeFilter = { kind: ChangeKind | null; reason: AttentionReason | null; search: string };

/** Lines per request (the core allows up to 500). */
export const pageSize = 100;

export type ChangePages = Omit<PagedRows<ChangeLine>, "replace"> & {
  /** Puts a changed line (e.g. after a decision) in place of the one with the same seq. */
  replace: (line: ChangeLine) => void;
};

export function useChangePages(importId: number, filter: ChangeFilter): ChangePages {
  const { kind, reason } = filter;
  const search = filter.search.trim();
  const key = JSON.stringify([importId, kind, reason, search]);
  const pages = usePagedRows<ChangeLine>(
    key,
    (offset, limit) =>
      reviewChanges(importId, { kind, reason, search: search || null, field: null, changed_only: false, offset, limit }).then((page) => ({
        total: page.total,
        rows: page.lines,
      })),
    pageSize,
    "review_changes",
  );
  return { ...pages, replace: (line) => pages.replace((l) => l.seq === line.seq, line) };
}
