// ConnectionStatus values for unit tests, shaped exactly like the generated binding.
import type { ConnectionStatus, ConnectionTest } from "../ipc/bindings";

export const notConnected: ConnectionStatus = {
  state: "not_connected",
  profile: "company",
  company_id: null,
  client_id: null,
  company_name: null,
  legal_name: null,
  base_url: null,
  scopes: [],
  last_verified_at: null,
  last_checked_at: null,
  problem: null,
};

export const connected: ConnectionStatus = {
  state: "connected",
  profile: "company",
  company_id: "ACME01",
  client_id: "client-7f3a",
  company_name: "Acme Widgets",
  legal_name: "Acme Widgets, Inc.",
  base_url: "https://api.trinet.com",
  scopes: ["company.read", "employee.read"],
  last_verified_at: new Date(Date.now() - 5 * 60_000).toISOString(),
  last_checked_at: new Date(Date.now() - 5 * 60_000).toISOString(),
  problem: null,
};

export const needsAttention: ConnectionStatus = {
  ...connected,
  state: "needs_attention",
  problem: {
    code: "bad_credentials",
    message: "TriNet rejected the saved Client ID and Client Secret. Enter current credentials from the Integration Center.",
  },
};

export const sandboxConnected: ConnectionStatus = {
  ...connected,
  profile: "sandbox",
  company_id: "SANDBOX",
  client_id: "sandbox-client",
  company_name: "Riverstone Tools",
  legal_name: "Riverstone Tools, Inc.",
  base_url: "http://127.0.0.1:41234",
};

export const passedTest: ConnectionTest = {
  company_id: "ACME01",
  company_name: "Acme Widgets",
  legal_name: "Acme Widgets, Inc.",
  scopes: ["company.read", "employee.read"],
};
