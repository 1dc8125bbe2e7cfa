// Number formatting for the UI: every number carries its unit.
import { MIB } from "./domain/phases";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** 3724541952 → "3,552 MiB"; values under 10 MiB keep one decimal. */
export function formatMiB(bytes: number): string {
  const mib = bytes / MIB;
  return `${(mib < 10 ? oneDecimal : integer).format(mib)} MiB`;
}

/** 530 → "530 s"; under 10 s keeps one decimal. */
export function formatSeconds(seconds: number): string {
  return `${(seconds < 10 ? oneDecimal : integer).format(seconds)} s`;
}

export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${integer.format(n)} ${n === 1 ? singular : plural}`;
}

/** ISO timestamp → "2024-08-12 14:03 UTC" (UTC so server and browser render the same text). */
export function formatTimestamp(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
