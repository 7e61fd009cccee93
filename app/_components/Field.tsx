"use client";

import { useId, type ReactNode } from "react";

export interface ControlProps {
  id: string;
  "aria-describedby"?: string;
}

interface FieldProps {
  label: string;
  hint?: ReactNode;
  inline?: boolean;
  /** Renders the control with the id its label points at. */
  children: (control: ControlProps) => ReactNode;
}

/**
 * A label bound to its control by id (not by wrapping), so a control's
 * accessible name is exactly the label text, hints included only as a description.
 */
export function Field({ label, hint, inline, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={inline ? "field field-inline" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children(hint ? { id, "aria-describedby": hintId } : { id })}
      {hint && (
        <small id={hintId} className="muted">
          {hint}
        </small>
      )}
    </div>
  );
}
