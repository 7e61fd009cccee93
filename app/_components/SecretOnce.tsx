"use client";

import { useState } from "react";
import { Field } from "./Field";

interface SecretOnceProps {
  label: string;
  value: string;
  hint: string;
  onDismiss: () => void;
}

/** Shows a secret (API token, invite link) once, with a copy button. */
export function SecretOnce({ label, value, hint, onDismiss }: SecretOnceProps) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // Clipboard access can be refused (plain http, permissions); the text stays selectable.
      setCopied(false);
    }
  }

  return (
    <div className="secret" data-testid="secret-once">
      <Field label={label}>
        {(control) => <input {...control} readOnly value={value} className="mono" onFocus={(e) => e.currentTarget.select()} />}
      </Field>
      <p className="muted small">{hint}</p>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" className="button" onClick={onDismiss}>
          Done
        </button>
      </div>
    </div>
  );
}
