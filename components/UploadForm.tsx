"use client";
// Upload page body: pick or drop files, send them as one multipart upload with a real progress bar,
// then show what each file turned into, with links to the components and runs found.
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState, type DragEvent } from "react";
import {
  describeMismatch,
  errorBodySchema,
  uploadResponseSchema,
  type ErrorDetail,
  type UploadResponse,
} from "./api-contracts";

class UploadFailed extends Error {
  constructor(readonly detail: ErrorDetail) {
    super(detail.message);
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** XHR rather than fetch: only XHR reports upload progress. */
function send(files: File[], component: string, onProgress: (fraction: number) => void): Promise<UploadResponse> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    if (component.trim() !== "") form.append("component", component.trim());
    for (const file of files) form.append("file", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/bundles");
    xhr.responseType = "json";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body: unknown = xhr.response;
      const answer = xhr.status >= 200 && xhr.status < 300 ? uploadResponseSchema.safeParse(body) : null;
      if (answer?.success) return resolve(answer.data);
      const error = errorBodySchema.safeParse(body);
      if (error.success) reject(new UploadFailed(error.data.error));
      else if (answer) {
        const message = `The server's answer was not as expected (${describeMismatch(answer.error)})`;
        reject(new UploadFailed({ code: "response", message }));
      } else reject(new UploadFailed({ code: "http", message: `The server answered ${xhr.status}` }));
    };
    xhr.onerror = () => reject(new UploadFailed({ code: "network", message: "The upload could not reach the server" }));
    xhr.send(form);
  });
}

export function UploadForm() {
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState(0);
  const [component, setComponent] = useState("");
  const upload = useMutation({
    mutationFn: (chosen: File[]) => {
      setProgress(0);
      return send(chosen, component, setProgress);
    },
  });
  const error = upload.error instanceof UploadFailed ? upload.error.detail : null;

  const choose = (list: FileList | null) => {
    if (!list) return;
    setFiles(Array.from(list));
    upload.reset();
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files);
  };
  const total = files.reduce((sum, file) => sum + file.size, 0);
  /** The selected file an error belongs to: itself, or the archive holding the named entry. */
  const errorBelongsTo = (file: File) => error?.file !== undefined && (error.file === file.name || files.length === 1);

  return (
    <div className="upload">
      <div
        className={`dropzone${dragging ? " dropzone-active" : ""}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>
          Drop files here, or{" "}
          <button type="button" className="link-button" onClick={() => input.current?.click()}>
            choose files
          </button>
          . Several files are ingested together as one bundle.
        </p>
        <p className="muted">
          Archives (.tar.gz, .tgz, .tar, .zip, .gz), PipelineRun/TaskRun JSON or YAML, Tekton Results records, task
          logs, rpms.lock.yaml, OCI manifests, timing tables (.md, .csv).
        </p>
        <label className="sr-only" htmlFor="bundle-files">
          Files to upload
        </label>
        <input
          ref={input}
          id="bundle-files"
          type="file"
          multiple
          className="file-input"
          onChange={(event) => choose(event.target.files)}
        />
      </div>

      {files.length > 0 ? (
        <section aria-labelledby="selected-heading">
          <h2 id="selected-heading">Selected ({formatBytes(total)})</h2>
          <ul className="file-list">
            {files.map((file) => (
              <li key={file.name}>
                <span className="file-name">{file.name}</span> <span className="muted">{formatBytes(file.size)}</span>
                {errorBelongsTo(file) ? (
                  <p className="error" role="alert">
                    {error!.message}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
          <div className="upload-field">
            <label htmlFor="upload-component">Component (for a lockfile or manifest on its own)</label>
            <input
              id="upload-component"
              type="text"
              value={component}
              placeholder="e.g. my-component"
              autoComplete="off"
              spellCheck={false}
              aria-describedby="upload-component-help"
              onChange={(event) => setComponent(event.target.value)}
            />
            <p id="upload-component-help" className="muted">
              Optional. An <code>rpms.lock.yaml</code> or OCI manifest uploaded without a run becomes this
              component&apos;s planned payload: its sizes per arch feed the recommendation before any run was measured.
            </p>
          </div>
          <button type="button" className="primary" disabled={upload.isPending} onClick={() => upload.mutate(files)}>
            {upload.isPending ? "Uploading…" : `Upload ${files.length} file${files.length === 1 ? "" : "s"}`}
          </button>
        </section>
      ) : null}

      {upload.isPending ? (
        <div className="progress-wrap">
          <progress max={1} value={progress} aria-label="Upload progress" />
          <span className="muted" role="status">
            {progress < 1 ? `${Math.round(progress * 100)} % sent` : "Sent; the server is reading the bundle…"}
          </span>
        </div>
      ) : null}

      {error && !files.some(errorBelongsTo) ? (
        <p className="error" role="alert">
          {error.message}
        </p>
      ) : null}

      {upload.data ? <UploadResult result={upload.data} /> : null}
    </div>
  );
}

function UploadResult({ result }: { result: UploadResponse }) {
  const components = [...new Set(result.runs.map((run) => run.component))];
  return (
    <section aria-labelledby="result-heading" className="upload-result">
      <h2 id="result-heading">
        {result.upload.status === "ingested" ? "Ingested" : "Already ingested earlier — nothing changed"}
      </h2>
      <p className="muted">
        Upload {result.upload.id}, sha256 <code>{result.upload.sha256.slice(0, 16)}…</code>
      </p>
      {components.length > 0 ? (
        <p>
          Components:{" "}
          {components.map((name, index) => (
            <span key={name}>
              {index > 0 ? ", " : ""}
              <Link href={`/components/${encodeURIComponent(name)}`}>{name}</Link>
            </span>
          ))}
        </p>
      ) : null}
      {result.runs.length > 0 ? (
        <div className="table-wrap">
          <table className="data-table" aria-label="Runs found">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Component</th>
                <th scope="col">Strategy</th>
                <th scope="col">Architectures</th>
              </tr>
            </thead>
            <tbody>
              {result.runs.map((run) => (
                <tr key={run.id}>
                  <th scope="row">
                    <Link href={`/runs/${run.id}`}>{run.name}</Link>
                  </th>
                  <td>{run.component}</td>
                  <td>{run.strategy}</td>
                  <td>{run.arches.join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {result.planned ? <PlannedResult planned={result.planned} /> : null}
      <h3>Files</h3>
      <div className="table-wrap">
        <table className="data-table" aria-label="Files in the upload">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Read as</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {result.files.map((file) => (
              <tr key={file.name}>
                <th scope="row">{file.name}</th>
                <td>{file.kind}</td>
                <td>
                  {file.status}
                  {file.message ? <span className="muted"> — {file.message}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.warnings.length > 0 ? (
        <>
          <h3>Warnings</h3>
          <ul className="warnings">
            {result.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function PlannedResult({ planned }: { planned: NonNullable<UploadResponse["planned"]> }) {
  return (
    <>
      <p>
        Stored as the planned payload of{" "}
        <Link href={`/components/${encodeURIComponent(planned.component)}`}>{planned.component}</Link>: sizes per
        architecture, used by its recommendation until runs with measured sizes are uploaded.
      </p>
      <div className="table-wrap">
        <table className="data-table" aria-label="Planned payload">
          <thead>
            <tr>
              <th scope="col">Architecture</th>
              <th scope="col" className="num">
                Size (MiB)
              </th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {planned.rows.map((row) => (
              <tr key={`${row.source}-${row.arch}`} data-arch={row.arch}>
                <th scope="row">{row.arch}</th>
                <td className="num">{(row.bytes / 1024 ** 2).toLocaleString("en-US", { maximumFractionDigits: 1 })}</td>
                <td>
                  {row.source}: {row.file}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
