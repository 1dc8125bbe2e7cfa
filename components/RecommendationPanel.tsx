"use client";
// The recommendation panel: every strategy predicted from the component's runs, ranked side by side, the
// decision and why (or that nothing was measured yet), hazards, "show the arithmetic", the inputs with their
// sources, the backtest, and the what-if controls. The controls live in the URL (next to the page's run
// filters), so a view can be shared.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useEffectEvent, useId, useState } from "react";
import { BUILD_ARCHES } from "@/lib/domain/arch";
import { strategyLabel } from "@/lib/domain/strategies";
import { formatDuration, formatMiB, formatSeconds } from "@/lib/format";
import type { Recommendation } from "@/lib/model/recommend";
import { describeFit, mibPerSecond } from "@/lib/model/fit";
import type { Fit } from "@/lib/model/types";
import { isRunFilterParam, isWhatIfParam } from "@/lib/recommend/params";
import { fetchComponentJson } from "./component-api";
import { useRecommendedStrategy } from "./RecommendedStrategy";

const OBJECTIVE_LABELS: Record<string, string> = {
  wall: "Wall time (critical path)",
  taskSeconds: "Task seconds (what the cluster pays)",
  bytesMoved: "Bytes moved (registry + rsync)",
  registryBytes: "Registry bytes kept",
};

type Strategy = Recommendation["strategies"][number];

/** The fitted rate as a placeholder for its what-if field ("" when the phase took no time). */
const rateText = (fit: Fit) => {
  const rate = mibPerSecond(fit);
  return Number.isFinite(rate) ? rate.toFixed(1) : "";
};

function signed(value: number, format: (v: number) => string): string {
  if (Math.abs(value) < 0.5) return "±0";
  return value > 0 ? `+${format(value)}` : `−${format(-value)}`;
}

/** A number field that writes to the URL after the user pauses typing (and never while the value is invalid). */
function NumberSetting(props: {
  label: string;
  unit: string;
  value: string;
  placeholder: string;
  help: string;
  min?: number;
  step?: number;
  onCommit: (value: string) => void;
}) {
  const id = useId();
  // The parent remounts this field (key = URL value) when the URL changes, so local text starts from it.
  const [text, setText] = useState(props.value);
  const commit = useEffectEvent((value: string) => props.onCommit(value));
  const { value } = props;
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => commit(text.trim()), 500);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <div className="control">
      <label htmlFor={id}>
        {props.label} <span className="muted">({props.unit})</span>
      </label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={props.min ?? 0}
        step={props.step ?? "any"}
        value={text}
        placeholder={props.placeholder}
        aria-describedby={`${id}-help`}
        onChange={(event) => setText(event.target.value)}
      />
      <span id={`${id}-help`} className="muted control-help">
        {props.help}
      </span>
    </div>
  );
}

function HazardList({ strategy }: { strategy: Strategy }) {
  if (strategy.hazards.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="hazard-list">
      {strategy.hazards.map((hazard) => (
        <li key={hazard.code} className={`hazard hazard-${hazard.severity}`} title={hazard.message}>
          <span className="hazard-code">{hazard.code}</span>
          <span className="sr-only">
            {" "}
            ({hazard.severity}): {hazard.message}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Arithmetic({ strategy }: { strategy: Strategy }) {
  return (
    <details className="arithmetic">
      <summary>
        Show the arithmetic: {strategy.label} <span className="muted">({strategy.id})</span>
      </summary>
      <p className="muted">
        Critical path:{" "}
        {strategy.criticalPath.map((step) => `${step.task} (${formatSeconds(step.seconds)})`).join(" → ")}
      </p>
      <ol className="arithmetic-steps">
        {strategy.explanation.map((line, index) => (
          <li key={index}>
            <strong>{line.quantity}</strong> = <span className="arithmetic-value">{line.value}</span>
            <div className="muted">{line.formula}</div>
            <ul>
              {Object.entries(line.inputs).map(([name, value]) => (
                <li key={name}>
                  {name}: {value}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      {strategy.hazards.length > 0 ? (
        <ul className="hazard-details">
          {strategy.hazards.map((hazard) => (
            <li key={hazard.code}>
              <strong>{hazard.code}</strong> ({hazard.severity}): {hazard.message}
            </li>
          ))}
        </ul>
      ) : null}
    </details>
  );
}

export function RecommendationPanel({ component }: { component: string }) {
  const pathname = usePathname();
  const routerParams = useSearchParams();
  // What-if changes are written to the URL with history.replaceState and kept here too, so the controls and
  // the query follow at once; a navigation (e.g. a new run filter) starts again from the router's URL.
  const [local, setLocal] = useState<{ from: string; now: string } | null>(null);
  const routerText = routerParams.toString();
  const params = new URLSearchParams(local && local.from === routerText ? local.now : routerText);
  const apiQuery = (() => {
    const query = new URLSearchParams();
    for (const [key, value] of params) if (isRunFilterParam(key) || isWhatIfParam(key)) query.append(key, value);
    return query.toString();
  })();
  const shared = useRecommendedStrategy();
  const query = useQuery({
    queryKey: ["recommendation", component, apiQuery],
    queryFn: async () => (await fetchComponentJson(component, "recommendation", apiQuery)) as Recommendation,
    placeholderData: keepPreviousData,
  });

  // "unknown" (nothing detected, nothing measured) is no strategy: the generator keeps its own default then.
  const recommendedId = query.data && query.data.recommended !== "unknown" ? query.data.recommended : null;
  const setShared = shared?.setRecommended;
  useEffect(() => {
    if (recommendedId && setShared) setShared(recommendedId);
  }, [recommendedId, setShared]);

  const setParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    const text = next.toString();
    setLocal({ from: routerText, now: text });
    // Not router.replace: that would render the whole page on the server again; only this panel changes.
    window.history.replaceState(window.history.state, "", text ? `${pathname}?${text}` : pathname);
  };
  const resetHref = (() => {
    const next = new URLSearchParams(params);
    for (const key of [...next.keys()]) if (isWhatIfParam(key)) next.delete(key);
    const text = next.toString();
    return text ? `${pathname}?${text}` : pathname;
  })();
  const hasWhatIf = [...params.keys()].some(isWhatIfParam);

  if (query.isPending) {
    return (
      <p className="muted" role="status">
        Predicting every strategy…
      </p>
    );
  }
  if (query.isError && !query.data) {
    return (
      <p className="error" role="alert">
        Could not compute the recommendation: {query.error.message}
      </p>
    );
  }
  const r = query.data!;
  // Δ is against the detected strategy, or the shipped default when none was detected (r.baseline).
  const baseline = r.strategies.find((s) => s.id === r.baseline)!;
  const recommended = r.strategies.find((s) => s.id === r.recommended) ?? null;
  const currentKnown = r.current !== "unknown";
  const str = (key: string) => params.get(key) ?? "";
  // Controls show the URL's value at once; the answer's settings fill in the defaults (e.g. measured platforms).
  const urlPlatforms = params.get("platforms");
  const settings = {
    ...r.settings,
    platforms: urlPlatforms
      ? BUILD_ARCHES.filter((arch) => urlPlatforms.split(",").includes(arch))
      : r.settings.platforms,
    requireTrustedArtifacts: params.get("requireTrustedArtifacts") !== "false",
    objective: params.get("objective") ?? r.settings.objective,
    splitSource: params.get("splitSource") ?? r.settings.splitSource,
  };
  // The single-arch hint offers the next arch in table order as a one-click what-if.
  const nextArch = BUILD_ARCHES.find((arch) => !settings.platforms.includes(arch)) ?? null;
  const withNext = BUILD_ARCHES.filter((arch) => arch === nextArch || settings.platforms.includes(arch));

  return (
    <div className="recommendation" aria-busy={query.isFetching}>
      <div className={`decision decision-${r.decision}`} role="status" aria-live="polite">
        <p className="decision-headline">
          {r.decision === "none" ? (
            <>
              <strong>No data yet</strong>: no size of this component&apos;s prefetched dependencies is known, so there
              is no recommendation
              {currentKnown ? (
                <>
                  {" "}
                  (its runs use <strong>{strategyLabel(r.current)}</strong> <span className="muted">({r.current})</span>
                  )
                </>
              ) : null}
              .
            </>
          ) : r.decision === "keep" ? (
            <>
              Keep <strong>{strategyLabel(r.current)}</strong> <span className="muted">({r.current})</span>
            </>
          ) : (
            <>
              {currentKnown ? "Switch to" : "Use"} <strong>{strategyLabel(r.recommended)}</strong>{" "}
              <span className="muted">({r.recommended})</span>
              {currentKnown && r.savings.wallS > 0 ? (
                <> — saves {formatDuration(r.savings.wallS)} of wall time per build</>
              ) : null}
              {!currentKnown && r.savings.wallS > 0 ? (
                <>
                  {" "}
                  — {formatDuration(r.savings.wallS)} of wall time per build less than the shipped default ({r.baseline}
                  )
                </>
              ) : null}
            </>
          )}
        </p>
        <p>{r.reason}</p>
        <p className="muted">
          Current strategy: {r.current} — {r.currentSource}. Ranked by {OBJECTIVE_LABELS[r.objective]}; a change must
          win by more than {r.threshold.pct}%
          {r.objective === "wall" || r.objective === "taskSeconds" ? ` and ${r.threshold.seconds} s` : ""}.
        </p>
        {r.singleArch ? (
          <p className="muted">
            Predicted for one build arch ({r.settings.platforms.join(", ")}). To see what more platforms would cost,
            tick them under <a href="#what-if-platforms">What if… → Platforms</a>
            {nextArch ? (
              <>
                {" "}
                or{" "}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setParams({ platforms: withNext.join(",") })}
                >
                  compare with {withNext.join(" + ")}
                </button>
              </>
            ) : null}
            .
          </p>
        ) : null}
        {query.isError ? (
          <p className="error" role="alert">
            The last change was not applied: {query.error.message}
          </p>
        ) : null}
      </div>

      <div className="table-wrap">
        <table className="data-table strategy-table" aria-label="Strategies ranked">
          <caption>
            Every strategy, predicted per build from {r.inputs.samples} measured points; Δ is against{" "}
            {currentKnown
              ? `the current strategy (${r.current})`
              : `the shipped default (${r.baseline}), as no strategy was detected`}
            .
          </caption>
          <thead>
            <tr>
              <th scope="col">Rank</th>
              <th scope="col">Strategy</th>
              <th scope="col" className="num">
                Wall (time)
              </th>
              <th scope="col" className="num">
                Δ wall
              </th>
              <th scope="col" className="num">
                Task (s)
              </th>
              <th scope="col" className="num">
                Moved (MiB)
              </th>
              <th scope="col" className="num">
                Registry (MiB)
              </th>
              <th scope="col" className="num">
                PVC (MiB)
              </th>
              <th scope="col">Hazards</th>
            </tr>
          </thead>
          <tbody>
            {r.strategies.map((s) => (
              <tr
                key={s.id}
                className={[
                  s.id === r.recommended && r.decision !== "none" ? "strategy-recommended" : "",
                  s.eligible ? "" : "strategy-ineligible",
                ].join(" ")}
                data-strategy={s.id}
              >
                <td className="num">{s.rank}</td>
                <th scope="row">
                  {s.label}
                  <br />
                  <span className="muted strategy-id">{s.id}</span>
                  {s.id === r.recommended && r.decision !== "none" ? (
                    <span className="tag tag-recommended">recommended</span>
                  ) : null}
                  {s.id === r.current ? <span className="tag">current</span> : null}
                  {!currentKnown && s.id === r.baseline ? <span className="tag">shipped default</span> : null}
                  {!s.eligible ? <span className="tag tag-blocked">not allowed</span> : null}
                </th>
                <td className="num" title={`${formatSeconds(s.wallS)}: longest path through the predicted task graph`}>
                  {formatDuration(s.wallS)}
                </td>
                <td className="num">{s.id === r.baseline ? "—" : signed(s.wallS - baseline.wallS, formatDuration)}</td>
                <td className="num">{formatSeconds(s.taskS)}</td>
                <td className="num" title="registry upload + download + rsync">
                  {formatMiB(s.bytesMoved)}
                </td>
                <td className="num" title={`kept until image-expires-after (${settings.expiryDays} d)`}>
                  {formatMiB(s.registryBytes)}
                </td>
                <td className="num">{formatMiB(s.pvcBytes)}</td>
                <td>
                  <HazardList strategy={s} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        {recommended && r.decision !== "none"
          ? `Recommended: ${recommended.label}. `
          : "No recommendation yet: these predictions rest on 0 MiB payloads and default rates. "}
        Every number is a prediction by the formulas under “Show the arithmetic”, from the inputs listed below
        (docs/cost-model.md).
      </p>

      <div className="arithmetic-list">
        {r.strategies.map((s) => (
          <Arithmetic key={s.id} strategy={s} />
        ))}
      </div>

      <form className="what-if" onSubmit={(event) => event.preventDefault()} aria-labelledby="what-if-heading">
        <h3 id="what-if-heading">What if…</h3>
        <div className="controls">
          <fieldset className="control" id="what-if-platforms">
            <legend>Platforms</legend>
            {BUILD_ARCHES.map((arch) => {
              const checked = settings.platforms.includes(arch);
              return (
                <label key={arch} className="checkbox">
                  <input
                    type="checkbox"
                    checked={checked}
                    disabled={checked && settings.platforms.length === 1}
                    onChange={() => {
                      const next = checked
                        ? settings.platforms.filter((a) => a !== arch)
                        : BUILD_ARCHES.filter((a) => a === arch || settings.platforms.includes(a));
                      setParams({ platforms: next.join(",") });
                    }}
                  />{" "}
                  {arch}
                </label>
              );
            })}
          </fieldset>
          <div className="control">
            <label htmlFor="what-if-objective">Rank by</label>
            <select
              id="what-if-objective"
              value={settings.objective}
              onChange={(event) => setParams({ objective: event.target.value === "wall" ? null : event.target.value })}
            >
              {Object.entries(OBJECTIVE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="control">
            <label className="checkbox">
              <input
                type="checkbox"
                checked={settings.requireTrustedArtifacts}
                onChange={(event) => setParams({ requireTrustedArtifacts: event.target.checked ? null : "false" })}
              />{" "}
              Require Trusted Artifacts
            </label>
            <span className="muted control-help">
              {settings.requireTrustedArtifacts
                ? "Konflux policy (ADR-63, Enterprise Contract): PVC strategies are shown but never recommended."
                : "Off: ranked by the numbers alone. A PVC pipeline gives up Enterprise Contract's trusted-task checks and the artifacts' provenance."}
            </span>
          </div>
          <div className="control">
            <label htmlFor="what-if-split-source">Split: source prefetch fetches</label>
            <select
              id="what-if-split-source"
              value={settings.splitSource}
              onChange={(event) =>
                setParams({ splitSource: event.target.value === "sources-only" ? null : event.target.value })
              }
            >
              <option value="sources-only">SRPMs only (separate input)</option>
              <option value="all-arches">every arch again (union of SRPMs)</option>
            </select>
          </div>
          <NumberSetting
            key={`registryUpMiBps:${str("registryUpMiBps")}`}
            label="Registry upload"
            unit="MiB/s"
            value={str("registryUpMiBps")}
            placeholder={rateText(r.inputs.fits.upload)}
            help={`fitted: ${describeFit(r.inputs.fits.upload)}`}
            onCommit={(value) => setParams({ registryUpMiBps: value })}
          />
          <NumberSetting
            key={`registryDownMiBps:${str("registryDownMiBps")}`}
            label="Registry download"
            unit="MiB/s"
            value={str("registryDownMiBps")}
            placeholder={rateText(r.inputs.fits.restore)}
            help={`fitted: ${describeFit(r.inputs.fits.restore)}`}
            onCommit={(value) => setParams({ registryDownMiBps: value })}
          />
          <NumberSetting
            key={`prefetchMiBps:${str("prefetchMiBps")}`}
            label="Prefetch download"
            unit="MiB/s"
            value={str("prefetchMiBps")}
            placeholder={rateText(r.inputs.fits.prefetch)}
            help={`fitted: ${describeFit(r.inputs.fits.prefetch)}`}
            onCommit={(value) => setParams({ prefetchMiBps: value })}
          />
          {r.inputs.remotePlatforms.arches
            .filter((arch) => settings.platforms.includes(arch))
            .map((arch) => {
              const fit = r.inputs.fits.rsync[arch];
              return (
                <NumberSetting
                  key={`${arch}:${str(`rsyncMiBps.${arch}`)}`}
                  label={`rsync to ${arch}`}
                  unit="MiB/s"
                  value={str(`rsyncMiBps.${arch}`)}
                  placeholder={fit ? rateText(fit) : ""}
                  help={fit ? `fitted: ${describeFit(fit)}` : "not measured"}
                  onCommit={(value) => setParams({ [`rsyncMiBps.${arch}`]: value })}
                />
              );
            })}
          <NumberSetting
            key={`prefetchContention:${str("prefetchContention")}`}
            label="Prefetch contention"
            unit="× per extra prefetch"
            value={str("prefetchContention")}
            placeholder="0"
            step={0.1}
            help="Parallel prefetches share the network: time × (1 + c·(k−1))."
            onCommit={(value) => setParams({ prefetchContention: value })}
          />
          <NumberSetting
            key={`expiryDays:${str("expiryDays")}`}
            label="Artifact expiry"
            unit="days"
            value={str("expiryDays")}
            placeholder={String(settings.expiryDays)}
            step={1}
            help="image-expires-after: how long each build's artifacts stay in the registry."
            onCommit={(value) => setParams({ expiryDays: value })}
          />
          <NumberSetting
            key={`thresholdPct:${str("thresholdPct")}`}
            label="Threshold"
            unit="%"
            value={str("thresholdPct")}
            placeholder={String(settings.thresholdPct)}
            step={1}
            help="A change must win by more than this…"
            onCommit={(value) => setParams({ thresholdPct: value })}
          />
          <NumberSetting
            key={`thresholdS:${str("thresholdS")}`}
            label="Threshold"
            unit="s"
            value={str("thresholdS")}
            placeholder={String(settings.thresholdS)}
            step={10}
            help="…and by more than this many seconds (time objectives)."
            onCommit={(value) => setParams({ thresholdS: value })}
          />
          <NumberSetting
            key={`pvcSizeGiB:${str("pvcSizeGiB")}`}
            label="PVC size"
            unit="GiB"
            value={str("pvcSizeGiB")}
            placeholder={String(settings.pvcSizeGiB)}
            step={1}
            help="Per workspace; the shipped pipelines use 1 GiB."
            onCommit={(value) => setParams({ pvcSizeGiB: value })}
          />
        </div>
        {hasWhatIf ? (
          <p>
            <a
              href={resetHref}
              onClick={(event) => {
                event.preventDefault();
                setParams(Object.fromEntries([...params.keys()].filter(isWhatIfParam).map((key) => [key, null])));
              }}
            >
              Reset the what-if settings
            </a>
          </p>
        ) : null}
      </form>

      <details className="inputs">
        <summary>Inputs and their sources</summary>
        <dl className="facts">
          {Object.entries(r.inputs.payload).map(([part, value]) => (
            <div key={part}>
              <dt>Payload {part}</dt>
              <dd>
                {formatMiB(value.bytes)} <span className="muted">— {value.source}</span>
              </dd>
            </div>
          ))}
          <div>
            <dt>Shared bytes</dt>
            <dd>
              {formatMiB(r.inputs.sharedBytes.bytes)} <span className="muted">— {r.inputs.sharedBytes.source}</span>
            </dd>
          </div>
          {(["prefetch", "upload", "restore"] as const).map((phase) => (
            <div key={phase}>
              <dt>{phase} rate</dt>
              <dd>
                {describeFit(r.inputs.fits[phase])} <span className="muted">— {r.inputs.fits[phase].source}</span>
              </dd>
            </div>
          ))}
          {Object.entries(r.inputs.fits.rsync).map(([arch, fit]) => (
            <div key={arch}>
              <dt>rsync to {arch}</dt>
              <dd>
                {describeFit(fit)} <span className="muted">— {fit.source}</span>
              </dd>
            </div>
          ))}
          <div>
            <dt>Remote platforms</dt>
            <dd>
              {r.inputs.remotePlatforms.arches.join(", ") || "none"}{" "}
              <span className="muted">— {r.inputs.remotePlatforms.source}</span>
            </dd>
          </div>
        </dl>
        {r.inputs.missing.length > 0 ? (
          <>
            <h4>Not measured: defaults used</h4>
            <ul>
              {r.inputs.missing.map((m) => (
                <li key={m.input}>
                  {m.input}: {m.assumed}
                  {m.override ? <span className="muted"> (override: {m.override})</span> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </details>

      <details className="backtest">
        <summary>
          Backtest:{" "}
          {r.backtest.medianErrorPct === null
            ? "no run to check against"
            : `median error ${r.backtest.medianErrorPct.toFixed(1)}% over ${r.backtest.runs} run${r.backtest.runs === 1 ? "" : "s"}`}
          {r.backtest.results.length > 0 && r.backtest.results.every((row) => row.fittedOn === 0) ? (
            <span className="muted"> (no other run to fit on: predicted from the default rates)</span>
          ) : null}
        </summary>
        <p className="muted">{r.backtest.method}</p>
        {r.backtest.results.length > 0 ? (
          <div className="table-wrap">
            <table className="data-table" aria-label="Backtest per run">
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Strategy</th>
                  <th scope="col" className="num">
                    Predicted (s)
                  </th>
                  <th scope="col" className="num">
                    Measured (s)
                  </th>
                  <th scope="col" className="num">
                    Error (%)
                  </th>
                  <th scope="col" className="num">
                    Fitted on (points)
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.backtest.results.slice(0, 20).map((row) => (
                  <tr key={row.run}>
                    <th scope="row">{row.run}</th>
                    <td>{row.strategy}</td>
                    <td className="num">{formatSeconds(row.predictedS)}</td>
                    <td className="num">{formatSeconds(row.measuredS)}</td>
                    <td className="num">{`${row.errorPct > 0 ? "+" : ""}${row.errorPct.toFixed(1)}%`}</td>
                    <td className="num">{row.fittedOn === 0 ? "defaults" : row.fittedOn}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </details>
    </div>
  );
}
