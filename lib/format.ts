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

/** 3914 → "1 h 5 min", 1369 → "22 min 49 s", 45 → "45 s": wall times a person reads at a glance. */
export function formatDuration(seconds: number): string {
  const total = Math.round(Math.abs(seconds));
  const sign = seconds < 0 ? "−" : "";
  if (total < 60) return `${sign}${total} s`;
  const h = Math.floor(total / 3600);
  const min = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${sign}${h} h ${min} min`;
  return `${sign}${min} min${s ? ` ${s} s` : ""}`;
}
