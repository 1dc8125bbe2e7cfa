// "Patch my .tekton file": the user's file pasted or read from disk (at most 1 MiB, never uploaded or stored),
// with a Clear button in patch mode and a note of what was read.
import type { GeneratorForm } from "./use-generator-form";

export function PatchFileDetails({ id, state }: { id: string; state: GeneratorForm }) {
  const { form, set, patchMode, fileNote, readBaseFile, clearBase } = state;
  return (
    <details className="generator-patch" open={patchMode || undefined}>
      <summary>Patch my .tekton file</summary>
      <div className="generator-field generator-field-wide">
        <label htmlFor={`${id}-base`}>Your .tekton file</label>
        <textarea
          id={`${id}-base`}
          aria-describedby={`${id}-base-help`}
          className="generator-base"
          rows={8}
          spellCheck={false}
          value={form.base}
          placeholder="Paste .tekton/<component>-push.yaml here, or read it from a file"
          onChange={(event) => set("base", event.target.value)}
        />
        <p id={`${id}-base-help`} className="generator-help">
          Only the clone, prefetch, build, index and source-build wiring changes; scanners, params, comments and
          everything else stay as they are, and the diff shows each change. Nothing is uploaded or stored.
        </p>
        <div className="generator-inline">
          <label className="generator-file-button">
            <input type="file" accept=".yaml,.yml,application/yaml,text/yaml" onChange={readBaseFile} />
            Read a file…
          </label>
          {patchMode ? (
            <button type="button" className="generator-button" onClick={clearBase}>
              Clear
            </button>
          ) : null}
          {fileNote ? <span className="generator-help">{fileNote}</span> : null}
        </div>
      </div>
    </details>
  );
}
