// "Inputs and their sources": payload sizes, shared bytes, fitted rates and remote platforms, each with where it
// came from, and the inputs nothing measured (the defaults used instead).
import { formatMiB } from "@/lib/format";
import { describeFit } from "@/lib/model/fit";
import type { Recommendation } from "@/lib/model/recommend";

export function InputsDetails({ inputs }: { inputs: Recommendation["inputs"] }) {
  return (
    <details className="inputs">
      <summary>Inputs and their sources</summary>
      <dl className="facts">
        {Object.entries(inputs.payload).map(([part, value]) => (
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
            {formatMiB(inputs.sharedBytes.bytes)} <span className="muted">— {inputs.sharedBytes.source}</span>
          </dd>
        </div>
        {(["prefetch", "upload", "restore"] as const).map((phase) => (
          <div key={phase}>
            <dt>{phase} rate</dt>
            <dd>
              {describeFit(inputs.fits[phase])}{" "}
              <span className="muted">
                — {inputs.fits[phase].origin ? `${inputs.fits[phase].origin.text}; ` : ""}
                {inputs.fits[phase].source}
              </span>
            </dd>
          </div>
        ))}
        {Object.entries(inputs.fits.rsync).map(([arch, fit]) => (
          <div key={arch}>
            <dt>rsync to {arch}</dt>
            <dd>
              {describeFit(fit)}{" "}
              <span className="muted">
                — {fit.origin ? `${fit.origin.text}; ` : ""}
                {fit.source}
              </span>
            </dd>
          </div>
        ))}
        <div>
          <dt>Pooled with</dt>
          <dd>
            {inputs.pooled.components === 0
              ? "no other component with measured runs"
              : `${inputs.pooled.components} other component${inputs.pooled.components === 1 ? "" : "s"}, ${inputs.pooled.runs} run${inputs.pooled.runs === 1 ? "" : "s"}`}{" "}
            <span className="muted">
              — this component has {inputs.runs} run{inputs.runs === 1 ? "" : "s"} with measured points
            </span>
          </dd>
        </div>
        <div>
          <dt>Remote platforms</dt>
          <dd>
            {inputs.remotePlatforms.arches.join(", ") || "none"}{" "}
            <span className="muted">— {inputs.remotePlatforms.source}</span>
          </dd>
        </div>
      </dl>
      {inputs.missing.length > 0 ? (
        <>
          <h4>Not measured: defaults used</h4>
          <ul>
            {inputs.missing.map((m) => (
              <li key={m.input}>
                {m.input}: {m.assumed}
                {m.override ? <span className="muted"> (override: {m.override})</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </details>
  );
}
