// Moving a field onto a drop target (a TriNet field onto a directory field in Map fields, a directory field onto a
// SCIM attribute in a target's Rules), by pointer (mouse, pen, touch) or by keyboard.
// Pointer events rather than HTML5 drag and drop: Tauri's window intercepts native drags for file drops on
// some platforms, and pointer events behave the same in every webview.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from "react";

export type DropTarget = { name: string; label: string; summary: string };

export type PointerDrag = { path: string; x: number; y: number; over: string | null };
export type KeyboardDrag = { path: string; index: number | null };

type Options = {
  targets: readonly DropTarget[];
  onDrop: (path: string, field: string) => void;
  announce: (message: string) => void;
  /** What the drop targets are called in announcements (default "directory field"). */
  noun?: string;
};

const dragThreshold = 4;

/** A value safe inside a double-quoted attribute selector (field names are snake_case, but be sure). */
export function attributeValue(value: string): string {
  return value.replace(/["\\]/g, "\\$&");
}

const edge = 32;

/** The directory field under a point, from the rows' data-drop-field attribute. */
function targetAt(x: number, y: number): string | null {
  const element = document.elementFromPoint(x, y);
  const row = element instanceof Element ? element.closest<HTMLElement>("[data-drop-field]") : null;
  return row?.dataset.dropField ?? null;
}

/** Scrolls a drop list when the pointer nears its top or bottom edge, so far targets stay reachable. */
function scrollNearEdge(x: number, y: number) {
  for (const list of document.querySelectorAll<HTMLElement>("[data-drop-scroll]")) {
    const box = list.getBoundingClientRect();
    if (x < box.left || x > box.right) continue;
    if (y > box.bottom - edge && y < box.bottom + edge) list.scrollTop += 12;
    else if (y < box.top + edge && y > box.top - edge) list.scrollTop -= 12;
  }
}

export function useFieldDrag({ targets, onDrop, announce, noun = "directory field" }: Options) {
  const [pointerDrag, setPointerDrag] = useState<PointerDrag | null>(null);
  const [keyboardDrag, setKeyboardDrag] = useState<KeyboardDrag | null>(null);
  const pending = useRef<{ path: string; x: number; y: number; dragging: boolean } | null>(null);
  const detach = useRef<(() => void) | null>(null);
  const latest = useRef({ targets, onDrop, announce, noun });
  latest.current = { targets, onDrop, announce, noun };

  useEffect(() => () => detach.current?.(), []);

  const labelOf = (name: string) => latest.current.targets.find((t) => t.name === name)?.label ?? name;

  const onPointerDown = useCallback((event: ReactPointerEvent<HTMLElement>, path: string) => {
    if (event.button !== 0 || !event.isPrimary) return;
    detach.current?.();
    pending.current = { path, x: event.clientX, y: event.clientY, dragging: false };

    const move = (e: PointerEvent) => {
      const start = pending.current;
      if (!start) return;
      if (!start.dragging) {
        if (Math.hypot(e.clientX - start.x, e.clientY - start.y) < dragThreshold) return;
        start.dragging = true;
        document.body.classList.add("is-dragging-field");
      }
      e.preventDefault();
      scrollNearEdge(e.clientX, e.clientY);
      setPointerDrag({ path, x: e.clientX, y: e.clientY, over: targetAt(e.clientX, e.clientY) });
    };
    const finish = (e: PointerEvent | null) => {
      const start = pending.current;
      stop();
      if (!start?.dragging) return;
      const over = e ? targetAt(e.clientX, e.clientY) : null;
      if (over) latest.current.onDrop(path, over);
      else if (e) latest.current.announce(`${path} was not dropped on a ${latest.current.noun}. Nothing changed.`);
    };
    const up = (e: PointerEvent) => finish(e);
    const cancel = () => finish(null);
    const key = (e: globalThis.KeyboardEvent) => {
      if (e.key !== "Escape" || !pending.current?.dragging) return;
      e.preventDefault();
      stop();
      latest.current.announce(`Cancelled. ${path} was not mapped.`);
    };
    const stop = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      window.removeEventListener("pointercancel", cancel);
      window.removeEventListener("keydown", key, true);
      document.body.classList.remove("is-dragging-field");
      pending.current = null;
      detach.current = null;
      setPointerDrag(null);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
    window.addEventListener("pointercancel", cancel);
    window.addEventListener("keydown", key, true);
    detach.current = stop;
  }, []);

  const cancelKeyboard = useCallback(
    (path: string) => {
      setKeyboardDrag(null);
      announce(`Cancelled. ${path} was not mapped.`);
    },
    [announce],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>, path: string) => {
      const count = targets.length;
      const picked = keyboardDrag?.path === path ? keyboardDrag : null;
      const key = event.key;
      if (key === " " || key === "Enter") {
        event.preventDefault();
        if (!picked) {
          setKeyboardDrag({ path, index: null });
          announce(
            `Picked up ${path}. Use arrow keys to choose a ${noun}, Space to drop, Escape to cancel.`,
          );
          return;
        }
        if (picked.index === null) {
          announce(`Choose a ${noun} with the arrow keys first, or press Escape to cancel.`);
          return;
        }
        const target = targets[picked.index];
        setKeyboardDrag(null);
        onDrop(path, target.name);
        return;
      }
      if (!picked) return;
      if (key === "ArrowDown" || key === "ArrowUp" || key === "Home" || key === "End") {
        event.preventDefault();
        if (count === 0) return;
        let index: number;
        if (key === "Home") index = 0;
        else if (key === "End") index = count - 1;
        else if (picked.index === null) index = key === "ArrowDown" ? 0 : count - 1;
        else index = (picked.index + (key === "ArrowDown" ? 1 : -1) + count) % count;
        setKeyboardDrag({ path, index });
        const target = targets[index];
        announce(`${target.label}, ${index + 1} of ${count}. ${target.summary} Space to drop here.`);
        document
          .querySelector(`[data-drop-field="${attributeValue(target.name)}"]`)
          ?.scrollIntoView?.({ block: "nearest" });
        return;
      }
      if (key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        cancelKeyboard(path);
      }
    },
    [targets, keyboardDrag, announce, onDrop, cancelKeyboard, noun],
  );

  const onBlur = useCallback(
    (path: string) => {
      if (keyboardDrag?.path === path) cancelKeyboard(path);
    },
    [keyboardDrag, cancelKeyboard],
  );

  const keyboardTarget = keyboardDrag?.index != null ? (targets[keyboardDrag.index]?.name ?? null) : null;
  const highlighted = pointerDrag?.over ?? keyboardTarget;

  return { pointerDrag, keyboardDrag, highlighted, onPointerDown, onKeyDown, onBlur, labelOf };
}
