// A component: its per-arch cost table and the phase chart.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CostTableView } from "@/components/CostTableView";
import { PhaseBars } from "@/components/PhaseBars";
import { getCostTable } from "@/lib/components/get-cost-table";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ name: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: decodeURIComponent(name) };
}

export default async function ComponentPage({ params }: Props) {
  const { name } = await params;
  const componentName = decodeURIComponent(name);
  const table = await getCostTable(getDb(), componentName);
  if (!table) notFound();
  return (
    <>
      <p className="breadcrumb">
        <Link href="/">Components</Link> / {table.component}
      </p>
      <h1>{table.component}</h1>
      <section aria-labelledby="cost-heading">
        <h2 id="cost-heading">Cost per architecture</h2>
        {table.rows.length === 0 ? (
          <p className="empty">No measurements for this component yet.</p>
        ) : (
          <CostTableView table={table} />
        )}
      </section>
      {table.rows.length > 0 ? (
        <section aria-labelledby="chart-heading">
          <h2 id="chart-heading">Where the time goes</h2>
          <PhaseBars component={table.component} />
        </section>
      ) : null}
    </>
  );
}
