"use client";
// The /plan page's form and answer: an rpms.lock.yaml (pasted or read from a file) or sizes per arch, the platforms,
// today's strategy and the objective → POST /api/plan → every strategy ranked with its range, the decision and its
// confidence, what the plan assumed; then the generator, prefilled with the recommended strategy.
import { useMutation } from "@tanstack/react-query";
import { useId, useState, type ChangeEvent, type FormEvent } from "react";
import { BUILD_ARCHES } from "@/lib/domain/arch";
import { STRATEGY_IDS, strategyLabel } from "@/lib/domain/strategies";
import { formatMiB } from "@/lib/format";
import { planResponseSchema, type PlanResponse } from "../api-contracts";
import { GeneratorPanel } from "../GeneratorPanel";
import { PlanAnswer } from "./PlanAnswer";

const MAX_LOCKFILE_BYTES = 8 * 1024 * 1024;
type Source = "lockfile" | "sizes";

export class PlanRequestError extends Error {}

async function postPlan(body: Record<string, unknown>): Promise<PlanResponse> {
  const response = await fetch("/api/plan", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (json as { error?: { message?: string } } | null)?.error?.message ?? response.statusText;
    throw new PlanRequestError(`Not possible (${response.status}): ${message}`);
  }
  return planResponseSchema.parse(json) as PlanResponse;
}

export function PlanPanel() {
  const id = useId();
  const [source, setSource] = useState<Source>("lockfile");
  const [lockfile, setLockfile] = useState("");
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [sizesMiB, setSizesMiB] = useState<Record<string, string>>({});
  const [platforms, setPlatforms] = useState<string[]>([]);
  const [current, setCurrent] = useState("");
  const [requireTa, setRequireTa] = useState(true);
  const [component, setComponent] = useState("my-component");
  const mutation = useMutation({ mutationFn: postPlan });

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    if (file.size > MAX_LOCKFILE_BYTES) {
      setFileNote(
        `${file.name} is ${formatMiB(file.size)}; a lockfile is at most ${formatMiB(MAX_LOCKFILE_BYTES)} here.`,
      );
      return;
    }
    setLockfile(await file.text());
    const size = file.size < 1024 * 1024 ? `${Math.max(1, Math.round(file.size / 1024))} KiB` : formatMiB(file.size);
    setFileNote(`Read ${file.name} (${size}).`);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, unknown> = { requireTrustedArtifacts: requireTa };
    if (source === "lockfile") body.lockfile = lockfile;
    else {
      body.payload = Object.fromEntries(
        Object.entries(sizesMiB)
          .filter(([, value]) => value.trim() !== "")
          .map(([arch, value]) => [arch, Number(value) * 1024 * 1024]),
      );
    }
    if (platforms.length > 0) body.platforms = platforms;
    if (current) body.current = current;
    mutation.mutate(body);
  };

  const answer = mutation.data;
  const payloadBytesByArch = answer
    ? Object.fromEntries(Object.entries(answer.inputs.payload).map(([arch, entry]) => [arch, entry.bytes]))
    : {};
  const recommended = answer && answer.recommended !== "unknown" ? answer.recommended : "ta-shared";

  return (
    <>
      <form className="generator-form plan-form" aria-label="Plan a payload" onSubmit={submit}>
        <fieldset className="generator-field generator-field-wide">
          <legend>Payload</legend>
          <label>
            <input
              type="radio"
              name={`${id}-source`}
              checked={source === "lockfile"}
              onChange={() => setSource("lockfile")}
            />{" "}
            From an rpms.lock.yaml
          </label>{" "}
          <label>
            <input
              type="radio"
              name={`${id}-source`}
              checked={source === "sizes"}
              onChange={() => setSource("sizes")}
            />{" "}
            Sizes per arch
          </label>
        </fieldset>
        {source === "lockfile" ? (
          <div className="generator-field generator-field-wide">
            <label htmlFor={`${id}-lockfile`}>Your rpms.lock.yaml</label>
            <textarea
              id={`${id}-lockfile`}
              className="generator-base"
              rows={8}
              spellCheck={false}
              value={lockfile}
              placeholder="Paste rpms.lock.yaml here, or read it from a file"
              aria-describedby={`${id}-lockfile-help`}
              onChange={(event) => setLockfile(event.target.value)}
            />
            <p id={`${id}-lockfile-help`} className="generator-help">
              Binary RPMs count for their arch; SRPMs, listed under every arch, count once for the source container.
              Nothing is stored.
            </p>
            <div className="generator-inline">
              <label className="generator-file-button">
                <input type="file" accept=".yaml,.yml,application/yaml,text/yaml" onChange={readFile} />
                Read a file…
              </label>
              {fileNote ? <span className="generator-help">{fileNote}</span> : null}
            </div>
          </div>
        ) : (
          <fieldset className="generator-field generator-field-wide plan-sizes">
            <legend>Sizes per arch (MiB)</legend>
            {[...BUILD_ARCHES, "source"].map((arch) => (
              <label key={arch}>
                {arch}{" "}
                <input
                  type="number"
                  min={0}
                  step="any"
                  inputMode="decimal"
                  value={sizesMiB[arch] ?? ""}
                  onChange={(event) => setSizesMiB({ ...sizesMiB, [arch]: event.target.value })}
                />{" "}
                MiB
              </label>
            ))}
          </fieldset>
        )}
        <div className="generator-grid">
          <fieldset className="generator-field">
            <legend>Platforms</legend>
            {BUILD_ARCHES.map((arch) => (
              <label key={arch} className="generator-check">
                <input
                  type="checkbox"
                  checked={platforms.includes(arch)}
                  onChange={(event) =>
                    setPlatforms(
                      event.target.checked ? [...platforms, arch] : platforms.filter((candidate) => candidate !== arch),
                    )
                  }
                />{" "}
                {arch}
              </label>
            ))}
            <p className="generator-help">None ticked: the arches the payload has sizes for.</p>
          </fieldset>
          <div className="generator-field">
            <label htmlFor={`${id}-current`}>Today&apos;s strategy</label>
            <select id={`${id}-current`} value={current} onChange={(event) => setCurrent(event.target.value)}>
              <option value="">Not migrated yet (compare with ta-shared)</option>
              {STRATEGY_IDS.map((strategy) => (
                <option key={strategy} value={strategy}>
                  {strategyLabel(strategy)} ({strategy})
                </option>
              ))}
            </select>
            <label className="generator-check">
              <input type="checkbox" checked={requireTa} onChange={(event) => setRequireTa(event.target.checked)} />{" "}
              Require Trusted Artifacts (Konflux policy)
            </label>
          </div>
          <div className="generator-field">
            <label htmlFor={`${id}-component`}>Component name (for the YAML)</label>
            <input id={`${id}-component`} value={component} onChange={(event) => setComponent(event.target.value)} />
          </div>
        </div>
        <div className="generator-actions">
          <button type="submit" className="primary" disabled={mutation.isPending}>
            {mutation.isPending ? "Planning…" : "Plan"}
          </button>
          {mutation.isError ? (
            <p className="error" role="alert">
              {mutation.error.message}
            </p>
          ) : null}
        </div>
      </form>

      {answer ? (
        <>
          <PlanAnswer answer={answer} />
          <section aria-labelledby="plan-generator-heading">
            <h2 id="plan-generator-heading">Pipeline YAML of the recommended strategy</h2>
            <GeneratorPanel
              key={`${recommended}:${answer.inputs.platforms.join(",")}:${component}`}
              component={component.trim() || "my-component"}
              platforms={answer.inputs.platforms}
              defaultStrategy={recommended}
              payloadBytesByArch={payloadBytesByArch}
            />
          </section>
        </>
      ) : null}
    </>
  );
}
