// Sources: the clusters finished runs are synced from (Tekton Results, KubeArchive, the Kubernetes API), each
// with its state, last sync and "Sync now" with live progress, and the form that adds one.
import type { Metadata } from "next";
import { AddSourceForm } from "@/components/sources/AddSourceForm";
import { SourcesTable } from "@/components/sources/SourcesTable";
import { getDb } from "@/lib/db/client";
import { listSourceViews } from "@/lib/pipeline/sources";

export const metadata: Metadata = { title: "Sources" };
export const dynamic = "force-dynamic";

export default async function SourcesPage() {
  const sources = await listSourceViews(getDb());
  return (
    <>
      <h1>Sources</h1>
      <p className="lede">
        Sync finished PipelineRuns, their TaskRuns and logs straight from a cluster instead of uploading them. Each sync
        fetches only what is new since the last one and stores it like an upload; a run seen again is updated, never
        stored twice. Credentials are read on the dashboard&apos;s host from the token file or variable you name; no
        token is ever stored or shown.
      </p>
      <SourcesTable initial={sources} />
      <AddSourceForm />
    </>
  );
}
