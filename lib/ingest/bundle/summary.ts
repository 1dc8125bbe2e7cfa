// The per-file line of an upload's answer for a file of Tekton objects: the runs it held, and the templates,
// definitions and other objects that were passed over.
import type { FileSummary } from "../../domain/upload";
import type { TektonDocuments } from "../../tekton/types";

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Notes on what a file held besides runs: templates, definitions, shape-inferred objects, unsupported, skipped. */
function tektonNotes(parsed: TektonDocuments): string[] {
  const skippedKinds = Object.entries(parsed.skippedKinds ?? {});
  const skipped =
    skippedKinds.length > 0 ? `skipped: ${skippedKinds.map(([kind, count]) => `${count} ${kind}`).join(", ")}` : null;
  const templates = parsed.templates ?? [];
  const definitions = parsed.definitions ?? [];
  const unsupported = parsed.unsupported ?? [];
  return [
    templates.length > 0 ? `${plural(templates.length, "template")} without status (not runs)` : null,
    definitions.length > 0 ? `${plural(definitions.length, "Pipeline/Task definition")} (not runs)` : null,
    (parsed.inferred ?? 0) > 0 ? `${parsed.inferred} without apiVersion/kind, read by their shape` : null,
    ...unsupported.map((u) => `${u.kind}${u.name ? ` ${u.name}` : ""}: ${u.reason}`),
    skipped,
  ].filter((note): note is string => note !== null);
}

/** The per-file line of the upload's answer: what a file of Tekton objects held, and what was passed over. */
export function tektonFileSummary(name: string, parsed: TektonDocuments): FileSummary {
  const notes = tektonNotes(parsed);
  const templates = parsed.templates ?? [];
  const definitions = parsed.definitions ?? [];
  if (parsed.pipelineRuns.length > 0 || parsed.taskRuns.length > 0) {
    return {
      name,
      kind: "tekton",
      status: "ok",
      message: [`${parsed.pipelineRuns.length} PipelineRun(s), ${parsed.taskRuns.length} TaskRun(s)`, ...notes].join(
        "; ",
      ),
    };
  }
  if (templates.length > 0) {
    return {
      name,
      kind: "template",
      status: "skipped",
      message:
        `a ${templates[0]!.kind} template (no status), not a run: nothing was measured. To rewire it for another ` +
        `strategy, paste it into the Pipeline YAML panel's patch mode on a component page (POST /api/generate with the file as "base")` +
        (notes.length > 1 ? `; ${notes.slice(1).join("; ")}` : ""),
    };
  }
  if (definitions.length > 0) {
    return {
      name,
      kind: "definition",
      status: "skipped",
      message: `${definitions.map((d) => `${d.kind}${d.name ? ` ${d.name}` : ""}`).join(", ")}: a definition, not a run; nothing was measured`,
    };
  }
  return {
    name,
    kind: "skipped",
    status: "skipped",
    message: ["no PipelineRun or TaskRun in it", ...notes].join("; "),
  };
}
