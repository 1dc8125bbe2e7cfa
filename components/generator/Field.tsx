// A labelled generator control with its help text, tied together by id and aria-describedby.
import type { ReactNode } from "react";

export function Field({
  id,
  label,
  help,
  children,
  wide = false,
}: {
  id: string;
  label: ReactNode;
  help?: ReactNode;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <div className={wide ? "generator-field generator-field-wide" : "generator-field"}>
      <label htmlFor={id}>{label}</label>
      {children}
      {help ? (
        <p id={`${id}-help`} className="generator-help">
          {help}
        </p>
      ) : null}
    </div>
  );
}
