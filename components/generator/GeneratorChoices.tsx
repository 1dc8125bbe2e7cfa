// The generator's first row: the strategy (prefilled with the recommended one), the platforms, the output
// (whole file or tasks only; patch mode always returns the whole file) and the event.
import { BUILD_ARCHES } from "@/lib/domain/arch";
import { STRATEGY_IDS, STRATEGY_LABELS } from "@/lib/domain/strategies";
import { isStrategyId } from "../generator-form";
import { Field } from "./Field";
import type { GeneratorForm } from "./use-generator-form";

export function GeneratorChoices({ id, state }: { id: string; state: GeneratorForm }) {
  const { form, set, togglePlatform, patchMode } = state;
  return (
    <>
      <Field
        id={`${id}-strategy`}
        label="Strategy"
        help={
          <>
            <code>{form.strategy}</code>: how prefetched dependencies reach the builds. Prefilled with the recommended
            strategy (the one most runs used until the recommendation has loaded).
          </>
        }
      >
        <select
          id={`${id}-strategy`}
          aria-describedby={`${id}-strategy-help`}
          value={form.strategy}
          onChange={(event) => {
            if (isStrategyId(event.target.value)) set("strategy", event.target.value);
          }}
        >
          {STRATEGY_IDS.map((strategy) => (
            <option key={strategy} value={strategy}>
              {STRATEGY_LABELS[strategy]}
            </option>
          ))}
        </select>
      </Field>

      <fieldset className="generator-field generator-choices" aria-describedby={`${id}-platforms-help`}>
        <legend>Platforms</legend>
        <div className="generator-inline">
          {BUILD_ARCHES.map((arch) => (
            <label key={arch} className="generator-check">
              <input
                type="checkbox"
                name="platform"
                value={arch}
                checked={form.platforms.includes(arch)}
                onChange={(event) => togglePlatform(arch, event.target.checked)}
              />{" "}
              {arch}
            </label>
          ))}
        </div>
        <p id={`${id}-platforms-help`} className="generator-help">
          Prefilled with the arches this component was measured on.
        </p>
      </fieldset>

      <fieldset className="generator-field generator-choices" aria-describedby={`${id}-format-help`}>
        <legend>Output</legend>
        <div className="generator-inline">
          <label className="generator-check">
            <input
              type="radio"
              name={`${id}-format`}
              value="pipelinerun"
              checked={patchMode || form.format === "pipelinerun"}
              onChange={() => set("format", "pipelinerun")}
            />{" "}
            Whole .tekton file
          </label>
          <label className="generator-check">
            <input
              type="radio"
              name={`${id}-format`}
              value="tasks"
              disabled={patchMode}
              checked={!patchMode && form.format === "tasks"}
              onChange={() => set("format", "tasks")}
            />{" "}
            Tasks only
          </label>
        </div>
        <p id={`${id}-format-help`} className="generator-help">
          {patchMode
            ? "Patch mode returns your whole file."
            : "Tasks only: the list to paste under spec.pipelineSpec.tasks."}
        </p>
      </fieldset>

      <fieldset className="generator-field generator-choices" aria-describedby={`${id}-event-help`}>
        <legend>Event</legend>
        <div className="generator-inline">
          {(["push", "pull_request"] as const).map((event) => (
            <label key={event} className="generator-check">
              <input
                type="radio"
                name={`${id}-event`}
                value={event}
                checked={form.event === event}
                onChange={() => set("event", event)}
              />{" "}
              {event === "push" ? "push" : "pull request"}
            </label>
          ))}
        </div>
        <p id={`${id}-event-help`} className="generator-help">
          Sets the name, the CEL expression, the image tag and the default expiry.
        </p>
      </fieldset>
    </>
  );
}
