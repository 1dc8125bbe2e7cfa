// Timestamp parsing for scanned lines: hermeto's `YYYY-MM-DD HH:MM:SS,mmm` stamps and the fields of
// buildah-remote's bracketed `date --utc -Ins` stamps, both read as UTC Dates.

/** The stamp of a hermeto line (`2025-09-17 10:41:07,412`), read as UTC. */
export function hermetoDate(text: string): Date | null {
  return utcDate(
    text.slice(0, 4),
    text.slice(5, 7),
    text.slice(8, 10),
    text.slice(11, 13),
    text.slice(14, 16),
    text.slice(17, 19),
    text.slice(20, 23),
    undefined,
  );
}

/** Builds a Date from stamp fields; the fraction keeps millisecond precision; zone `±hh:mm`, `±hhmm`, `Z` or none (UTC). */
export function utcDate(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  fraction: string | undefined,
  zone: string | undefined,
): Date | null {
  const [y, mo, d, h, mi, s] = [Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second)];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== "Z") {
    const digits = zone.replace(":", "");
    const sign = digits.startsWith("-") ? -1 : 1;
    offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const time = Date.UTC(y, mo - 1, d, h, mi, s, millis) - offsetMinutes * 60_000;
  return Number.isNaN(time) ? null : new Date(time);
}
