// The refresh script's logic, offline: refs parsed, re-pinned through an injected resolver, the file rewritten
// with today's date; and the registry resolver's token dance against a fake fetch.
import { describe, expect, it } from "vitest";
import {
  parseBearerChallenge,
  parseBundleRef,
  refreshBundleRefs,
  registryResolver,
  serialiseBundleRefs,
} from "@/lib/generate/bundle-refresh";
import { bundleRefsSchema, type BundleRefsFile } from "@/lib/generate/bundle-refs";

const OLD = `sha256:${"a".repeat(64)}`;
const NEW = `sha256:${"b".repeat(64)}`;
const REPO = "quay.io/konflux-ci/tekton-catalog";

const file: BundleRefsFile = {
  takenAt: "2026-08-01",
  refs: {
    init: {
      ref: `${REPO}/task-init:0.4.3@${OLD}`,
      seen: { repo: "konflux-ci/x", path: ".tekton/x-push.yaml", commit: "c".repeat(40), date: "2026-08-01" },
    },
    "clair-scan": { ref: `${REPO}/task-clair-scan:0.3@${OLD}`, seen: { registry: "quay.io", date: "2026-07-01" } },
  },
};

describe("parseBundleRef", () => {
  it("splits a pinned ref and a tag-only one", () => {
    expect(parseBundleRef(`${REPO}/task-init:0.4.3@${OLD}`)).toEqual({
      repository: `${REPO}/task-init`,
      tag: "0.4.3",
      digest: OLD,
    });
    expect(parseBundleRef(`${REPO}/task-git-clone:0.2`)).toEqual({ repository: `${REPO}/task-git-clone`, tag: "0.2" });
    expect(parseBundleRef("localhost:5000/task-x:1.0")).toEqual({ repository: "localhost:5000/task-x", tag: "1.0" });
  });

  it("rejects a ref without a tag", () => {
    expect(() => parseBundleRef(`${REPO}/task-init@${OLD}`)).toThrow(/with a tag/);
    expect(() => parseBundleRef("task-init:0.4")).toThrow(/with a tag/);
  });
});

describe("refreshBundleRefs", () => {
  it("re-pins every ref to its tag's digest, dated today, and lists what changed", async () => {
    const asked: string[] = [];
    const { file: refreshed, changes } = await refreshBundleRefs(
      file,
      async (repository, tag) => {
        asked.push(`${repository}:${tag}`);
        return tag === "0.4.3" ? NEW : OLD;
      },
      "2026-12-06",
    );
    expect(asked).toEqual([`${REPO}/task-init:0.4.3`, `${REPO}/task-clair-scan:0.3`]);
    expect(refreshed.takenAt).toBe("2026-12-06");
    expect(refreshed.refs.init).toEqual({
      ref: `${REPO}/task-init:0.4.3@${NEW}`,
      seen: { registry: "quay.io", date: "2026-12-06" },
    });
    expect(refreshed.refs["clair-scan"]?.ref).toBe(`${REPO}/task-clair-scan:0.3@${OLD}`);
    expect(changes).toEqual([
      { kind: "init", from: `${REPO}/task-init:0.4.3@${OLD}`, to: `${REPO}/task-init:0.4.3@${NEW}` },
    ]);
    // What the script writes parses back to the same file.
    expect(bundleRefsSchema.parse(JSON.parse(serialiseBundleRefs(refreshed)))).toEqual(refreshed);
  });

  it("pins a tag-only ref (after a maintainer moved it to a new version)", async () => {
    const edited = structuredClone(file);
    (edited.refs as Record<string, { ref: string }>).init!.ref = `${REPO}/task-init:0.5`;
    const { file: refreshed } = await refreshBundleRefs(edited as BundleRefsFile, async () => NEW, "2026-12-06");
    expect(refreshed.refs.init?.ref).toBe(`${REPO}/task-init:0.5@${NEW}`);
  });

  it("fails whole on a failed look-up or a malformed digest, naming the ref", async () => {
    await expect(
      refreshBundleRefs(file, async () => Promise.reject(new Error("fetch failed")), "2026-12-06"),
    ).rejects.toThrow(`${REPO}/task-init:0.4.3: fetch failed`);
    await expect(refreshBundleRefs(file, async () => "sha256:short", "2026-12-06")).rejects.toThrow(
      /task-init:0\.4\.3 resolved to "sha256:short"/,
    );
  });
});

describe("registryResolver", () => {
  it("answers quay.io's bearer challenge with an anonymous token, then reads Docker-Content-Digest", async () => {
    const calls: { url: string; method: string; auth?: string; accept?: string }[] = [];
    const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      const headers = (init?.headers ?? {}) as Record<string, string>;
      calls.push({ url, method: init?.method ?? "GET", auth: headers.authorization, accept: headers.accept });
      if (url.startsWith("https://quay.io/v2/auth")) return Response.json({ token: "t0k" });
      if (headers.authorization !== "Bearer t0k") {
        return new Response(null, {
          status: 401,
          headers: {
            "www-authenticate":
              'Bearer realm="https://quay.io/v2/auth",service="quay.io",scope="repository:konflux-ci/tekton-catalog/task-init:pull"',
          },
        });
      }
      return new Response(null, { status: 200, headers: { "docker-content-digest": NEW } });
    }) as typeof fetch;
    const digest = await registryResolver(fakeFetch)(`${REPO}/task-init`, "0.4.3");
    expect(digest).toBe(NEW);
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      "HEAD https://quay.io/v2/konflux-ci/tekton-catalog/task-init/manifests/0.4.3",
      "GET https://quay.io/v2/auth?service=quay.io&scope=repository%3Akonflux-ci%2Ftekton-catalog%2Ftask-init%3Apull",
      "HEAD https://quay.io/v2/konflux-ci/tekton-catalog/task-init/manifests/0.4.3",
    ]);
    expect(calls[0]?.accept).toMatch(/application\/vnd\.oci\.image\.index\.v1\+json/);
  });

  it("reports a missing tag and a registry that sends no digest", async () => {
    const notFound = (async () => new Response(null, { status: 404 })) as typeof fetch;
    await expect(registryResolver(notFound)(`${REPO}/task-init`, "9.9")).rejects.toThrow(/HTTP 404/);
    const noDigest = (async () => new Response(null, { status: 200 })) as typeof fetch;
    await expect(registryResolver(noDigest)(`${REPO}/task-init`, "0.4")).rejects.toThrow(/--skopeo/);
  });

  it("parses a bearer challenge", () => {
    expect(parseBearerChallenge('Bearer realm="https://r/auth",service="r"')).toEqual({
      realm: "https://r/auth",
      service: "r",
    });
    expect(parseBearerChallenge('Basic realm="x"')).toBeNull();
  });
});
