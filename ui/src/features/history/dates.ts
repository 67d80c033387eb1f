// Months (YYYY-MM) as the OS locale writes them, and the date ranges History offers (days: shared formatDay).
import { userLocale } from "../../shared/locale";

const monthFormat = new Intl.DateTimeFormat(userLocale, { month: "short", year: "numeric", timeZone: "UTC" });

function utc(month: string): Date | null {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)) : null;
}

/** "2026-03" → "Mar 2026" (in the OS locale). */
export function formatMonth(month: string): string {
  const date = utc(month);
  return date ? monthFormat.format(date) : month;
}

const iso = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;

/** The calendar quarter before the one `today` is in, as from/to days (local calendar). */
export function lastQuarter(today: Date = new Date()): { from: string; to: string } {
  const startMonth = Math.floor(today.getMonth() / 3) * 3 - 3;
  const from = new Date(today.getFullYear(), startMonth, 1);
  const to = new Date(today.getFullYear(), startMonth + 3, 0);
  return { from: iso(from), to: iso(to) };
}
