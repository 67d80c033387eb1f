// The locale Roster writes numbers and dates in: the OS's own, except where the OS names none.
// A window started with LANG=C or POSIX (a bare Xvfb, a server session) gets the webview default
// "en-US-u-va-posix", which writes 100000 without a separator. PRODUCT.md asks for separators in
// every count, so such a locale falls back to plain en-US.

/** `undefined` (the OS locale as it is) unless `resolved` is a POSIX locale, then "en-US". */
export function displayLocale(resolved: string = new Intl.NumberFormat().resolvedOptions().locale): string | undefined {
  return /(^|-)posix$|^c$/i.test(resolved) ? "en-US" : undefined;
}

/** The locale every formatter in the window uses. */
export const userLocale = displayLocale();
