// Upload: send exported PipelineRuns, logs, lockfiles, manifests or timing tables.
import type { Metadata } from "next";
import { UploadForm } from "@/components/UploadForm";

export const metadata: Metadata = { title: "Upload" };

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
