// "5 minutes ago" in the OS locale for recent moments, the locale's date and time for older ones.
import { userLocale } from "./locale";

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
];

/** A short, locale-formatted description of when `iso` happened, relative to `now`. */
export function describeWhen(iso: string, now: Date = new Date(), locale: string | undefined = userLocale): string {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  let amount = (when.getTime() - now.getTime()) / 1000;
  if (Math.abs(amount) < 45) return "just now";
  for (const [unit, size] of units) {
    if (Math.abs(amount) < size) {
      return new Intl.RelativeTimeFormat(locale, { numeric: "auto" }).format(Math.round(amount), unit);
    }
    amount /= size;
  }
  return formatDateTime(iso, locale);
}

/** The full date and time in the OS locale, for tooltips and older moments. */
export function formatDateTime(iso: string, locale: string | undefined = userLocale): string {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(when);
}

/** A calendar day ("2026-03-09", no time zone) in the OS locale's medium date ("9 Mar 2026"); anything else as it is. */
export function formatDay(day: string, locale: string | undefined = userLocale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(date);
}
