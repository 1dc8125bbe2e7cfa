"use client";
// Statistic and run filters of the component page. The URL is the state: every change replaces the
// search params (text fields debounced), so any view can be pasted as a link.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";

const STAT_LABELS = { median: "Median", p90: "p90", mean: "Mean", last: "Last run" } as const;

export function TableControls({ strategies }: { strategies: string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [branch, setBranch] = useState(params.get("branch") ?? "");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const update = (key: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete("page");
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <form className="controls" aria-label="Statistic and filters" onSubmit={(event) => event.preventDefault()}>
      <div className="control">
        <label htmlFor="ctl-stat">Statistic</label>
        <select
          id="ctl-stat"
          value={params.get("stat") ?? "median"}
          onChange={(e) => update("stat", e.target.value === "median" ? "" : e.target.value)}
        >
          {Object.entries(STAT_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="control">
        <label htmlFor="ctl-from">From</label>
        <input
          id="ctl-from"
          type="date"
          value={params.get("from") ?? ""}
          onChange={(e) => update("from", e.target.value)}
        />
      </div>
      <div className="control">
        <label htmlFor="ctl-to">To</label>
        <input id="ctl-to" type="date" value={params.get("to") ?? ""} onChange={(e) => update("to", e.target.value)} />
      </div>
      <div className="control">
        <label htmlFor="ctl-event">Event</label>
        <select id="ctl-event" value={params.get("event") ?? ""} onChange={(e) => update("event", e.target.value)}>
          <option value="">Any</option>
          <option value="push">push</option>
          <option value="pull_request">pull request</option>
        </select>
      </div>
      <div className="control">
        <label htmlFor="ctl-status">Status</label>
        <select id="ctl-status" value={params.get("status") ?? ""} onChange={(e) => update("status", e.target.value)}>
          <option value="">Any</option>
          <option value="Succeeded">Succeeded</option>
          <option value="Failed">Failed</option>
        </select>
      </div>
      <div className="control">
        <label htmlFor="ctl-strategy">Strategy</label>
        <select
          id="ctl-strategy"
          value={params.get("strategy") ?? ""}
          onChange={(e) => update("strategy", e.target.value)}
        >
          <option value="">Any</option>
          {strategies.map((strategy) => (
            <option key={strategy} value={strategy}>
              {strategy}
            </option>
          ))}
        </select>
      </div>
      <div className="control">
        <label htmlFor="ctl-branch">Branch</label>
        <input
          id="ctl-branch"
          type="search"
          value={branch}
          placeholder="main"
          onChange={(e) => {
            const value = e.target.value;
            setBranch(value);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => update("branch", value.trim()), 300);
          }}
        />
      </div>
    </form>
  );
}
