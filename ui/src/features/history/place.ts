// History's place in the address (#/history?tab=events, #/history?import=12, #/history?push=3,
// #/history?reconciliation=4), so an import, a push or a reconciliation can be linked to from other screens and the
// tab stays put when the admin comes back.
import { useCallback } from "react";
import { hrefFor, useHashParam } from "../../shared/router/hashRoute";

export type HistoryTab = "imports" | "pushes" | "reconciliations" | "charts" | "events";

export type HistoryPlace = {
  tab: HistoryTab;
  importId: number | null;
  pushId: number | null;
  reconciliationId: number | null;
};

const otherTabs: readonly string[] = ["pushes", "reconciliations", "charts", "events"];

function idFrom(text: string | null): number | null {
  const id = Number(text);
  return text !== null && Number.isInteger(id) && id > 0 ? id : null;
}

/** The href of a place in History. */
export function historyHref(place: Partial<HistoryPlace>): string {
  if (place.importId) return hrefFor("history", { import: place.importId });
  if (place.pushId) return hrefFor("history", { push: place.pushId });
  if (place.reconciliationId) return hrefFor("history", { reconciliation: place.reconciliationId });
  return place.tab && place.tab !== "imports" ? hrefFor("history", { tab: place.tab }) : hrefFor("history");
}

export function useHistoryPlace(): [HistoryPlace, (place: Partial<HistoryPlace>) => void] {
  const tab = useHashParam("tab");
  const importId = useHashParam("import");
  const pushId = useHashParam("push");
  const reconciliationId = useHashParam("reconciliation");
  const go = useCallback((place: Partial<HistoryPlace>) => {
    window.location.hash = historyHref(place);
  }, []);
  const place: HistoryPlace = {
    tab: tab !== null && otherTabs.includes(tab) ? (tab as HistoryTab) : "imports",
    importId: idFrom(importId),
    pushId: idFrom(pushId),
    reconciliationId: idFrom(reconciliationId),
  };
  return [place, go];
}

/** Where the Directory opens one person's timeline. */
export function personHref(personId: number): string {
  return hrefFor("directory", { person: personId });
}
