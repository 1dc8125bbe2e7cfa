// Every app/api route goes through lib/http/route.ts: it exports its handlers as route(…) and keeps no
// try/catch of its own, so access checks and error answers are the same everywhere. Two real routes are
// called on the paths that end before the database.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
// These import lib/db/client.ts, and so "server-only": vitest.config.ts resolves it to its no-op build.
import { GET as listComponents } from "@/app/api/components/route";
import { POST as generate } from "@/app/api/generate/route";

const API = path.resolve(import.meta.dirname, "../../../app/api");

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

const files = routeFiles(API).map((file) => [path.relative(API, file), readFileSync(file, "utf8")] as const);

describe("app/api routes", () => {
  it("are all found", () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)("%s exports its handlers through route() and has no try/catch", (_file, source) => {
    expect(source).toMatch(/from "@\/lib\/http\/route"/);
    expect(source).not.toMatch(/export (async )?function (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/);
    for (const [, method] of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)) {
      expect(source).toMatch(new RegExp(`export const ${method} = route\\(`));
    }
    expect(source).not.toMatch(/\btry\s*\{/);
    expect(source).not.toMatch(/errorResponse/);
  });
});

describe("real routes, before the database", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("GET /api/components: a bad query is 422, a missing read token 401", async () => {
    vi.stubEnv("READ_TOKEN", "");
    const invalid = await listComponents(new Request("http://test/api/components?perPage=0"));
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { error: { message: string } }).error.message).toMatch(
      /^The request is not valid: perPage: /,
    );
    vi.stubEnv("READ_TOKEN", "s3cret-read-token-0123");
    expect((await listComponents(new Request("http://test/api/components"))).status).toBe(401);
  });

  it("POST /api/generate: a body that is not JSON is 415", async () => {
    vi.stubEnv("READ_TOKEN", "");
    const response = await generate(
      new Request("http://test/api/generate", { method: "POST", body: "x", headers: { "content-type": "text/plain" } }),
    );
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({
      error: {
        code: "unsupported_type",
        message: "Content-Type text/plain is not accepted; send the request as application/json",
      },
    });
  });

  it("POST /api/generate in patch mode: a scan the user's file lacks is a failed check in a 200, with a warning", async () => {
    vi.stubEnv("READ_TOKEN", "");
    const fixture = readFileSync(
      path.resolve(import.meta.dirname, "../../fixtures/tekton/compact-multi-platform-oci-ta-push.yaml"),
      "utf8",
    );
    // The same file without its clair-scan task (a matrix task: from its `- matrix:` line to the next task).
    const start = fixture.indexOf("    - matrix:\n        params:\n        - name: image-platform");
    const end = fixture.indexOf("\n    - ", start + 10) + 1;
    const base = fixture.slice(0, start) + fixture.slice(end);
    expect(base).not.toContain("clair-scan");
    const post = (body: unknown) =>
      generate(
        new Request("http://test/api/generate", {
          method: "POST",
          body: JSON.stringify(body),
          headers: { "content-type": "application/json" },
        }),
      );
    const response = await post({ strategy: "ta-split", component: "shop-api", base });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as {
      checks: { name: string; ok: boolean; detail?: string }[];
      warnings: string[];
    };
    expect(answer.checks.find((check) => check.name === "required-tasks")).toEqual({
      name: "required-tasks",
      ok: false,
      detail: "missing required tasks: clair-scan",
    });
    expect(answer.checks.filter((check) => !check.ok)).toHaveLength(1);
    expect(answer.warnings.join("\n")).toMatch(/Your file lacks tasks .*\(clair-scan\): Enterprise Contract/);
    // The whole fixture has every required task; an empty list turns the check off.
    const full = (await (await post({ strategy: "ta-split", component: "shop-api", base: fixture })).json()) as {
      checks: { ok: boolean }[];
    };
    expect(full.checks.every((check) => check.ok)).toBe(true);
    const off = (await (
      await post({ strategy: "ta-split", component: "shop-api", base, options: { requiredTasks: [] } })
    ).json()) as { checks: { name: string; ok: boolean }[] };
    expect(off.checks.every((check) => check.ok)).toBe(true);
  });
});
