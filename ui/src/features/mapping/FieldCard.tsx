// One draggable field card (pointer or keyboard, through useFieldDrag): a TriNet field in Map fields, a directory
// field in a target's Rules. What the card says under its name is the caller's.
import type { KeyboardEvent, PointerEvent, ReactNode } from "react";
import { GripIcon } from "../../shared/icons";

type FieldCardProps = {
  /** What is dragged: the drag hook's path. */
  name: string;
  /** Shown instead of the name when given (a label). */
  title?: string;
  chip?: string;
  roleDescription: string;
  describedBy: string;
  picked: boolean;
  dragging: boolean;
  used: boolean;
  testId: string;
  onPointerDown: (event: PointerEvent<HTMLElement>, name: string) => void;
  onKeyDown: (event: KeyboardEvent<HTMLElement>, name: string) => void;
  onBlur: (name: string) => void;
  children?: ReactNode;
};

export function FieldCard({ name, title, chip, picked, dragging, used, children, ...props }: FieldCardProps) {
  return (
    <div
      role="button"
      tabIndex={0}
      aria-roledescription={props.roleDescription}
      aria-describedby={props.describedBy}
      aria-pressed={picked}
      className={`source-card${picked ? " source-card--picked" : ""}${dragging ? " source-card--dragging" : ""}`}
      data-testid={props.testId}
      onPointerDown={(e) => props.onPointerDown(e, name)}
      onKeyDown={(e) => props.onKeyDown(e, name)}
      onBlur={() => props.onBlur(name)}
    >
      <GripIcon size={14} className="source-card__grip" />
      <span className="source-card__body">
        <span className="source-card__top">
          <code className="source-card__path">{title ?? name}</code>
          {chip && <span className="type-chip">{chip}</span>}
        </span>
        {children && <span className="source-card__bottom">{children}</span>}
        {used && <span className="source-card__used">Mapped</span>}
      </span>
    </div>
  );
}

/** The card following the pointer while a field is dragged. */
export function DragGhost({ drag, overLabel, nowhere, testId }: {
  drag: { path: string; x: number; y: number; over: string | null };
  overLabel: (name: string) => string;
  nowhere: string;
  testId: string;
}) {
  return (
    <div className="drag-ghost" style={{ left: drag.x, top: drag.y }} aria-hidden="true" data-testid={testId}>
      <code>{drag.path}</code>
      <span className="drag-ghost__target">{drag.over ? `→ ${overLabel(drag.over)}` : nowhere}</span>
    </div>
  );
}
