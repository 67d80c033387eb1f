// The Settings form as text fields, checked the way Roster's core checks them, so a message sits next to its field.
import type { Retention, Schedule, Settings } from "../../ipc/bindings";

export type ScheduleKind = Schedule["kind"];
export type RetentionKind = Retention["kind"];

export type SettingsForm = {
  scheduleKind: ScheduleKind;
  minutes: string;
  dailyAt: string;
  maxDeactivatedPercent: string;
  maxDeactivatedPeople: string;
  maxIdentityChangesPercent: string;
  missingRuns: string;
  notifications: boolean;
  retentionKind: RetentionKind;
  retentionMonths: string;
};

export type FieldName = Exclude<keyof SettingsForm, "scheduleKind" | "notifications" | "retentionKind">;
export type FormErrors = Partial<Record<FieldName, string>>;

export const minMinutes = 5;
export const maxMinutes = 24 * 60;
export const maxMissingRuns = 100;
export const maxRetentionMonths = 1200;

export function toForm(s: Settings): SettingsForm {
  return {
    scheduleKind: s.schedule.kind,
    minutes: s.schedule.kind === "every_minutes" ? String(s.schedule.minutes) : "15",
    dailyAt: s.schedule.kind === "daily" ? s.schedule.at : "06:00",
    maxDeactivatedPercent: String(s.guardrails.max_deactivated_percent),
    maxDeactivatedPeople: String(s.guardrails.max_deactivated_people),
    maxIdentityChangesPercent: String(s.guardrails.max_identity_changes_percent),
    missingRuns: String(s.missing_runs_to_deactivate),
    notifications: s.notifications,
    retentionKind: s.retention.kind,
    retentionMonths: s.retention.kind === "months" ? String(s.retention.months) : "24",
  };
}

function wholeNumber(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

function percentage(text: string): number | null {
  const t = text.trim();
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return n >= 0 && n <= 100 ? n : null;
}

/** Problems by field; only the fields the current choices use are checked. */
export function validate(f: SettingsForm): FormErrors {
  const errors: FormErrors = {};
  if (f.scheduleKind === "every_minutes") {
    const n = wholeNumber(f.minutes);
    if (n === null || n < minMinutes || n > maxMinutes) {
      errors.minutes = `Enter a whole number of minutes from ${minMinutes} to ${maxMinutes.toLocaleString()}.`;
    }
  }
  if (f.scheduleKind === "daily" && !/^([01]\d|2[0-3]):[0-5]\d$/.test(f.dailyAt)) {
    errors.dailyAt = "Enter a time such as 06:30.";
  }
  if (percentage(f.maxDeactivatedPercent) === null) {
    errors.maxDeactivatedPercent = "Enter a percentage from 0 to 100.";
  }
  if (wholeNumber(f.maxDeactivatedPeople) === null) {
    errors.maxDeactivatedPeople = "Enter a whole number of people (0 or more).";
  }
  if (percentage(f.maxIdentityChangesPercent) === null) {
    errors.maxIdentityChangesPercent = "Enter a percentage from 0 to 100.";
  }
  const runs = wholeNumber(f.missingRuns);
  if (runs === null || runs < 1 || runs > maxMissingRuns) {
    errors.missingRuns = `Enter a number of runs from 1 to ${maxMissingRuns}.`;
  }
  if (f.retentionKind === "months") {
    const months = wholeNumber(f.retentionMonths);
    if (months === null || months < 1 || months > maxRetentionMonths) {
      errors.retentionMonths = `Enter a number of months from 1 to ${maxRetentionMonths.toLocaleString()}.`;
    }
  }
  return errors;
}

/** The settings a valid form stands for (call only when validate found nothing). */
export function toSettings(f: SettingsForm): Settings {
  const schedule: Schedule =
    f.scheduleKind === "every_minutes"
      ? { kind: "every_minutes", minutes: Number(f.minutes.trim()) }
      : f.scheduleKind === "daily"
        ? { kind: "daily", at: f.dailyAt }
        : { kind: f.scheduleKind };
  const retention: Retention =
    f.retentionKind === "months" ? { kind: "months", months: Number(f.retentionMonths.trim()) } : { kind: "keep_all" };
  return {
    schedule,
    guardrails: {
      max_deactivated_percent: Number(f.maxDeactivatedPercent.trim()),
      max_deactivated_people: Number(f.maxDeactivatedPeople.trim()),
      max_identity_changes_percent: Number(f.maxIdentityChangesPercent.trim()),
    },
    missing_runs_to_deactivate: Number(f.missingRuns.trim()),
    notifications: f.notifications,
    retention,
  };
}

/** The field a Rust validation message is about (its message starts with the field's label). */
export function fieldOfServerMessage(message: string): FieldName | null {
  const starts: [string, FieldName][] = [
    ["Sync every N minutes", "minutes"],
    ["Sync daily at", "dailyAt"],
    ["Hold when deactivations exceed", "maxDeactivatedPercent"],
    ["Hold when identity changes exceed", "maxIdentityChangesPercent"],
    ["Missing from TriNet", "missingRuns"],
    ["Keep change details for", "retentionMonths"],
  ];
  return starts.find(([prefix]) => message.startsWith(prefix))?.[1] ?? null;
}

export function sameForm(a: SettingsForm, b: SettingsForm): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function describeSchedule(s: Schedule): string {
  switch (s.kind) {
    case "off":
      return "Off";
    case "every_minutes":
      return `Every ${s.minutes} minutes`;
    case "hourly":
      return "Hourly";
    case "daily":
      return `Daily at ${s.at}`;
  }
}
