// History's place in the address (#/history?tab=events, #/history?import=12), so an import can be linked to
// from other screens and the tab stays put when the admin comes back.
import { useCallback } from "react";
import { hrefFor, useHashParam } from "../../shared/router/hashRoute";

export type HistoryPlace = { tab: "imports" | "charts" | "events"; importId: number | null };

function placeFrom(tab: string | null, importId: string | null): HistoryPlace {
  const id = Number(importId);
  return {
    tab: tab === "charts" || tab === "events" ? tab : "imports",
    importId: Number.isInteger(id) && id > 0 ? id : null,
  };
}

/** The href of a place in History. */
export function historyHref(place: Partial<HistoryPlace>): string {
  if (place.importId) return hrefFor("history", { import: place.importId });
  return place.tab && place.tab !== "imports" ? hrefFor("history", { tab: place.tab }) : hrefFor("history");
}

export function useHistoryPlace(): [HistoryPlace, (place: Partial<HistoryPlace>) => void] {
  const tab = useHashParam("tab");
  const importId = useHashParam("import");
  const go = useCallback((place: Partial<HistoryPlace>) => {
    window.location.hash = historyHref(place);
  }, []);
  return [placeFrom(tab, importId), go];
}

/** Where the Directory opens one person's timeline. */
export function personHref(personId: number): string {
  return hrefFor("directory", { person: personId });
}
