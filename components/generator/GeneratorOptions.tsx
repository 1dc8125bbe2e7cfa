// The generator's option fields after the choices: image expiry, the PVC size and access mode (PVC strategies),
// the prefetch input, and the per-arch and source inputs (split strategies).
import { isPvcStrategy, isSplitStrategy, suggestedPvcSizes, type PayloadHints } from "../generator-form";
import { Field } from "./Field";
import type { GeneratorForm } from "./use-generator-form";

const gib = (size: string) => size.replace(/Gi$/, " Gi");

function PvcFields({ id, state, hints }: { id: string; state: GeneratorForm; hints: PayloadHints }) {
  const { form, set } = state;
  const pvcSizes = suggestedPvcSizes(form, hints);
  const distinctPvcSizes = new Set(pvcSizes.map(({ size }) => size));
  return (
    <>
      <Field
        id={`${id}-pvc-size`}
        label="PVC size"
        help={
          <>
            Every workspace. Empty: 1.5 × its measured payload + 1 GiB
            {typeof hints.payloadBytes === "number" ? "" : " (no payload measured)"}:{" "}
            {pvcSizes.map(({ workspace, size }) => `${workspace} ${gib(size)}`).join(", ")}.
          </>
        }
      >
        <span className="generator-unit">
          <input
            id={`${id}-pvc-size`}
            aria-describedby={`${id}-pvc-size-help`}
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            value={form.pvcSizeGi}
            placeholder={distinctPvcSizes.size === 1 ? [...distinctPvcSizes][0]?.replace(/Gi$/, "") : "auto"}
            onChange={(event) => set("pvcSizeGi", event.target.value)}
          />
          <span aria-hidden="true">Gi</span>
          <span className="sr-only">gibibytes</span>
        </span>
      </Field>
      <Field
        id={`${id}-pvc-access`}
        label="PVC access mode"
        help="ReadWriteOnce pins every task using the PVC to one node; ReadWriteMany needs a storage class that offers it."
      >
        <select
          id={`${id}-pvc-access`}
          aria-describedby={`${id}-pvc-access-help`}
          value={form.pvcAccessMode}
          onChange={(event) =>
            set("pvcAccessMode", event.target.value === "ReadWriteMany" ? "ReadWriteMany" : "ReadWriteOnce")
          }
        >
          <option value="ReadWriteOnce">ReadWriteOnce</option>
          <option value="ReadWriteMany">ReadWriteMany</option>
        </select>
      </Field>
    </>
  );
}

function SplitFields({ id, state }: { id: string; state: GeneratorForm }) {
  const { form, set } = state;
  return (
    <>
      <Field
        id={`${id}-per-arch`}
        label="Per-arch input"
        help={
          <>
            How each arch&apos;s prefetch input is derived: hermeto&apos;s <code>binary.arch</code> filter (hermeto ≥
            0.39), or <code>@arch@</code> in the input replaced by each arch (one lockfile folder per arch).
          </>
        }
      >
        <select
          id={`${id}-per-arch`}
          aria-describedby={`${id}-per-arch-help`}
          value={form.perArchInput}
          onChange={(event) =>
            set("perArchInput", event.target.value === "path-pattern" ? "path-pattern" : "hermeto-binary-arch")
          }
        >
          <option value="hermeto-binary-arch">binary.arch filter</option>
          <option value="path-pattern">@arch@ path pattern</option>
        </select>
      </Field>
      <Field
        id={`${id}-source-input`}
        label="Source input"
        wide
        help={
          <>
            Prefetch input of the source prefetch, e.g. a lockfile holding only SRPMs (build-definitions#1275 measured
            its source prefetch this way). Empty: every selected arch&apos;s input, i.e. the union of their SRPMs —
            which downloads the binaries again.
          </>
        }
      >
        <textarea
          id={`${id}-source-input`}
          aria-describedby={`${id}-source-input-help`}
          rows={2}
          spellCheck={false}
          value={form.sourceInput}
          placeholder='{"type":"rpm","path":"rpms/source"}'
          onChange={(event) => set("sourceInput", event.target.value)}
        />
      </Field>
    </>
  );
}

export function GeneratorOptions({ id, state, hints }: { id: string; state: GeneratorForm; hints: PayloadHints }) {
  const { form, set, patchMode } = state;
  return (
    <>
      <Field
        id={`${id}-expires`}
        label="Image expires after"
        help={
          <>
            A number with h, d or w (e.g. <code>5d</code>); empty: never for push, 5d for pull requests. Also the expiry
            of the Trusted Artifacts.
          </>
        }
      >
        <input
          id={`${id}-expires`}
          aria-describedby={`${id}-expires-help`}
          value={form.imageExpiresAfter}
          placeholder={form.event === "push" ? "never" : "5d"}
          inputMode="text"
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => set("imageExpiresAfter", event.target.value)}
        />
      </Field>

      {isPvcStrategy(form.strategy) ? <PvcFields id={id} state={state} hints={hints} /> : null}

      <Field
        id={`${id}-input`}
        label="Prefetch input"
        wide
        help={
          <>
            The hermeto input JSON (<code>prefetch-input</code>). Empty: <code>{'{"type":"rpm","path":"."}'}</code>
            {patchMode ? ", or your file's own value" : ""}.
          </>
        }
      >
        <textarea
          id={`${id}-input`}
          aria-describedby={`${id}-input-help`}
          rows={2}
          spellCheck={false}
          value={form.prefetchInput}
          placeholder='{"type":"rpm","path":"."}'
          onChange={(event) => set("prefetchInput", event.target.value)}
        />
      </Field>

      {isSplitStrategy(form.strategy) ? <SplitFields id={id} state={state} /> : null}
    </>
  );
}
