// Moving ./bundle-refs.json on (`npm run bundles:refresh`, cli/refresh-bundles.ts): each ref's tag is resolved to
// the registry's current digest and the file is rewritten with today's date. The resolver is injected, so all of
// this runs offline in the tests; registryResolver asks an OCI registry over HTTP with the given fetch.
import { bundleRefsSchema, type BundleRefsFile } from "./bundle-refs";

/** `quay.io/konflux-ci/tekton-catalog/task-init:0.4.3[@sha256:…]` → repository, tag and digest (if pinned). */
export function parseBundleRef(ref: string): { repository: string; tag: string; digest?: string } {
  const match = /^(?<repository>[^\s@]+?):(?<tag>[\w.-]+)(?:@(?<digest>sha256:[0-9a-f]{64}))?$/.exec(ref);
  const { repository, tag, digest } = match?.groups ?? {};
  if (repository === undefined || tag === undefined || !repository.includes("/")) {
    throw new Error(`not a bundle ref with a tag: ${ref}`);
  }
  return digest === undefined ? { repository, tag } : { repository, tag, digest };
}

/** Resolves `repository:tag` to the digest of the manifest it points at (`sha256:<64 hex>`). */
export type DigestResolver = (repository: string, tag: string) => Promise<string>;

export interface RefreshChange {
  kind: string;
  from: string;
  to: string;
}

/**
 * Every ref re-pinned to its tag's current digest, `seen` set to the registry and `takenAt` to `today`. One failed
 * look-up fails the whole refresh: a half-refreshed file would claim a date some refs were not taken on.
 */
export async function refreshBundleRefs(
  file: BundleRefsFile,
  resolve: DigestResolver,
  today: string,
): Promise<{ file: BundleRefsFile; changes: RefreshChange[] }> {
  const refs: BundleRefsFile["refs"] = {};
  const changes: RefreshChange[] = [];
  for (const [kind, entry] of Object.entries(file.refs)) {
    const { repository, tag } = parseBundleRef(entry.ref);
    const digest = await resolve(repository, tag).catch((error: unknown) => {
      throw new Error(`${repository}:${tag}: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) {
      throw new Error(`${repository}:${tag} resolved to ${JSON.stringify(digest)}, not sha256:<64 hex>`);
    }
    const ref = `${repository}:${tag}@${digest}`;
    if (ref !== entry.ref) changes.push({ kind, from: entry.ref, to: ref });
    refs[kind] = { ref, seen: { registry: repository.split("/")[0] ?? repository, date: today } };
  }
  return { file: bundleRefsSchema.parse({ ...file, takenAt: today, refs }), changes };
}

/** The file as committed: two-space JSON and a final newline (what prettier keeps). */
export const serialiseBundleRefs = (file: BundleRefsFile) => `${JSON.stringify(file, null, 2)}\n`;

/** `Bearer realm="https://quay.io/v2/auth",service="quay.io",scope="repository:x:pull"` → its parts. */
export function parseBearerChallenge(header: string): Record<string, string> | null {
  if (!/^Bearer\s/i.test(header)) return null;
  const parts: Record<string, string> = {};
  for (const match of header.matchAll(/(\w+)="([^"]*)"/g)) if (match[1]) parts[match[1]] = match[2] ?? "";
  return parts.realm ? parts : null;
}

const MANIFEST_TYPES = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

/**
 * A resolver over the OCI distribution API: `HEAD /v2/<name>/manifests/<tag>`, answering an anonymous bearer
 * challenge once (quay.io asks for a token even for public repositories); the digest is `Docker-Content-Digest`.
 */
export function registryResolver(fetchImpl: typeof fetch): DigestResolver {
  return async (repository, tag) => {
    const slash = repository.indexOf("/");
    const host = repository.slice(0, slash);
    const url = `https://${host}/v2/${repository.slice(slash + 1)}/manifests/${encodeURIComponent(tag)}`;
    const headers: Record<string, string> = { accept: MANIFEST_TYPES };
    let response = await fetchImpl(url, { method: "HEAD", headers });
    const challenge = parseBearerChallenge(response.headers.get("www-authenticate") ?? "");
    if (response.status === 401 && challenge?.realm) {
      const tokenUrl = new URL(challenge.realm);
      if (challenge.service) tokenUrl.searchParams.set("service", challenge.service);
      tokenUrl.searchParams.set("scope", challenge.scope ?? `repository:${repository.slice(slash + 1)}:pull`);
      const tokenResponse = await fetchImpl(tokenUrl.href);
      if (!tokenResponse.ok) throw new Error(`${tokenUrl.href}: HTTP ${tokenResponse.status}`);
      const body = (await tokenResponse.json()) as { token?: string; access_token?: string };
      headers.authorization = `Bearer ${body.token ?? body.access_token ?? ""}`;
      response = await fetchImpl(url, { method: "HEAD", headers });
    }
    if (!response.ok) throw new Error(`${repository}:${tag}: HTTP ${response.status} from ${url}`);
    const digest = response.headers.get("docker-content-digest");
    if (digest === null) throw new Error(`${url} sent no Docker-Content-Digest header (try --skopeo)`);
    return digest;
  };
}
