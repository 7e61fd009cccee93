"use client";

import { LIMITS } from "@/protocol/api";
import { Field } from "./Field";

interface PasswordFieldsProps {
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  label?: string;
}

/** A new password and its confirmation, with the length rule shown. */
export function PasswordFields({ password, confirm, onPassword, onConfirm, label = "Password" }: PasswordFieldsProps) {
  return (
    <>
      <Field label={label} hint={`At least ${LIMITS.passwordMin} characters.`}>
        {(control) => (
          <input
            {...control}
            name="new-password"
            type="password"
            autoComplete="new-password"
            required
            maxLength={LIMITS.passwordMax}
            value={password}
            onChange={(e) => onPassword(e.target.value)}
          />
        )}
      </Field>
      <Field label={`Confirm ${label.toLowerCase()}`}>
        {(control) => (
          <input
            {...control}
            name="confirm-password"
            type="password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(e) => onConfirm(e.target.value)}
          />
        )}
      </Field>
    </>
  );
}

/** The message for a mismatched confirmation, or "" when they match. */
export function mismatch(password: string, confirm: string): string {
  return password === confirm ? "" : "The passwords do not match.";
}
