// GET /api/health – liveness and database reachability, for start scripts and load balancers
import { NextResponse } from "next/server";
import { getDbHandle } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export async function GET() {
  const { db, kind } = getDbHandle();
  try {
    const components = await db.component.count();
    return NextResponse.json({ status: "ok", database: kind, components });
  } catch (error) {
    return NextResponse.json(
      { status: "error", database: kind, message: error instanceof Error ? error.message : String(error) },
      { status: 503 },
    );
  }
}
