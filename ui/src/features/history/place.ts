// History's place in the address (#/history?tab=events, #/history?import=12, #/history?push=3), so an import or a push can be linked to
// from other screens and the tab stays put when the admin comes back.
import { useCallback } from "react";
import { hrefFor, useHashParam } from "../../shared/router/hashRoute";

export type HistoryPlace = { tab: "imports" | "pushes" | "charts" | "events"; importId: number | null; pushId: number | null };

function idFrom(text: string | null): number | null {
  const id = Number(text);
  return text !== null && Number.isInteger(id) && id > 0 ? id : null;
}

function placeFrom(tab: string | null, importId: string | null, pushId: string | null): HistoryPlace {
  return {
    tab: tab === "charts" || tab === "events" || tab === "pushes" ? tab : "imports",
    importId: idFrom(importId),
    pushId: idFrom(pushId),
  };
}

/** The href of a place in History. */
export function historyHref(place: Partial<HistoryPlace>): string {
  if (place.importId) return hrefFor("history", { import: place.importId });
  if (place.pushId) return hrefFor("history", { push: place.pushId });
  return place.tab && place.tab !== "imports" ? hrefFor("history", { tab: place.tab }) : hrefFor("history");
}

export function useHistoryPlace(): [HistoryPlace, (place: Partial<HistoryPlace>) => void] {
  const tab = useHashParam("tab");
  const importId = useHashParam("import");
  const pushId = useHashParam("push");
  const go = useCallback((place: Partial<HistoryPlace>) => {
    window.location.hash = historyHref(place);
  }, []);
  return [placeFrom(tab, importId, pushId), go];
}

/** Where the Directory opens one person's timeline. */
export function personHref(personId: number): string {
  return hrefFor("directory", { person: personId });
}
