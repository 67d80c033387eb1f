// Entry point: load the design tokens and base styles once, then mount the app.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
// Tokens and base styles first, so every component's CSS builds on them.
import "./shared/theme/tokens.css";
import "./shared/theme/base.css";
import { App } from "./App";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
