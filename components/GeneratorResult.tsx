"use client";
// What POST /api/generate answered, shown: copy and download, checks, warnings, the patch's diff and the YAML
// itself, highlighted (prism-react-renderer). The code blocks scroll inside themselves, never the page.
import { Highlight, type PrismTheme } from "prism-react-renderer";
import { Fragment, useEffect, useRef, useState } from "react";
import { formatCount } from "@/lib/format";
import type { GenerateResponse } from "./api-contracts";
import { countLines, diffLineKind } from "./generator-form";

/**
 * A light theme for YAML tokens (key, punctuation, string, number, boolean, comment) with every colour at
 * least 7:1 against the block's background (WCAG AAA): the stock light themes leave keys unstyled or grey.
 */
const YAML_THEME: PrismTheme = {
  plain: { color: "#0f172a", backgroundColor: "#f8fafc" },
  styles: [
    { types: ["comment"], style: { color: "#166534", fontStyle: "italic" } },
    { types: ["key", "atrule"], style: { color: "#1e40af" } },
    { types: ["punctuation"], style: { color: "#475569" } },
    { types: ["string"], style: { color: "#9f1239" } },
    { types: ["number", "boolean", "important", "null"], style: { color: "#7c2d12" } },
    { types: ["tag", "directive", "anchor", "alias"], style: { color: "#6b21a8" } },
  ],
};

function CodeLines({ yaml }: { yaml: string }) {
  return (
    <Highlight code={yaml.replace(/\n$/, "")} language="yaml" theme={YAML_THEME}>
      {({ className, style, tokens, getLineProps, getTokenProps }) => (
        <pre
          className={`${className} generator-code`}
          style={style}
          tabIndex={0}
          role="region"
          aria-label="Generated YAML"
          data-testid="generator-yaml"
        >
          <code>
            {tokens.map((line, index) => (
              <Fragment key={index}>
                <span {...getLineProps({ line })}>
                  {/* An empty line comes as one "\n" token: the newline below is enough. */}
                  {line.length === 1 && line[0]?.empty
                    ? null
                    : line.map((token, tokenIndex) => <span key={tokenIndex} {...getTokenProps({ token })} />)}
                </span>
                {"\n"}
              </Fragment>
            ))}
          </code>
        </pre>
      )}
    </Highlight>
  );
}

function DiffLines({ diff }: { diff: string }) {
  const lines = diff.replace(/\n$/, "").split("\n");
  return (
    <pre
      className="generator-code generator-diff"
      tabIndex={0}
      role="region"
      aria-label="Changes to your file (unified diff)"
    >
      <code>
        {lines.map((line, index) => {
          const kind = diffLineKind(line);
          return (
            <Fragment key={index}>
              <span className={`diff-line diff-${kind}`}>{line}</span>
              {"\n"}
            </Fragment>
          );
        })}
      </code>
    </pre>
  );
}

/** Patch mode's headline ("318 lines changed in 17 tasks and the params"), the tasks it touches, and the diff. */
function PatchChanges({ result }: { result: GenerateResponse }) {
  const diffLines = result.diff?.split("\n") ?? [];
  const added = diffLines.filter((line) => diffLineKind(line) === "added").length;
  const removed = diffLines.filter((line) => diffLineKind(line) === "removed").length;
  const summary = result.diffSummary;
  const headline =
    summary?.headline ?? (added + removed === 0 ? "No change" : `${formatCount(added + removed, "line")} changed`);
  return (
    <div className="generator-patch-changes">
      <h4 className="generator-headline" data-testid="patch-headline">
        {headline}
      </h4>
      <p className="generator-help">
        {formatCount(added, "line")} added, {formatCount(removed, "line")} removed; every other line of your file is
        unchanged, byte for byte.
        {summary && summary.tasks.length > 0 ? (
          <>
            {" "}
            Tasks:{" "}
            {summary.tasks.map((task, i) => (
              <Fragment key={task}>
                {i > 0 ? ", " : null}
                <code>{task}</code>
              </Fragment>
            ))}
            .
          </>
        ) : null}
      </p>
      {added + removed > 0 && result.diff !== undefined ? <DiffLines diff={result.diff} /> : null}
    </div>
  );
}

export function GeneratorResult({
  result,
  fileName,
  tasksOnly,
  stale,
}: {
  result: GenerateResponse;
  /** The download's name (and the title of a whole file). */
  fileName: string;
  tasksOnly: boolean;
  stale: boolean;
}) {
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const clearTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(clearTimer.current), []);
  const lines = countLines(result.yaml);
  const failed = result.checks.filter((check) => !check.ok);
  const patch = result.diff !== undefined;

  const announce = (text: string, error = false) => {
    setStatus({ text, error });
    clearTimeout(clearTimer.current);
    clearTimer.current = setTimeout(() => setStatus(null), 8000);
  };

  const copy = async () => {
    if (typeof navigator === "undefined" || !navigator.clipboard?.writeText) {
      announce(
        "The clipboard is not available here (browsers allow it on HTTPS or localhost only): use Download, or select the YAML and copy it.",
        true,
      );
      return;
    }
    try {
      await navigator.clipboard.writeText(result.yaml);
      announce(`Copied ${formatCount(lines, "line")}.`);
    } catch {
      announce("The browser refused to copy (permission denied): use Download, or select the YAML and copy it.", true);
    }
  };

  const download = () => {
    const url = URL.createObjectURL(new Blob([result.yaml], { type: "application/yaml" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    announce(`Downloaded ${fileName}.`);
  };

  return (
    <section
      className={stale ? "generator-result generator-stale" : "generator-result"}
      aria-label="Generated pipeline"
    >
      <div className="generator-toolbar">
        <h3 className="generator-title">
          {tasksOnly ? "Tasks" : fileName} <span className="muted generator-count">({formatCount(lines, "line")})</span>
        </h3>
        <div className="generator-inline">
          <button type="button" className="generator-button" onClick={() => void copy()}>
            Copy
          </button>
          <button type="button" className="generator-button" onClick={download}>
            Download
          </button>
        </div>
        <p className={status?.error ? "generator-status error" : "generator-status"} role="status" aria-live="polite">
          {status?.text ?? ""}
        </p>
      </div>

      {patch ? <PatchChanges result={result} /> : null}

      <h4 className="generator-subtitle">
        Checks{" "}
        <span className={failed.length === 0 ? "check-ok" : "check-bad"}>
          ({failed.length === 0 ? "all passed" : `${failed.length} failed`})
        </span>
      </h4>
      <ul className="generator-checks" aria-label="Checks">
        {result.checks.map((check) => (
          <li key={check.name} className={check.ok ? "check-ok" : "check-bad"} title={check.detail}>
            <span aria-hidden="true">{check.ok ? "✓" : "✗"}</span> <code>{check.name}</code>
            <span className="sr-only">{check.ok ? " passed" : " failed"}</span>
            {!check.ok && check.detail ? <span className="generator-check-detail">: {check.detail}</span> : null}
          </li>
        ))}
      </ul>

      {result.warnings.length > 0 ? (
        <>
          <h4 className="generator-subtitle">Warnings ({result.warnings.length})</h4>
          <ul className="generator-warnings">
            {result.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </>
      ) : null}

      {patch ? (
        <details className="generator-whole-file">
          <summary>The whole patched file ({formatCount(lines, "line")})</summary>
          <CodeLines yaml={result.yaml} />
        </details>
      ) : (
        <CodeLines yaml={result.yaml} />
      )}
    </section>
  );
}
