// Plan: "should I split before I migrate?" — a lockfile (or sizes per arch) in, every prefetch strategy ranked with
// its range out, rates pooled from this dashboard's components; then the recommended strategy's YAML to copy.
import type { Metadata } from "next";
import { PlanPanel } from "@/components/plan/PlanPanel";

export const metadata: Metadata = { title: "Plan" };

export default function PlanPage() {
  return (
    <>
      <h1>Plan a migration</h1>
      <p className="lede">
        Before any build runs: give the RPM lockfile you will prefetch (or its size per arch) and see what each way of
        passing it between tasks would cost — shared or split prefetch, Trusted Artifacts or PVC — with p10–p90 ranges.
        Rates come from the runs of every component on this dashboard, or documented defaults when it has none.
      </p>
      <PlanPanel />
    </>
  );
}
