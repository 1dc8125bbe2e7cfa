// GET /api/health – liveness and database reachability, for start scripts and load balancers
import { NextResponse } from "next/server";
import { getDbHandle } from "@/lib/db/client";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ access: "public" }, () => {
  const { db, kind } = getDbHandle();
  // An unreachable database is this route's answer (503 naming the error), not a failure of the route.
  return db.component.count().then(
    (components) => NextResponse.json({ status: "ok", database: kind, components }),
    (error: unknown) =>
      NextResponse.json(
        { status: "error", database: kind, message: error instanceof Error ? error.message : String(error) },
        { status: 503 },
      ),
  );
});
