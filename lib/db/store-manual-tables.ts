// Stores parsed hand-measured tables: one pseudo PipelineRun (origin "manual-table") per component and
// a Measurement per filled cell. `storeManualTables` wraps it in its own Upload and transaction (the demo
// data); `storeTablesInTransaction` is the part a bundle ingest runs inside its transaction.
import { compareArches } from "../domain/arch";
import type { Phase } from "../domain/phases";
import type { ParsedManualTables } from "../domain/manual-table";
import { isUniqueViolation, serializeWrites, type Db, type Tx } from "./connect";
import { bumpDataVersion } from "./data-version";
import { storeRunPhases } from "./store-run-phases";

export interface UploadedFile {
  filename: string;
  sha256: string;
  bytes: number;
}

export interface StoredRun {
  id: number;
  name: string;
  component: string;
  strategy: string;
  arches: string[];
}

export interface StoreResult {
  uploadId: number;
  status: "ingested" | "duplicate";
  runs: StoredRun[];
}

export async function storeTablesInTransaction(
  tx: Tx,
  uploadId: number,
  filename: string,
  parsed: ParsedManualTables,
): Promise<StoredRun[]> {
  const sourceDetail = parsed.meta.source ?? `manual table (${filename})`;
  const strategy = parsed.meta.strategy ?? "unknown";
  const strategyReason = parsed.meta.strategy
    ? `stated by the table (${filename})`
    : "a hand-measured table that does not state how it was measured";
  const runs: StoredRun[] = [];
  for (const table of parsed.tables) {
    const component = await tx.component.upsert({
      where: { name: table.component },
      create: { name: table.component, application: parsed.meta.application ?? null },
      update: {},
    });
    const arches = table.rows.map((row) => row.arch).sort(compareArches);
    const run = await tx.pipelineRun.create({
      data: {
        name: `${sourceDetail}: ${table.component}`,
        origin: "manual-table",
        componentId: component.id,
        uploadId,
        startTime: parsed.meta.measuredAt ?? null,
        completionTime: parsed.meta.measuredAt ?? null,
        status: "Succeeded",
        strategy,
        strategyReason,
        platforms: arches.join(","),
      },
    });
    const measurements = table.rows.flatMap((row) =>
      (Object.entries(row.values) as [Phase, number][]).map(([phase, value]) => ({
        componentId: component.id,
        pipelineRunId: run.id,
        arch: row.arch,
        phase,
        seconds: phase === "payload" ? null : value,
        bytes: phase === "payload" ? value : null,
        source: "manual-table",
        sourceDetail,
        locator: `${filename}:${row.line}`,
      })),
    );
    await tx.measurement.createMany({ data: measurements });
    await storeRunPhases(tx, component.id, run.id, run.startTime ?? run.createdAt, measurements);
    runs.push({ id: run.id, name: run.name, component: table.component, strategy, arches });
  }
  await bumpDataVersion(
    tx,
    runs.map((run) => run.component),
  );
  return runs;
}

export function storeManualTables(db: Db, file: UploadedFile, parsed: ParsedManualTables): Promise<StoreResult> {
  return serializeWrites(db, () => store(db, file, parsed));
}

async function store(db: Db, file: UploadedFile, parsed: ParsedManualTables): Promise<StoreResult> {
  const existing = await db.upload.findUnique({ where: { sha256: file.sha256 }, select: { id: true } });
  if (existing) return { uploadId: existing.id, status: "duplicate", runs: [] };
  try {
    return await db.$transaction(async (tx) => {
      const upload = await tx.upload.create({
        data: {
          sha256: file.sha256,
          filename: file.filename,
          bytes: file.bytes,
          status: "ingested",
          warnings: JSON.stringify(parsed.warnings),
        },
      });
      const runs = await storeTablesInTransaction(tx, upload.id, file.filename, parsed);
      return { uploadId: upload.id, status: "ingested" as const, runs };
    });
  } catch (error) {
    // Another process stored the same file between our check and our insert.
    if (isUniqueViolation(error)) {
      const winner = await db.upload.findUnique({ where: { sha256: file.sha256 }, select: { id: true } });
      if (winner) return { uploadId: winner.id, status: "duplicate", runs: [] };
    }
    throw error;
  }
}
