// The shared loading and error UI of the browser's API reads: a "…" status line while loading, an alert box
// (optionally with a retry button) on failure, and QueryState, which picks between them and the loaded view.
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";

/** The polite status line shown while a request is on its way, e.g. "Loading chart…". */
export function LoadingStatus({ children }: { children: ReactNode }) {
  return (
    <p className="muted" role="status">
      {children}
    </p>
  );
}

/**
 * The alert shown when a request failed or its answer did not match the contract. `as` and `className` fit it to
 * its panel (the generator shows a box, the charts a line); `onRetry` adds a "Try again" button.
 */
export function ErrorAlert({
  children,
  as: Element = "p",
  className = "error",
  onRetry,
}: {
  children: ReactNode;
  as?: "p" | "div";
  className?: string;
  onRetry?: () => void;
}) {
  return (
    <Element className={className} role="alert">
      {children}
      {onRetry ? (
        <>
          {" "}
          <button type="button" className="link-button" onClick={onRetry}>
            Try again
          </button>
        </>
      ) : null}
    </Element>
  );
}

/**
 * A query's three states: `loading` while pending, `errorPrefix` + the error's message when it failed (only when
 * there is no earlier answer to keep showing, if `keepDataOnError`), else `children(data)`.
 */
export function QueryState<T>({
  query,
  loading,
  errorPrefix,
  keepDataOnError = false,
  retry = false,
  children,
}: {
  query: UseQueryResult<T>;
  loading: ReactNode;
  errorPrefix: string;
  keepDataOnError?: boolean;
  /** Offer a "Try again" button that refetches. */
  retry?: boolean;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <LoadingStatus>{loading}</LoadingStatus>;
  if (query.isError && !(keepDataOnError && query.data !== undefined)) {
    return (
      <ErrorAlert onRetry={retry ? () => void query.refetch() : undefined}>
        {errorPrefix}
        {query.error.message}
      </ErrorAlert>
    );
  }
  // A settled query always has data here (react-query never resolves to undefined).
  return query.data === undefined ? null : <>{children(query.data)}</>;
}
