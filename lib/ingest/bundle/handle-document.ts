// A JSON or YAML file of an upload: an RPM lockfile, an OCI image manifest, or else Tekton objects (runs,
// templates, definitions), each recorded with its per-file line.
import { parseTektonText } from "../../tekton/parse-documents";
import { looksLikeRpmLockfile, rpmLockfileSizes } from "../lockfile";
import { looksLikeOciManifest, ociManifestSizes } from "../oci-manifest";
import { parseYamlDocuments } from "../yaml";
import type { BundleCollector } from "./collector";
import { startsLikeJson, utf8Text } from "./read-bytes";
import { tektonFileSummary } from "./summary";

/**
 * The documents of a file, read just far enough to tell a lockfile or a manifest: JSON that is one value, or
 * YAML (`text`; null for JSON). JSON Lines and concatenated JSON are not one value: they go straight to the Tekton
 * reader.
 */
function lockfileOrManifestCandidates(bytes: Buffer, text: string | null, file: string): unknown[] {
  if (text === null) {
    // Only a text naming a manifest's or lockfile's key can be one: a Tekton export is then parsed once, not twice.
    if (!bytes.includes('"layers"') && !bytes.includes('"lockfileVersion"')) return [];
    try {
      return [JSON.parse(utf8Text(bytes)) as unknown];
    } catch {
      return [];
    }
  }
  return parseYamlDocuments(text, file);
}

/** Reads the Tekton objects of a file (`text`, or its JSON `bytes` when text is null) and records them. */
function handleTekton(collector: BundleCollector, file: string, bytes: Buffer, text: string | null): void {
  const parsed = parseTektonText(text ?? bytes, file);
  for (const ignored of parsed.ignored) {
    collector.warnings.push(
      `${file}: ${ignored.kind}${ignored.name ? ` ${ignored.name}` : ""} ignored: ${ignored.reason}`,
    );
  }
  const summary = tektonFileSummary(file, parsed);
  collector.files.push(summary);
  if (summary.kind === "tekton") collector.tekton.push(parsed);
}

/** Tells a structured file's kind from its content (bytes already checked to be UTF-8) and records it. */
export function handleDocument(collector: BundleCollector, file: string, bytes: Buffer): void {
  // JSON stays bytes for the Tekton reader; YAML becomes text once, for both readers.
  const text = startsLikeJson(bytes) ? null : utf8Text(bytes);
  const documents = lockfileOrManifestCandidates(bytes, text, file);
  if (documents.length === 1 && looksLikeRpmLockfile(documents[0])) {
    const sizes = rpmLockfileSizes(documents[0], file);
    collector.facts.lockfiles.push({ file, sizes });
    collector.warnings.push(...sizes.warnings);
    collector.files.push({ name: file, kind: "lockfile", status: "ok" });
    return;
  }
  if (documents.length === 1 && looksLikeOciManifest(documents[0])) {
    collector.facts.manifests.push({ file, sizes: ociManifestSizes(documents[0], file) });
    collector.files.push({ name: file, kind: "manifest", status: "ok" });
    return;
  }
  handleTekton(collector, file, bytes, text);
}
