// Shared setup for every unit test: a clean DOM, no Tauri internals and an empty URL hash between tests.
import { afterEach } from "vitest";
import { cleanup } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";

afterEach(() => {
  cleanup();
  clearMocks();
  // clearMocks keeps the object; remove it so "not inside Tauri" is the default again.
  delete (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__;
  window.location.hash = "";
});
