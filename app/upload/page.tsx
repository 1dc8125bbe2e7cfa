// Upload: send exported PipelineRuns, logs, lockfiles, manifests or timing tables.
import type { Metadata } from "next";
import { UploadForm } from "@/components/UploadForm";

export const metadata: Metadata = { title: "Upload" };
// Rendered per request so its scripts carry the request's CSP nonce (proxy.ts), like every other page.
export const dynamic = "force-dynamic";

export default function UploadPage() {
  return (
    <>
      <h1>Upload</h1>
      <p className="lede">
        Upload what you exported from a cluster (see the README for <code>cli/collect</code>, which gathers a
        PipelineRun, its TaskRuns, their logs and the lockfile into one archive). The same upload twice is stored once;
        a PipelineRun seen again is updated.
      </p>
      <UploadForm />
    </>
  );
}
