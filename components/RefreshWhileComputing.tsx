"use client";
// Shown while some of the components list's summaries are still being computed after a write (their badges say
// "computing…"; lib/recommend/components-page.ts): says so, and re-renders the page from the server every second
// until none is left (the server then renders the rows without this component, which stops the timer).
import { useRouter } from "next/navigation";
import { useEffect } from "react";

const INTERVAL_MS = 1000;

export function RefreshWhileComputing({ count }: { count: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), INTERVAL_MS);
    return () => clearInterval(timer);
  }, [router]);
  return (
    <p className="muted" role="status">
      {count === 1 ? "1 recommendation is" : `${count} recommendations are`} being computed from the latest data. This
      page updates itself.
    </p>
  );
}

/** A badge cell's content while its row's summary is computed. */
export function ComputingBadge({ what }: { what: string }) {
  return (
    <span className="muted" data-state="computing" title={`The ${what} is being computed from the latest data`}>
      computing…
    </span>
  );
}
