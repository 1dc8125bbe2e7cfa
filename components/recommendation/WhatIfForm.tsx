// "What if…": the controls that change the recommendation (platforms, objective, Trusted Artifacts policy, split
// source, rates, contention, expiry, thresholds, PVC size), each written to the URL, and the link resetting them.
import { BUILD_ARCHES } from "@/lib/domain/arch";
import { describeFit } from "@/lib/model/fit";
import type { Recommendation } from "@/lib/model/recommend";
import { NumberSetting } from "./NumberSetting";
import type { RecommendationParams } from "./use-recommendation-params";
import { OBJECTIVE_LABELS, rateText, type ViewSettings } from "./view-settings";

/** Platforms, objective, the Trusted Artifacts policy and the split source: the choices, not the numbers. */
function Choices({ settings, setParams }: { settings: ViewSettings; setParams: RecommendationParams["setParams"] }) {
  return (
    <>
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
    </>
  );
}

export function WhatIfForm({
  r,
  settings,
  url,
}: {
  r: Recommendation;
  settings: ViewSettings;
  url: RecommendationParams;
}) {
  const { str, setParams } = url;
  const fits = r.inputs.fits;
  return (
    <form className="what-if" onSubmit={(event) => event.preventDefault()} aria-labelledby="what-if-heading">
      <h3 id="what-if-heading">What if…</h3>
      <div className="controls">
        <Choices settings={settings} setParams={setParams} />
        <NumberSetting
          key={`registryUpMiBps:${str("registryUpMiBps")}`}
          label="Registry upload"
          unit="MiB/s"
          value={str("registryUpMiBps")}
          placeholder={rateText(fits.upload)}
          help={`fitted: ${describeFit(fits.upload)}`}
          onCommit={(value) => setParams({ registryUpMiBps: value })}
        />
        <NumberSetting
          key={`registryDownMiBps:${str("registryDownMiBps")}`}
          label="Registry download"
          unit="MiB/s"
          value={str("registryDownMiBps")}
          placeholder={rateText(fits.restore)}
          help={`fitted: ${describeFit(fits.restore)}`}
          onCommit={(value) => setParams({ registryDownMiBps: value })}
        />
        <NumberSetting
          key={`prefetchMiBps:${str("prefetchMiBps")}`}
          label="Prefetch download"
          unit="MiB/s"
          value={str("prefetchMiBps")}
          placeholder={rateText(fits.prefetch)}
          help={`fitted: ${describeFit(fits.prefetch)}`}
          onCommit={(value) => setParams({ prefetchMiBps: value })}
        />
        {r.inputs.remotePlatforms.arches
          .filter((arch) => settings.platforms.includes(arch))
          .map((arch) => {
            const fit = fits.rsync[arch];
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
      {url.hasWhatIf ? (
        <p>
          <a
            href={url.resetHref}
            onClick={(event) => {
              event.preventDefault();
              url.resetWhatIf();
            }}
          >
            Reset the what-if settings
          </a>
        </p>
      ) : null}
    </form>
  );
}
