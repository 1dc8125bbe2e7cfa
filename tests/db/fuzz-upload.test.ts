// Seeded fuzzing of the real upload route (app/api/bundles/route.ts POST): mutated fixture bundles — flipped and
// cut bytes, retyped JSON, absurd timestamps, odd content types — never get a 5xx, and the database stays whole.
// FUZZ_CASES sets the number of cases per database (default 300; `npm run fuzz` runs 10,000).
import { gunzipSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "@/lib/db/connect";
import { decodeSnapshot } from "@/lib/measure/snapshot";
import { allScenarios } from "../fixtures/bundles/scenarios";
import { bundleBuffer, UPLOAD_FORMATS } from "../fixtures/bundles/write-bundles";
import { singleArchTaRun } from "../fixtures/real-shapes/konflux";
import { runObjects, taskRunObjects } from "../fixtures/real-shapes/tekton";
import { DATABASE_KINDS, migratedDatabase, type TestDatabase } from "./support";

const CASES = Number(process.env.FUZZ_CASES ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);

interface Seed {
  name: string;
  bytes: Buffer;
  json: boolean;
}

async function seeds(): Promise<Seed[]> {
  const out: Seed[] = [];
  for (const scenario of allScenarios()) {
    const formats = UPLOAD_FORMATS[scenario.name];
    for (const format of formats === "plain" || !formats ? (["tar.gz"] as const) : formats) {
      const bytes = await bundleBuffer(scenario, format);
      out.push({ name: `${scenario.name}.${format}`, bytes, json: format === "json" });
    }
  }
  const run = singleArchTaRun({ component: "fuzz-single", base: Date.UTC(2026, 10, 20) });
  out.push({
    name: "run.json",
    bytes: Buffer.from(JSON.stringify({ kind: "List", items: runObjects(run) })),
    json: true,
  });
  out.push({
    name: "taskruns.jsonl",
    bytes: Buffer.from(
      taskRunObjects(run)
        .map((o) => JSON.stringify(o))
        .join("\n"),
    ),
    json: false,
  });
  return out;
}

/** A mutation of one seed: what a hostile or careless client might send. */
type Mutation =
  | { kind: "flip"; offsets: number[] }
  | { kind: "truncate"; at: number }
  | { kind: "retype"; path: number; value: unknown }
  | { kind: "timestamps"; stamp: string }
  | { kind: "duplicate" }
  | { kind: "none" };

const weirdValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 20 }),
  fc.constant("x".repeat(70_000)),
  fc.constant([[[[[[[[[[[]]]]]]]]]]]),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), offsets: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("retype" as const), path: fc.nat(), value: weirdValue }),
  fc.record({
    kind: fc.constant("timestamps" as const),
    stamp: fc.constantFrom(
      "9999-12-31T23:59:59Z",
      "1970-01-01T00:00:00Z",
      "2026-02-30T10:00:00Z",
      "2026-11-20T09:00:00+99:00",
      "not a time",
      "",
    ),
  }),
  fc.record({ kind: fc.constant("duplicate" as const) }),
  fc.record({ kind: fc.constant("none" as const) }),
);

/** Every (container, key) of a JSON value, in document order. */
function slots(value: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []) {
  if (Array.isArray(value)) value.forEach((item, i) => (out.push([value, i]), slots(item, out)));
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, key]);
      slots(item, out);
    }
  }
  return out;
}

function mutate(seed: Seed, m: Mutation): Buffer {
  const bytes = Buffer.from(seed.bytes);
  switch (m.kind) {
    case "flip":
      for (const offset of m.offsets) bytes[offset % bytes.length] = bytes[offset % bytes.length]! ^ 0x5a;
      return bytes;
    case "truncate":
      return bytes.subarray(0, m.at % bytes.length);
    case "retype": {
      if (!seed.json) return bytes;
      const value = JSON.parse(bytes.toString("utf8")) as unknown;
      const all = slots(value);
      const [container, key] = all[m.path % all.length]!;
      (container as Record<string | number, unknown>)[key] = m.value;
      return Buffer.from(JSON.stringify(value));
    }
    case "timestamps": {
      const gz = seed.name.endsWith(".gz");
      const text = (gz ? gunzipSync(bytes) : bytes).toString("latin1");
      const changed = Buffer.from(text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, m.stamp), "latin1");
      return gz && seed.name.endsWith(".tar.gz") ? gzipSync(changed) : changed;
    }
    case "duplicate":
      return Buffer.concat([bytes, bytes]);
    case "none":
      return bytes;
  }
}

const CONTENT_TYPES = [
  "application/octet-stream",
  "application/json",
  "application/gzip",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=fuzz",
];

function request(name: string, body: Buffer, contentType: string): Request {
  const payload = contentType.startsWith("multipart/")
    ? Buffer.concat([
        Buffer.from(
          `--fuzz\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        body,
        Buffer.from("\r\n--fuzz--\r\n"),
      ])
    : body;
  return new Request("http://127.0.0.1/api/bundles", {
    method: "POST",
    headers: { "content-type": contentType, "x-filename": name },
    body: new Uint8Array(payload),
  });
}

describe.each(DATABASE_KINDS)("fuzzed uploads through POST /api/bundles on %s", (kind) => {
  let database: TestDatabase;
  let handle: DbHandle;
  const global = globalThis as unknown as { advisorDb?: DbHandle };
  beforeAll(async () => {
    database = await migratedDatabase(kind);
    handle = createDb(database.target);
    // The route reads the process-wide client: point it at this test's database.
    global.advisorDb = handle;
  });
  afterAll(async () => {
    delete global.advisorDb;
    await handle.db.$disconnect();
    await database.cleanup();
  });

  it(
    `answers ${CASES} mutated uploads without a 5xx, and leaves a consistent database`,
    async () => {
      const { POST } = await import("@/app/api/bundles/route");
      const pool = await seeds();
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(
          fc.nat(pool.length - 1),
          mutation,
          fc.constantFrom(...CONTENT_TYPES),
          async (index, m, contentType) => {
            const seed = pool[index]!;
            const response = await POST(request(seed.name, mutate(seed, m), contentType));
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            const body = (await response.json()) as { error?: { message: string } };
            expect(response.status, `${seed.name} ${m.kind} ${contentType}: ${body.error?.message}`).toBeLessThan(500);
          },
        ),
        { numRuns: CASES, seed: SEED, endOnFailure: true },
      );
      // Both outcomes occurred: the fuzzer reached the store as well as the rejections.
      expect([...statuses.keys()].some((s) => s === 201 || s === 200)).toBe(true);
      expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);

      const db = database.db;
      if (kind === "sqlite") {
        expect(await db.$queryRawUnsafe<{ integrity_check: string }[]>("PRAGMA integrity_check")).toEqual([
          { integrity_check: "ok" },
        ]);
        expect(await db.$queryRawUnsafe("PRAGMA foreign_key_check")).toEqual([]);
      }
      // No run is missing TaskRuns its snapshot says it has, nothing half-stored, nothing negative.
      const runs = await db.pipelineRun.findMany({
        where: { snapshot: { isNot: null } },
        select: { id: true, snapshot: { select: { data: true } }, _count: { select: { taskRuns: true } } },
      });
      for (const run of runs) {
        expect(run._count.taskRuns).toBe(decodeSnapshot(run.snapshot!.data).run.taskRuns.length);
      }
      expect(await db.measurement.count({ where: { seconds: { lt: 0 } } })).toBe(0);
      expect(await db.measurement.count({ where: { seconds: { gt: 172_800 } } })).toBe(0);
      const crossed = await db.$queryRawUnsafe<{ n: number | bigint }[]>(
        'SELECT COUNT(*) AS n FROM "Measurement" m JOIN "TaskRun" t ON m."taskRunId" = t."id" WHERE t."pipelineRunId" <> m."pipelineRunId"',
      );
      expect(Number(crossed[0]!.n)).toBe(0);
    },
    Math.max(30_000, CASES * 100),
  );
});
