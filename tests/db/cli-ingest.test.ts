// `npm run ingest` (cli/ingest.ts) as a child process on a temp SQLite database: text and JSON output,
// duplicates, a directory packed as one upload, a rejected file, and bad usage. Each tsx start costs
// about a second, so one process checks several arguments at once.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/connect";
import type { StoreBundleResult } from "@/lib/db/store-bundle";
import { pvcSharedRace } from "../fixtures/bundles/scenarios";
import { writeBundles } from "../fixtures/bundles/write-bundles";
import { projectRoot } from "./support";

const TSX = path.join(projectRoot, "node_modules", ".bin", "tsx");
const CLI = path.join(projectRoot, "cli", "ingest.ts");

let dir: string;
let databaseFile: string;
let bundles: Map<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "cli-ingest-"));
  databaseFile = path.join(dir, "cli.db");
  const written = await writeBundles(path.join(dir, "bundles"));
  bundles = new Map(written.map((bundle) => [path.basename(bundle.file), bundle.file]));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function bundle(name: string): string {
  const file = bundles.get(name);
  if (!file) throw new Error(`writeBundles wrote no ${name} (wrote ${[...bundles.keys()].join(", ")})`);
  return file;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function ingest(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    // From the project root, as `npm run ingest` runs it: tsx finds the `@/` path alias in ./tsconfig.json.
    const child = spawn(TSX, [CLI, ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: `file:${databaseFile}`, UPLOAD_TOKEN: "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

type Outcome =
  | { input: string; ok: true; status: number; result: StoreBundleResult }
  | { input: string; ok: false; status: number | null; error: { code: string; message: string; file?: string } };

describe("cli/ingest.ts", () => {
  it("prints each file as read and each run stored, then stores a repeat once, a directory as one upload, and rejects garbage", async () => {
    const matrix = bundle("ta-shared-matrix.tar.gz");
    const first = await ingest([matrix]);
    expect(first.stderr).toContain(`ingesting ${matrix}`);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^✓ ${matrix}: ingested as upload 1 \\(sha256 [0-9a-f]{12}\\)$`, "m"));
    expect(first.stdout).toContain("    · pipelinerun.json [tekton] 1 PipelineRun(s), 9 TaskRun(s)");
    expect(first.stdout).toContain("    · rpms.lock.yaml [lockfile]");
    expect(first.stdout).toContain("    · prefetch.manifest.json [manifest]");
    expect(first.stdout).toMatch(
      /^ {4}· logs\/flatpak-runtime-on-push-x7k2p-prefetch-dependencies\/.+\.log \[log\] \d+ signal\(s\)$/m,
    );
    expect(first.stdout).toMatch(
      /^ {4}run \d+ flatpak-runtime-on-push-x7k2p: component flatpak-runtime, ta-shared, amd64, arm64, ppc64le, s390x, source$/m,
    );

    const scenarioDir = path.join(dir, "pvc-shared-race");
    for (const file of pvcSharedRace().files) {
      await mkdir(path.dirname(path.join(scenarioDir, file.path)), { recursive: true });
      await writeFile(path.join(scenarioDir, file.path), file.content);
    }
    const garbage = path.join(dir, "x.tar.gz");
    await writeFile(garbage, Buffer.from("this is not a gzip stream, just text pretending to be one\n".repeat(20)));
    const records = bundle("results-records.json");

    const second = await ingest(["--json", records, matrix, scenarioDir, garbage]);
    expect(second.stderr).toBe("");
    expect(second.code).toBe(1);
    const outcomes = JSON.parse(second.stdout) as Outcome[];
    expect(outcomes.map((o) => [o.input, o.ok, o.status])).toEqual([
      [records, true, 201],
      [matrix, true, 200],
      [scenarioDir, true, 201],
      [garbage, false, 400],
    ]);
    const [recordsOutcome, repeat, directory, rejected] = outcomes;
    if (!recordsOutcome?.ok || !repeat?.ok || !directory?.ok || rejected?.ok !== false) throw new Error("shape");
    expect(recordsOutcome.result.upload.status).toBe("ingested");
    expect(recordsOutcome.result.runs.map((r) => r.name)).toEqual(["flatpak-runtime-on-pull-request-q2vxt"]);
    expect(repeat.result.upload).toMatchObject({ id: 1, status: "duplicate" });
    expect(directory.result.upload.status).toBe("ingested");
    expect(directory.result.files.map((f) => f.name).sort()).toEqual(
      pvcSharedRace()
        .files.map((f) => f.path)
        .sort(),
    );
    expect(directory.result.runs.map((r) => r.strategy)).toEqual(["pvc-shared"]);
    expect(rejected.error.code).toBe("bad_request");
    expect(rejected.error.file).toBe("x.tar.gz");

    const { db } = createDb({ kind: "sqlite", url: `file:${databaseFile}`, file: databaseFile });
    try {
      const uploads = await db.upload.findMany({ select: { filename: true }, orderBy: { id: "asc" } });
      expect(uploads.map((u) => u.filename)).toEqual([
        "ta-shared-matrix.tar.gz",
        "results-records.json",
        "pvc-shared-race.tar",
      ]);
      expect(await db.pipelineRun.count()).toBe(3);
    } finally {
      await db.$disconnect();
    }
  });

  it("exits 2 on bad usage", async () => {
    const [none, unknown] = await Promise.all([ingest([]), ingest(["--frobnicate", "x.tar.gz"])]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("ingest: no files or directories given");
    expect(none.stderr).toContain("usage: npm run ingest --");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("ingest: unknown option --frobnicate");
  });
});
