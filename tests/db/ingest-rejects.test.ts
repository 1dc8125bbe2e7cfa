// Bad uploads are rejected with a 4xx AppError naming the file and the reason, and leave the database
// exactly as it was — also when the bad file sits next to good ones in the same upload.
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { DEFAULT_ARCHIVE_LIMITS } from "@/lib/ingest/types";
import { pvcSharedRaceObjects, resultsRecords } from "../fixtures/bundles/scenarios";
import { bundleBuffer } from "../fixtures/bundles/write-bundles";
import { DATABASE_KINDS, migratedDatabase } from "./support";
import { ingestFiles, snapshotCounts, type UploadFile } from "./support-ingest";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function tarGz(entries: { name: string; content: string; type?: "file" | "symlink"; linkname?: string }[]) {
  const archive = pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of archive) chunks.push(chunk as Buffer);
  })();
  for (const entry of entries) {
    await new Promise<void>((resolve, reject) =>
      archive.entry(
        { name: entry.name, type: entry.type ?? "file", linkname: entry.linkname },
        entry.type === "symlink" ? "" : entry.content,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }
  archive.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

const goodYaml = async () => (await bundleBuffer(pvcSharedRaceObjects(), "yaml")).toString("utf8");

const pipelineRunWithNumberName = JSON.stringify({
  apiVersion: "tekton.dev/v1",
  kind: "PipelineRun",
  metadata: { name: 5, uid: "abc" },
  spec: {},
  status: {},
});

const aliasBomb = [
  "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
  "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
  "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
  "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
  "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
  "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]",
  "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]",
].join("\n");

const podOnly = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: some-pod\nspec:\n  containers: []\n";

interface BadCase {
  name: string;
  files: () => Promise<UploadFile[]>;
  status: number;
  file: string;
  message: RegExp;
}

const BAD: BadCase[] = [
  {
    name: "an empty file",
    files: async () => [{ filename: "empty.json", bytes: Buffer.alloc(0) }],
    status: 400,
    file: "empty.json",
    message: /empty/,
  },
  {
    name: "garbage bytes named .tar.gz",
    files: async () => [
      { filename: "bundle.tar.gz", bytes: Buffer.from("this is not an archive at all, just text\n".repeat(20)) },
    ],
    status: 400,
    file: "bundle.tar.gz",
    message: /bundle\.tar\.gz/,
  },
  {
    name: "a truncated gzip",
    files: async () => {
      const whole = await bundleBuffer(pvcSharedRaceObjects(), "yaml.gz");
      return [{ filename: "run.yaml.gz", bytes: whole.subarray(0, Math.floor(whole.length / 2)) }];
    },
    status: 400,
    file: "run.yaml.gz",
    message: /run\.yaml\.gz/,
  },
  {
    name: "a PipelineRun with wrong JSON types",
    files: async () => [{ filename: "pr.json", bytes: Buffer.from(pipelineRunWithNumberName) }],
    status: 422,
    file: "pr.json",
    message: /pr\.json.*metadata\.name/s,
  },
  {
    name: "a JSON file that is not UTF-8 (a Latin-1 byte after 70 KiB of good text)",
    files: async () => {
      // Valid JSON for 70 KiB (several read chunks), then a lone 0xE9 byte: refused, naming the file.
      const head = Buffer.from(
        `{"kind":"PipelineRun","apiVersion":"tekton.dev/v1","metadata":{"name":"${"a".repeat(70_000)}`,
      );
      return [{ filename: "latin1.json", bytes: Buffer.concat([head, Buffer.from([0xe9]), Buffer.from('"}}')]) }];
    },
    status: 422,
    file: "latin1.json",
    message: /latin1\.json: not valid UTF-8 text/,
  },
  {
    name: "a YAML alias bomb",
    files: async () => [{ filename: "bomb.yaml", bytes: Buffer.from(aliasBomb) }],
    status: 422,
    file: "bomb.yaml",
    message: /bomb\.yaml/,
  },
  {
    name: "only unrelated Kubernetes kinds",
    files: async () => [{ filename: "pod.yaml", bytes: Buffer.from(podOnly) }],
    status: 422,
    file: "pod.yaml",
    message: /no PipelineRun/,
  },
  {
    name: "two different runs sharing a uid",
    files: async () => {
      const text = await goodYaml();
      const uid = /uid: "?([0-9a-f-]{36})"?/.exec(text)![1]!;
      const prName = /name: "?(flatpak-runtime-on-pull-request-[a-z0-9]+)"?/.exec(text)![1]!;
      const twin = text.replaceAll(prName, `${prName}-twin`).replaceAll(uid, uid);
      return [
        { filename: "a.yaml", bytes: Buffer.from(text) },
        { filename: "b.yaml", bytes: Buffer.from(twin) },
      ];
    },
    status: 422,
    file: "",
    message: /uid/,
  },
  {
    name: "a path-traversal entry next to good files",
    files: async () => [
      {
        filename: "evil.tar.gz",
        bytes: await tarGz([
          { name: "pipelinerun.yaml", content: await goodYaml() },
          { name: "../../etc/cron.d/x", content: "boom" },
        ]),
      },
    ],
    status: 422,
    file: "../../etc/cron.d/x",
    message: /\.\.\/\.\.\/etc\/cron\.d\/x/,
  },
  {
    name: "a symlink entry",
    files: async () => [
      {
        filename: "link.tar.gz",
        bytes: await tarGz([{ name: "logs", content: "", type: "symlink", linkname: "/etc" }]),
      },
    ],
    status: 422,
    file: "logs",
    message: /link/i,
  },
  {
    name: "a bad table next to a good run",
    files: async () => [
      { filename: "run.yaml", bytes: Buffer.from(await goodYaml()) },
      { filename: "table.md", bytes: Buffer.from("| | Prefetch (s) |\n|---|---|\n| x - mips | 4 |\n") },
    ],
    status: 422,
    file: "table.md",
    message: /table\.md: line 3: unknown architecture "mips"/,
  },
];

describe.each(DATABASE_KINDS)("rejected uploads on %s", (kind) => {
  it.each(BAD)("rejects $name with $status, naming the file, and stores nothing", async (bad) => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    await ingestFiles(database.db, [{ filename: "results.json", bytes: await bundleBuffer(resultsRecords(), "json") }]);
    const before = await snapshotCounts(database.db);
    const error = await ingestFiles(database.db, await bad.files()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.status).toBe(bad.status);
    expect(appError.message).toMatch(bad.message);
    if (bad.file) expect(appError.file).toBe(bad.file);
    expect(await snapshotCounts(database.db)).toEqual(before);
  });

  it("rejects an archive over the entry limit with 413", async () => {
    const database = await migratedDatabase(kind);
    cleanups.push(database.cleanup);
    const files = [
      { filename: "many.tar.gz", bytes: await tarGz([1, 2, 3, 4].map((i) => ({ name: `f${i}.log`, content: "x" }))) },
    ];
    const error = await ingestFiles(database.db, files, { ...DEFAULT_ARCHIVE_LIMITS, maxEntries: 3 }).catch(
      (e: unknown) => e,
    );
    expect((error as AppError).status).toBe(413);
    expect(await snapshotCounts(database.db)).toMatchObject({ uploads: 0, runs: 0 });
  });
});
