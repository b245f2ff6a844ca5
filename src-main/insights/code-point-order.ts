/**
 * Codes, BINs, country codes and check results are ASCII: compared by code point, not with a
 * collator (localeCompare over a thousand BINs' ties was most of the BIN slice's time).
 */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
