// Whole numbers as the OS locale writes them (thousands separators), for every count Roster shows.
import { userLocale } from "./locale";

const numberFormat = new Intl.NumberFormat(userLocale);

export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** "1 person", "1,204 people": the count and the noun that goes with it. */
export function countOf(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
