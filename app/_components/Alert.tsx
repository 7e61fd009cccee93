import type { ReactNode } from "react";

/** An error message from the API or a form, announced to assistive technology. */
export function Alert({ children, testId }: { children: ReactNode; testId?: string }) {
  if (children === null || children === undefined || children === "") return null;
  return (
    <div role="alert" className="alert alert-error" data-testid={testId ?? "alert"}>
      {children}
    </div>
  );
}

/** A quiet confirmation ("saved", "revoked"). */
export function Notice({ children }: { children: ReactNode }) {
  if (children === null || children === undefined || children === "") return null;
  return (
    <div role="status" className="alert alert-info">
      {children}
    </div>
  );
}
