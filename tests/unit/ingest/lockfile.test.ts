// rpms.lock.yaml → payload bytes per arch: binary packages per arch, SRPMs as the union over arches.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { looksLikeRpmLockfile, parseRpmLockfile } from "@/lib/ingest/lockfile";

const REPO = "https://cdn.redhat.com/content/dist/rhel9/9/x86_64/baseos/os/Packages";

function pkg(name: string, arch: string, size?: number): string {
  return [
    `      - url: ${REPO}/${name[0]}/${name}.${arch}.rpm`,
    `        repoid: rhel-9-for-${arch}-baseos-rpms`,
    ...(size === undefined ? [] : [`        size: ${size}`]),
    `        checksum: sha256:${"0".repeat(64)}`,
    `        name: ${name.split("-")[0]}`,
    `        evr: 1.0-1.el9`,
    `        sourcerpm: ${name}.src.rpm`,
  ].join("\n");
}

function srpm(name: string, size?: number): string {
  return [
    `      - url: ${REPO}/../../source/SRPMS/Packages/${name[0]}/${name}.src.rpm`,
    `        repoid: rhel-9-for-x86_64-baseos-source-rpms`,
    ...(size === undefined ? [] : [`        size: ${size}`]),
    `        checksum: sha256:${"1".repeat(64)}`,
  ].join("\n");
}

const LOCKFILE = `---
lockfileVersion: 1
lockfileVendor: redhat
arches:
  - arch: x86_64
    packages:
${pkg("bash-5.1.8-9.el9", "x86_64", 1_771_541)}
${pkg("glibc-2.34-100.el9", "x86_64", 2_043_116)}
    source:
${srpm("bash-5.1.8-9.el9", 10_734_301)}
${srpm("glibc-2.34-100.el9", 19_400_522)}
    module_metadata: []
  - arch: aarch64
    packages:
${pkg("bash-5.1.8-9.el9", "aarch64", 1_745_999)}
    source:
${srpm("bash-5.1.8-9.el9", 10_734_301)}
${srpm("zlib-1.2.11-40.el9", 566_411)}
    module_metadata: []
`;

describe("parseRpmLockfile", () => {
  it("sums binary package sizes per arch and de-duplicates source RPMs by url across arches", () => {
    const sizes = parseRpmLockfile(LOCKFILE, "rpms.lock.yaml");
    expect(sizes.bytesByArch).toEqual({
      amd64: 1_771_541 + 2_043_116,
      arm64: 1_745_999,
      source: 10_734_301 + 19_400_522 + 566_411,
    });
    expect(sizes.packagesByArch).toEqual({ amd64: 2, arm64: 1, source: 3 });
    expect(sizes.packagesWithoutSize).toBe(0);
    expect(sizes.warnings).toEqual([]);
  });

  it("counts packages without a size and warns that the payload undercounts them", () => {
    const text = `lockfileVersion: 1
arches:
  - arch: ppc64le
    packages:
${pkg("bash-5.1.8-9.el9", "ppc64le", 1_800_000)}
${pkg("zlib-1.2.11-40.el9", "ppc64le")}
    source:
${srpm("zlib-1.2.11-40.el9")}
`;
    const sizes = parseRpmLockfile(text, "sub/rpms.lock.yaml");
    expect(sizes.bytesByArch).toEqual({ ppc64le: 1_800_000, source: 0 });
    expect(sizes.packagesByArch).toEqual({ ppc64le: 2, source: 1 });
    expect(sizes.packagesWithoutSize).toBe(2);
    expect(sizes.warnings).toEqual([
      "sub/rpms.lock.yaml: 2 package(s) have no size; the payload sizes undercount them",
    ]);
  });

  it("leaves out an arch that is not a build architecture, with a warning, and merges aliases", () => {
    const text = `lockfileVersion: 1
arches:
  - arch: i686
    packages:
${pkg("glibc-2.34-100.el9", "i686", 5_000)}
  - arch: x86_64
    packages:
${pkg("bash-5.1.8-9.el9", "x86_64", 100)}
  - arch: amd64
    packages:
${pkg("zlib-1.2.11-40.el9", "x86_64", 20)}
  - arch: src
    packages:
${pkg("zlib-1.2.11-40.el9", "src", 566_411)}
`;
    const sizes = parseRpmLockfile(text, "rpms.lock.yaml");
    expect(sizes.bytesByArch).toEqual({ amd64: 120 });
    expect(sizes.packagesByArch).toEqual({ amd64: 2 });
    expect(sizes.warnings).toEqual([
      'rpms.lock.yaml: arch "i686" is not a known build architecture; its packages are not counted',
      'rpms.lock.yaml: arch "src" is not a known build architecture; its packages are not counted',
    ]);
  });

  it("rejects a file that is not a lockfile with an AppError naming the file and the field", () => {
    const attempt = () => parseRpmLockfile("lockfileVersion: 1\narches:\n  - packages: []\n", "deps/rpms.lock.yaml");
    expect(attempt).toThrow(AppError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: "unprocessable", status: 422, file: "deps/rpms.lock.yaml" });
      expect((error as Error).message).toMatch(
        /^deps\/rpms\.lock\.yaml: not a valid rpms\.lock\.yaml: arches\.0\.arch: /,
      );
    }
    expect(() => parseRpmLockfile("lockfileVersion: 1\narches: [\n", "rpms.lock.yaml")).toThrow(/invalid YAML/);
    expect(() => parseRpmLockfile("---\nlockfileVersion: 1\narches: []\n---\na: 1\n", "r.yaml")).toThrow(
      /expected one YAML document, found 2/,
    );
  });
});

describe("looksLikeRpmLockfile", () => {
  it("recognises a lockfile by its two top-level keys only", () => {
    expect(looksLikeRpmLockfile({ lockfileVersion: 1, arches: [] })).toBe(true);
    expect(looksLikeRpmLockfile({ lockfileVersion: 1 })).toBe(false);
    expect(looksLikeRpmLockfile({ apiVersion: "tekton.dev/v1", kind: "PipelineRun" })).toBe(false);
    expect(looksLikeRpmLockfile(null)).toBe(false);
    expect(looksLikeRpmLockfile("lockfileVersion: 1")).toBe(false);
  });
});
