// The window sizes the e2e projects run at: Roster's default window and its minimum (tauri.conf.json).
export const defaultSize = { width: 1200, height: 780 };
export const minimumSize = { width: 960, height: 620 };
