/**
 * The locale every figure on screen is written in, and every typed amount read in: the
 * browser's (Chromium's --lang, the desktop's system language). One place, so a locale setting
 * can take over.
 */
export function appLocale(): string {
  return new Intl.NumberFormat().resolvedOptions().locale
}
