// Hands text to the browser as a file download (until Roster has a native save dialog).
export function saveText(text: string, fileName: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by the next task; the object URL is no longer needed then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
