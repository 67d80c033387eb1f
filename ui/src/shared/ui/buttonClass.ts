// Class names for button-styled elements, so links and buttons share one look from buttons.css.
import "./buttons.css";

export type ButtonVariant = "primary" | "secondary" | "quiet" | "danger" | "danger-secondary";

export function buttonClass(variant: ButtonVariant, size: "regular" | "large" = "regular"): string {
  return `button button--${variant}${size === "large" ? " button--large" : ""}`;
}
