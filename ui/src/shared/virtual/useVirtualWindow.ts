// Which rows of a virtualised list are in view: rows have one height, so positions follow from indices and only
// the rows in view (plus a few each side) need to exist. Used with usePagedRows by every long table.
import { useLayoutEffect, useRef, useState } from "react";

/** Rows drawn beyond each edge of the view, so a quick scroll rarely shows an empty gap. */
const overscan = 8;
/** The scroll area's height before it has been measured (and in tests, where nothing has a size). */
const assumedViewport = 480;

export type VirtualWindow = {
  /** Put on the scrolling element. */
  scrollRef: React.RefObject<HTMLDivElement | null>;
  /** Put on the scrolling element's onScroll. */
  onScroll: (event: React.UIEvent<HTMLElement>) => void;
  /** The first and last index to draw (last < first when there are no rows). */
  first: number;
  last: number;
};

/** `resetKey` changing (a new filter) scrolls back to the top. */
export function useVirtualWindow(count: number, rowHeight: number, resetKey: string): VirtualWindow {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(assumedViewport);

  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    setScrollTop(0);
  }, [resetKey]);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    const measure = () => setViewport(element.clientHeight || assumedViewport);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { scrollRef, onScroll: (event) => setScrollTop(event.currentTarget.scrollTop), first, last };
}
