// Upload: the page exists so navigation is complete; bundle ingestion is not built yet.
import type { Metadata } from "next";

export const metadata: Metadata = { title: "Upload" };

export default function UploadPage() {
  return (
    <>
      <h1>Upload</h1>
      <p className="notice" role="note">
        Uploading is not available yet in this version. The dashboard currently shows the demo tables loaded on first
        start.
      </p>
      <p>When it arrives, this page will take what you export from a cluster:</p>
      <ul>
        <li>PipelineRun and TaskRun objects (JSON or YAML, from kubectl, tkn or Tekton Results)</li>
        <li>
          TaskRun and step logs, or a whole <code>tkn pr logs</code> text
        </li>
        <li>
          <code>rpms.lock.yaml</code>, OCI manifests of the prefetch artifacts, and hand-measured timing tables
        </li>
        <li>any of these packed as .tar.gz, .tgz, .tar, .zip or .gz</li>
      </ul>
    </>
  );
}
