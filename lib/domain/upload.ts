// What an upload is made of and what its answer lists: the container format, one line per file, and the
// planned payload a lockfile or manifest sent on its own becomes. Shared by the parsers (lib/ingest), the use
// case (lib/pipeline) and the store (lib/db). Types only.

/** How an upload came: a container format, or "sync" for runs a source fetched (lib/pipeline/sync-source.ts). */
export type BundleFormat = "tar" | "tar.gz" | "zip" | "gz" | "plain" | "sync";

/** "template": a PipelineRun/TaskRun without status (a `.tekton/` file); "definition": a Pipeline or Task. */
export type FileKind = "tekton" | "log" | "lockfile" | "manifest" | "table" | "template" | "definition" | "skipped";

export interface FileSummary {
  name: string;
  kind: FileKind;
  status: "ok" | "skipped";
  message?: string;
}

/** Sizes uploaded on their own for a component: its planned payload. */
export interface PlannedPayloadDraft {
  component: string;
  rows: { arch: string; bytes: number; source: "lockfile" | "manifest"; file: string }[];
}
