// POST /api/plan's request (lib/pipeline/plan-request.ts): the schema names each bad field, a lockfile gives the
// payload per arch (SRPMs de-duplicated as `source`) and the platforms, sizes can be given instead, and a multipart
// form becomes the same request.
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { AppError } from "@/lib/errors";
import { planPayload, planRequestFromForm, planRequestSchema } from "@/lib/pipeline/plan-request";
import { buildLockfile, lockfilePayload, lockfileYaml } from "../../fixtures/bundles/lockfile";
import { RPM_ARCH } from "../../fixtures/bundles/plan";

const ARCHES = ["amd64", "arm64", "ppc64le", "s390x"];
const lock = buildLockfile(ARCHES);
const archOf = (rpmArch: string) => Object.entries(RPM_ARCH).find(([, rpm]) => rpm === rpmArch)?.[0] ?? rpmArch;

const issues = (body: unknown) => {
  const result = planRequestSchema.safeParse(body);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
};

describe("the plan request", () => {
  it("reads a four-arch lockfile into bytes per arch, SRPMs once, and plans for its arches", () => {
    const plan = planPayload(planRequestSchema.parse({ lockfile: lockfileYaml(lock) }));
    const expected = lockfilePayload(lock, archOf);
    expect(Object.fromEntries(Object.entries(plan.payload).map(([arch, entry]) => [arch, entry!.value]))).toEqual(
      expected,
    );
    expect(plan.payload.source?.source).toBe("rpms.lock.yaml: source RPMs of every arch, de-duplicated");
    expect(plan.platforms).toEqual(ARCHES);
  });

  it("takes sizes per arch by any alias, and platforms narrow the plan (a platform without a size is 0 bytes)", () => {
    const plan = planPayload(
      planRequestSchema.parse({ payload: { x86_64: 2e9, aarch64: 1e9, srpm: 5e8 }, platforms: ["amd64", "s390x"] }),
    );
    expect(plan.payload.amd64?.value).toBe(2e9);
    expect(plan.payload.source?.value).toBe(5e8);
    expect(plan.platforms).toEqual(["amd64", "s390x"]);
    expect(plan.payload.s390x).toEqual({ value: 0, source: "no size given: 0 bytes assumed" });
    expect(plan.warnings).toEqual(["platform s390x has no size in the payload: 0 bytes assumed"]);
  });

  it("names the bad field", () => {
    expect(issues({})).toEqual([
      "lockfile: give exactly one of lockfile (rpms.lock.yaml text) or payload (bytes per arch)",
    ]);
    expect(issues({ lockfile: "x", payload: {} })[0]).toMatch(/^lockfile: give exactly one/);
    expect(issues({ payload: { amd64: -1 } })[0]).toMatch(/^payload\.amd64: /);
    expect(issues({ payload: {}, platforms: ["mips"] })[0]).toBe(
      'platforms.0: unknown architecture "mips" (amd64, arm64, ppc64le, s390x, source)',
    );
    expect(issues({ payload: {}, platforms: ["source"] })[0]).toMatch(/^platforms\.0: a build architecture/);
    expect(issues({ payload: {}, current: "pvc" })[0]).toMatch(/^current: /);
    expect(issues({ payload: {}, objective: "cheap" })[0]).toMatch(/^objective: /);
    expect(issues({ payload: {}, colour: "red" })[0]).toMatch(/colour/);
    expect(() => planRequestSchema.parse({ payload: {}, platforms: [] })).toThrow(ZodError);
  });

  it("says which field is wrong when the lockfile or the payload cannot be used", () => {
    const fail = (body: unknown) => {
      try {
        planPayload(planRequestSchema.parse(body));
      } catch (error) {
        return error instanceof AppError ? [error.code, error.message] : String(error);
      }
      return "accepted";
    };
    expect(fail({ lockfile: "lockfileVersion: 1\narches: 3\n" })).toEqual([
      "unprocessable",
      expect.stringMatching(/^lockfile: rpms\.lock\.yaml: not a valid rpms\.lock\.yaml: arches: /),
    ]);
    expect(fail({ payload: { mips: 1 } })).toEqual(["unprocessable", expect.stringMatching(/^payload\.mips: unknown/)]);
    expect(fail({ payload: { source: 1e9 } })).toEqual([
      "unprocessable",
      expect.stringMatching(/^payload: no build architecture with a size/),
    ]);
  });

  it("turns a multipart form into the JSON request", () => {
    expect(
      planRequestFromForm({
        lockfile: "text",
        platforms: ["amd64,arm64", "s390x"],
        requireTrustedArtifacts: "false",
        current: "",
      }),
    ).toEqual({ lockfile: "text", platforms: ["amd64", "arm64", "s390x"], requireTrustedArtifacts: false });
    expect(planRequestFromForm({ payload: '{"amd64": 5}', requireTrustedArtifacts: "on" })).toEqual({
      payload: { amd64: 5 },
      requireTrustedArtifacts: true,
    });
    expect(() => planRequestFromForm({ payload: "{" })).toThrow(/^payload: not JSON/);
  });
});
