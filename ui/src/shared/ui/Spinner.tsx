// A decorative spinner; the text next to it ("Testing…") is what says work is under way.
import "./buttons.css";

export function Spinner() {
  return <span className="spinner" aria-hidden="true" />;
}
