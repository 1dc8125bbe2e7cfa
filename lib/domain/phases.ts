// The phases a measurement can belong to, and the columns of the per-arch cost table.

export const PHASES = [
  "payload",
  "prefetch",
  "create-upload",
  "restore",
  "rsync",
  "rsync-back",
  "build",
  "queue",
] as const;
export type Phase = (typeof PHASES)[number];

/** Every phase a measurement can have: those above, and `artifact` (the compressed Trusted Artifact's size). */
export const MEASURED_PHASES = [...PHASES, "artifact"] as const;
export type MeasuredPhase = (typeof MEASURED_PHASES)[number];

/** Where a number came from (docs/measurements.md "Phases"). Stored on every measurement. */
export const MEASUREMENT_SOURCES = [
  "step-timestamps",
  "log-marker",
  "time-v",
  "rsync-stats",
  "lockfile",
  "manifest",
  "manual-table",
] as const;
export type MeasurementSource = (typeof MEASUREMENT_SOURCES)[number];

export interface CostColumn {
  phase: Phase;
  /** Key in API rows (e.g. prefetchS); a public contract. */
  key: "sizeBytes" | "prefetchS" | "createUploadS" | "restoreS" | "rsyncS" | "buildS" | "queueS";
  label: string;
  unit: "MiB" | "s";
  /** Which value of the measurement the column shows. */
  value: "bytes" | "seconds";
}

/** The seed issue's table, extended with build and queue time. Order is display order. */
export const COST_COLUMNS: readonly CostColumn[] = [
  { phase: "payload", key: "sizeBytes", label: "Size", unit: "MiB", value: "bytes" },
  { phase: "prefetch", key: "prefetchS", label: "Prefetch", unit: "s", value: "seconds" },
  { phase: "create-upload", key: "createUploadS", label: "Create/Upload", unit: "s", value: "seconds" },
  { phase: "restore", key: "restoreS", label: "Restore", unit: "s", value: "seconds" },
  { phase: "rsync", key: "rsyncS", label: "rsync", unit: "s", value: "seconds" },
  { phase: "build", key: "buildS", label: "Build", unit: "s", value: "seconds" },
  { phase: "queue", key: "queueS", label: "Queue", unit: "s", value: "seconds" },
];

export const MIB = 1024 * 1024;
