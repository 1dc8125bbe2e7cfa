// cli/start.ts hands `next start` the configuration the build resolved (builtNextConfig), so the server does not
// compile next.config.ts with SWC at every start. It must give that configuration exactly, and nothing (so Next
// reads next.config.ts as before) when the build's file is missing, damaged or from another folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { builtNextConfig } from "@/cli/start";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project folder whose .next/required-server-files.json holds the given text (none for undefined). */
function project(contents?: (dir: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "advisor-next-config-"));
  dirs.push(dir);
  if (contents) {
    mkdirSync(path.join(dir, ".next"));
    writeFileSync(path.join(dir, ".next", "required-server-files.json"), contents(dir));
  }
  return dir;
}

/** The shape Next 16 writes: version, the resolved config (absolute paths of the build's folder), files. */
const serverFiles = (config: Record<string, unknown>) =>
  JSON.stringify({ version: 1, config, appDir: true, files: [".next/routes-manifest.json"], ignore: [] });

describe("builtNextConfig", () => {
  it("gives the build's resolved configuration, exactly", () => {
    const config = (dir: string) => ({
      distDir: ".next",
      poweredByHeader: false,
      serverExternalPackages: ["better-sqlite3", "pg"],
      outputFileTracingRoot: dir,
      experimental: { serverActions: { bodySizeLimit: "1mb" } },
    });
    const dir = project((d) => serverFiles(config(d)));
    expect(JSON.parse(builtNextConfig(dir)!)).toEqual(config(dir));
  });

  it("gives nothing for a build made in another folder (its absolute paths would be wrong)", () => {
    const dir = project(() => serverFiles({ distDir: ".next", outputFileTracingRoot: "/somewhere/else" }));
    expect(builtNextConfig(dir)).toBeNull();
  });

  it("gives nothing when the file is missing, is not JSON, or holds no configuration object", () => {
    expect(builtNextConfig(project())).toBeNull();
    expect(builtNextConfig(project(() => '{"version":1,"config":'))).toBeNull();
    expect(builtNextConfig(project(() => JSON.stringify({ version: 1 })))).toBeNull();
    expect(builtNextConfig(project(() => JSON.stringify({ version: 1, config: [1] })))).toBeNull();
    expect(builtNextConfig(project(() => JSON.stringify({ version: 1, config: "x" })))).toBeNull();
  });
});
