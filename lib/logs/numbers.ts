// Number parsing for scanned values: `time -v` clock durations and rsync's comma-grouped counts and rates.

/** Parses `time -v` Elapsed: `1:35.48` (m:ss.cc) or `1:02:03` (h:mm:ss); null when malformed. */
export function parseClockDuration(value: string): number | null {
  const parts = value.trim().split(":");
  if (parts.length < 2 || parts.length > 3) return null;
  let seconds = 0;
  for (const [index, part] of parts.entries()) {
    const isLast = index === parts.length - 1;
    if (!(isLast ? /^\d+(?:\.\d+)?$/ : /^\d+$/).test(part)) return null;
    seconds = seconds * 60 + Number(part);
  }
  // 60 + 35.48 is 95.47999… in binary floating point; time prints centiseconds at most.
  return Math.round(seconds * 1000) / 1000;
}

/** Parses an integer that may be comma-grouped (`9,876,543,210`); null when absent or malformed. */
export function parseCount(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,3}(?:,?\d{3})*$/.test(value)) return null;
  const parsed = Number(value.replaceAll(",", ""));
  return Number.isSafeInteger(parsed) ? parsed : null;
}

/** Parses a rate that may be comma-grouped with a decimal part (`45,123,456.78`); null when malformed. */
export function parseDecimal(value: string | undefined): number | null {
  if (value === undefined) return null;
  const [whole, fraction] = value.split(".");
  const count = parseCount(whole);
  return count === null ? null : count + (fraction === undefined ? 0 : Number(`0.${fraction}`));
}
