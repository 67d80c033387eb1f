// Checks the Connect form before anything is sent, with messages that say how to fix each value.
import type { ConnectionForm } from "../../ipc/bindings";

export type FormValues = { company_id: string; client_id: string; client_secret: string; base_url: string };
export type FieldName = keyof FormValues;
export type FieldErrors = Partial<Record<FieldName, string>>;

export const emptyValues: FormValues = { company_id: "", client_id: "", client_secret: "", base_url: "" };

export const fieldLabels: Record<FieldName, string> = {
  company_id: "Company ID",
  client_id: "Client ID",
  client_secret: "Client Secret",
  base_url: "API base URL",
};

export const defaultBaseUrl = "https://api.trinet.com";

const paddedMessage =
  "Remove the space at the start or end. Copying from a web page often adds one.";

function checkRequired(field: FieldName, value: string): string | undefined {
  if (value.trim() === "") return `Enter the ${fieldLabels[field]}.`;
  if (value !== value.trim()) return paddedMessage;
  return undefined;
}

function checkBaseUrl(value: string): string | undefined {
  if (value === "") return undefined;
  if (value !== value.trim()) return paddedMessage;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `Enter a full web address that starts with https://, like ${defaultBaseUrl}, or leave it empty.`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return `The address must start with https:// (or http:// for a test server on this computer), like ${defaultBaseUrl}.`;
  }
  if (url.username !== "" || url.password !== "") {
    return "Remove the user name or password (the part before @): Roster sends the client secret only to TriNet's token endpoint.";
  }
  if (url.protocol === "http:" && !isThisComputer(url.hostname)) {
    return "The address must start with https://. Plain http:// would send the client secret unencrypted, so it is only for this computer (localhost, 127.0.0.1 or ::1).";
  }
  return undefined;
}

/** Loopback hosts, the only ones Roster (in Rust) lets plain http:// reach. */
function isThisComputer(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Every problem with the values, by field; an empty object means the form can be sent. */
export function validate(values: FormValues): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of ["company_id", "client_id", "client_secret"] as const) {
    const problem = checkRequired(field, values[field]);
    if (problem) errors[field] = problem;
  }
  const urlProblem = checkBaseUrl(values.base_url);
  if (urlProblem) errors.base_url = urlProblem;
  return errors;
}

export function toConnectionForm(values: FormValues): ConnectionForm {
  return {
    company_id: values.company_id,
    client_id: values.client_id,
    client_secret: values.client_secret,
    base_url: values.base_url === "" ? null : values.base_url,
  };
}

export function sameValues(a: FormValues, b: FormValues): boolean {
  return (Object.keys(a) as FieldName[]).every((field) => a[field] === b[field]);
}
