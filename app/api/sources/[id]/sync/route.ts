// POST /api/sources/{id}/sync – "Sync now": 202 { syncId } with the sync running in the background (GET
// /api/sources/{id} shows its progress), or with ?wait=1 the finished sync's counts (200). 404 for an unknown
// source, 409 while another process (a replica, the CLI) syncs it.
import { z } from "zod";
import { readEnv } from "@/lib/config/env";
import type { Db } from "@/lib/db/connect";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseId } from "@/lib/http/ids";
import { route, segments } from "@/lib/http/route";
import { freeDeadLease, processOwner } from "@/lib/pipeline/sync-source";
import { runningSync, startSync } from "@/lib/pipeline/sync-runner";

export const dynamic = "force-dynamic";

const querySchema = z.object({ wait: z.enum(["0", "1", "false", "true"]).optional() });

/**
 * The source's lease as a 404 (no such source) or a 409 (another process holds it and it still runs). A lease
 * of this process (the same host and pid, e.g. one left by a crash of a container that restarted as the same
 * pid) is no conflict: syncSource takes it over.
 */
async function assertSyncable(db: Db, id: number, label: string): Promise<void> {
  const row = await db.source.findUnique({ where: { id }, select: { leaseOwner: true, leaseUntil: true } });
  if (!row) throw new AppError("not_found", `No source with id ${label}`);
  // The same rule syncSource applies: a lease left by a dead process of this host is no conflict.
  if (row.leaseOwner && row.leaseOwner !== processOwner()) await freeDeadLease(db, id, row.leaseOwner);
  const current = await db.source.findUnique({ where: { id }, select: { leaseOwner: true, leaseUntil: true } });
  if (!current) throw new AppError("not_found", `No source with id ${label}`);
  const leased = current.leaseUntil !== null && current.leaseUntil.getTime() > Date.now();
  if (leased && !runningSync(id) && current.leaseOwner !== processOwner()) {
    throw new AppError(
      "conflict",
      `source ${id} is being synced by another process (${current.leaseOwner ?? "unknown"})`,
    );
  }
}

export const POST = route(
  { access: "upload", params: segments("id"), query: querySchema },
  async ({ params: { id }, query }) => {
    const parsed = parseId(id);
    if (!parsed.ok && parsed.reason === "not_numeric") {
      throw new AppError("bad_request", `Source id "${id}" is not a number`);
    }
    if (!parsed.ok) throw new AppError("not_found", `No source with id ${id}`);
    const db = getDb();
    await assertSyncable(db, parsed.id, id);
    // One sync per source in this process: a sync already running is joined, not started twice.
    const sync = startSync(db, parsed.id, { clusterArch: readEnv().CLUSTER_ARCH });
    if (query.wait !== "1" && query.wait !== "true") {
      return Response.json(
        { syncId: sync.syncId },
        { status: 202, headers: { location: `/api/sources/${parsed.id}` } },
      );
    }
    const result = await sync.done;
    if (result) return Response.json(result);
    // Nothing ran here: the source was deleted or another process took its lease meanwhile (answered as such),
    // or the sync failed unexpectedly (the runner logged it; a 500).
    await assertSyncable(db, parsed.id, id);
    throw new Error(`the sync ${sync.syncId} of source ${parsed.id} failed`);
  },
);
