// GET /api/components/{name}/table – the per-arch cost table (median over runs) as JSON
import { NextResponse } from "next/server";
import { getCostTable } from "@/lib/components/get-cost-table";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const table = await getCostTable(getDb(), name);
  if (!table) {
    return NextResponse.json(
      { error: { code: "not_found", message: `No component named "${name}"` } },
      { status: 404 },
    );
  }
  return NextResponse.json(table);
}
