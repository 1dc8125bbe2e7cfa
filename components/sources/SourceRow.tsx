"use client";
// One row of the /sources table: the source's settings (credentials by name only), its state and last sync, and
// "Sync now", which starts a sync and reads GET /api/sources/{id} every second while it runs to show its progress.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatCount, formatDuration, formatTimestamp } from "@/lib/format";
import type { SourceViewData } from "../api-contracts";
import { fetchSource, removeSource, SourceRequestError, SOURCES_KEY, startSourceSync } from "./source-api";
import { KINDS } from "./source-form";

const STATE_LABELS: Record<SourceViewData["lastStatus"], string> = {
  never: "never synced",
  running: "syncing",
  ok: "ok",
  error: "error",
};

/** A sync starts in the background: after "Sync now", poll this long at most for it to show as running. */
const START_GRACE_MS = 15_000;
const POLL_MS = 1_000;

interface Started {
  syncId: string;
  /** lastSyncAt when "Sync now" was pressed: a new value means the sync has already finished. */
  before: string | null;
  at: number;
}

export function SourceRow({ source }: { source: SourceViewData }) {
  const queryClient = useQueryClient();
  const [started, setStarted] = useState<Started | null>(null);
  const running = source.lastStatus === "running";

  const poll = useQuery({
    queryKey: ["source", source.id],
    queryFn: async () => {
      try {
        const view = await fetchSource(source.id);
        queryClient.setQueryData<SourceViewData[]>(SOURCES_KEY, (list) =>
          list?.map((item) => (item.id === view.id ? view : item)),
        );
        setStarted((current) =>
          current &&
          (view.lastStatus === "running" ||
            view.lastSyncAt !== current.before ||
            Date.now() - current.at > START_GRACE_MS)
            ? null
            : current,
        );
        return view;
      } catch (error) {
        if (error instanceof SourceRequestError && error.status === 404) {
          // Removed meanwhile (another tab, the API): the list drops it.
          setStarted(null);
          void queryClient.invalidateQueries({ queryKey: SOURCES_KEY });
        }
        throw error;
      }
    },
    enabled: running || started !== null,
    refetchInterval: POLL_MS,
    staleTime: 0,
    retry: false,
  });

  const sync = useMutation({
    mutationFn: (_before: string | null) => startSourceSync(source.id),
    onSuccess: (syncId, before) => setStarted({ syncId, before, at: Date.now() }),
  });

  const remove = useMutation({
    mutationFn: () => removeSource(source.id),
    onSuccess: () => {
      queryClient.setQueryData<SourceViewData[]>(SOURCES_KEY, (list) => list?.filter((item) => item.id !== source.id));
      void queryClient.invalidateQueries({ queryKey: SOURCES_KEY });
    },
  });

  const busy = running || started !== null || sync.isPending;
  const label = `${KINDS[source.kind].label} ${source.url} (${source.namespace})`;
  const confirmRemove = () => {
    if (window.confirm(`Remove the source ${label}? The runs it synced stay.`)) remove.mutate();
  };

  return (
    <tr data-source-id={source.id}>
      <th scope="row" className="source-cell">
        <span className="source-kind">{KINDS[source.kind].label}</span>
        <span className="source-url">{source.url}</span>
        <span className="source-namespace">namespace {source.namespace}</span>
        <SourceAccess source={source} />
      </th>
      <td className="source-cell">
        {source.component ? <span>component {source.component}</span> : null}
        {source.labelSelector ? <code className="source-selector">{source.labelSelector}</code> : null}
        {!source.component && !source.labelSelector ? <span className="muted">every run</span> : null}
        <span className="muted">finished since {formatTimestamp(source.since)}</span>
      </td>
      <td>
        {source.intervalMinutes === null ? (
          <span className="muted">on demand</span>
        ) : (
          `every ${formatCount(source.intervalMinutes, "minute")}`
        )}
      </td>
      <td className="source-cell">
        <span role="status">
          <span className={`badge source-state source-state-${source.lastStatus}`}>
            {STATE_LABELS[source.lastStatus]}
          </span>
        </span>
        {running && source.progress ? <SyncProgress progress={source.progress} polledAt={poll.dataUpdatedAt} /> : null}
        {started !== null && !running ? <span className="muted">starting…</span> : null}
      </td>
      <td className="num">
        {source.lastSyncAt ? (
          <time dateTime={source.lastSyncAt}>{formatTimestamp(source.lastSyncAt)}</time>
        ) : (
          <span className="muted">never</span>
        )}
      </td>
      <td className="num source-cell">
        <span>{formatCount(source.runsAdded, "run")} added</span>
        <span>{formatCount(source.runsUpdated, "run")} updated</span>
      </td>
      <td className="source-error-cell">
        {source.lastError ? <span className="error">{source.lastError}</span> : <span className="muted">—</span>}
      </td>
      <td className="source-actions">
        <button
          type="button"
          className="generator-button"
          disabled={busy}
          onClick={() => sync.mutate(source.lastSyncAt)}
        >
          {busy ? "Syncing…" : "Sync now"}
          <span className="sr-only"> {label}</span>
        </button>
        <button type="button" className="link-button" disabled={remove.isPending} onClick={confirmRemove}>
          Remove<span className="sr-only"> {label}</span>
        </button>
        {sync.error || remove.error || poll.error ? (
          <p className="error source-action-error" role="alert">
            {(sync.error ?? remove.error ?? poll.error)!.message}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

/** How the source is reached: the token's file or variable name, the CA file, unverified TLS. Never a token. */
function SourceAccess({ source }: { source: SourceViewData }) {
  const parts = [
    source.tokenFile ? `token from file ${source.tokenFile}` : null,
    source.tokenEnv ? `token from $${source.tokenEnv}` : null,
    !source.tokenFile && !source.tokenEnv ? "no token" : null,
    source.caFile ? `CA ${source.caFile}` : null,
    source.insecureSkipTlsVerify ? "TLS not verified" : null,
  ].filter((part): part is string => part !== null);
  return <span className="muted source-access">{parts.join(" · ")}</span>;
}

/** The running sync: what it has read and stored so far, and for how long it has run (as of the last poll). */
function SyncProgress({ progress, polledAt }: { progress: NonNullable<SourceViewData["progress"]>; polledAt: number }) {
  const started = Date.parse(progress.startedAt);
  const elapsed = polledAt > 0 && Number.isFinite(started) ? Math.max(0, (polledAt - started) / 1000) : null;
  return (
    <span className="source-progress">
      {formatCount(progress.recordsRead, "record")} read, {formatCount(progress.runsStored, "run")} stored,{" "}
      {formatCount(progress.pages, "page")}
      {elapsed === null ? null : <>, {formatDuration(elapsed)} elapsed</>}
    </span>
  );
}
