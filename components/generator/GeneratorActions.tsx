// The generator's submit row (Generate, Generate patch, Generating…), the note that the options changed since
// the shown YAML, and the request's error in the shared alert box.
import { ErrorAlert } from "../QueryState";
import { failureHeading } from "./post-generate";

export function GeneratorActions({
  pending,
  patchMode,
  stale,
  error,
}: {
  pending: boolean;
  patchMode: boolean;
  /** A result is shown and the options changed since it was generated. */
  stale: boolean;
  error: Error | null;
}) {
  return (
    <>
      <div className="generator-actions">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Generating…" : patchMode ? "Generate patch" : "Generate"}
        </button>
        {stale ? <span className="generator-help">The options changed since this YAML was generated.</span> : null}
      </div>
      {error ? (
        <ErrorAlert as="div" className="generator-error">
          <strong>{failureHeading(error)}</strong>
          {error.message}
        </ErrorAlert>
      ) : null}
    </>
  );
}
