// A what-if number field that writes to the URL after the user pauses typing (and never while the value is
// invalid); its label names the unit, and its help text (the fitted value) is tied to it by aria-describedby.
import { useEffect, useEffectEvent, useId, useState } from "react";

export function NumberSetting(props: {
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
