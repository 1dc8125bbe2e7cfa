"use client";
// The /sources table: every source with its state and last sync, kept fresh in the browser (starting from the
// server's list) so "Sync now", a new source or a removal show at once; each row is a SourceRow.
import { useQuery } from "@tanstack/react-query";
import type { SourceViewData } from "../api-contracts";
import { QueryState } from "../QueryState";
import { fetchSources, SOURCES_KEY } from "./source-api";
import { SourceRow } from "./SourceRow";

export function SourcesTable({ initial }: { initial: SourceViewData[] }) {
  const query = useQuery({ queryKey: SOURCES_KEY, queryFn: fetchSources, initialData: initial });
  return (
    <QueryState query={query} loading="Loading sources…" errorPrefix="The sources could not be read: " retry>
      {(sources) =>
        sources.length === 0 ? (
          <p className="empty">No sources yet. Add one below to sync finished runs from a cluster.</p>
        ) : (
          <div className="table-wrap">
            <table className="data-table sources-table" aria-label="Sources">
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">Runs selected</th>
                  <th scope="col">Interval</th>
                  <th scope="col">State</th>
                  <th scope="col">Last sync</th>
                  <th scope="col" className="num">
                    Runs added / updated
                  </th>
                  <th scope="col">Last error</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sources.map((source) => (
                  <SourceRow key={source.id} source={source} />
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </QueryState>
  );
}
