// Two runs compared (?a=<run id>&b=<run id>): facts side by side and every phase per arch with its change.
// Bad or missing ids give a message and the form, never an error page.
import type { Metadata } from "next";
import Link from "next/link";
import { RunComparisonView } from "@/components/RunComparisonView";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertRunIdsInRange } from "@/lib/http/ids";
import { compareRunsQuerySchema } from "@/lib/runs/compare.types";
import { getRunComparison } from "@/lib/runs/get-run-comparison";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Compare runs" };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() ?? "";

async function load(a: string, b: string) {
  if (a === "" && b === "") return { message: null, comparison: null };
  const parsed = compareRunsQuerySchema.safeParse({ a, b });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const which = issue.path[0] === "a" ? "A" : "B";
      const value = which === "A" ? a : b;
      return value === "" ? `Run ${which} is missing` : `Run ${which} “${value}” is not a run id (digits only)`;
    });
    return { message: `${problems.join("; ")}.`, comparison: null };
  }
  try {
    assertRunIdsInRange([parsed.data.a, parsed.data.b]);
    return { message: null, comparison: await getRunComparison(getDb(), parsed.data) };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found")
      return { message: `${error.message}.`, comparison: null };
    throw error;
  }
}

export default async function ComparePage({ searchParams }: Props) {
  const search = await searchParams;
  const a = first(search.a);
  const b = first(search.b);
  const { message, comparison } = await load(a, b);
  return (
    <>
      <p className="breadcrumb">
        <Link href="/">Components</Link> / compare runs
      </p>
      <h1>Compare runs</h1>
      {message ? (
        <p className="notice error" role="alert">
          {message}
        </p>
      ) : null}
      {comparison ? (
        <RunComparisonView comparison={comparison} />
      ) : (
        <p className="lede">Give two run ids (from a run&apos;s page, /runs/&lt;id&gt;); A is the baseline.</p>
      )}
      <form className="compare-form" action="/runs/compare" method="get" aria-label="Runs to compare">
        <label>
          Run A (baseline)
          <input name="a" defaultValue={a} inputMode="numeric" required />
        </label>
        <label>
          Run B
          <input name="b" defaultValue={b} inputMode="numeric" required />
        </label>
        <button type="submit" className="primary">
          Compare
        </button>
      </form>
    </>
  );
}
