"use client";

import { useEffect, useState, type FormEvent } from "react";
import { Alert, Notice } from "@/app/_components/Alert";
import { Field } from "@/app/_components/Field";
import { useCurrentUser } from "@/app/_components/SessionContext";
import { api, errorMessage } from "@/app/_lib/api";
import type { KernelSettings } from "@/protocol/kernel";

/** The form shows friendly units; the API takes megabytes and milliseconds. */
interface FormValues {
  memoryLimitMb: string;
  cellTimeoutSeconds: string;
  idleShutdownMinutes: string;
  maxKernels: string;
}

function toForm(settings: KernelSettings): FormValues {
  return {
    memoryLimitMb: String(settings.memoryLimitMb),
    cellTimeoutSeconds: String(settings.cellTimeoutMs / 1000),
    idleShutdownMinutes: String(settings.idleShutdownMs / 60_000),
    maxKernels: String(settings.maxKernels),
  };
}

function fromForm(values: FormValues): KernelSettings {
  return {
    memoryLimitMb: Math.round(Number(values.memoryLimitMb)),
    cellTimeoutMs: Math.round(Number(values.cellTimeoutSeconds) * 1000),
    idleShutdownMs: Math.round(Number(values.idleShutdownMinutes) * 60_000),
    maxKernels: Math.round(Number(values.maxKernels)),
  };
}

export function KernelSettingsForm() {
  const isAdmin = useCurrentUser().role === "admin";
  const [values, setValues] = useState<FormValues | null>(null);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<{ settings: KernelSettings }>("GET", "/api/workspace/kernel-settings").then(
      ({ settings }) => setValues(toForm(settings)),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!values) return;
    setBusy(true);
    setError("");
    setDone("");
    try {
      const { settings } = await api<{ settings: KernelSettings }>("PUT", "/api/workspace/kernel-settings", { body: fromForm(values) });
      setValues(toForm(settings));
      setDone("Saved. Kernels started from now on use these limits.");
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  if (!values) return <Alert>{error}</Alert>;
  const set = (key: keyof FormValues) => (e: { target: { value: string } }) => setValues({ ...values, [key]: e.target.value });
  const number = (key: keyof FormValues, min: number, step = 1) => ({
    type: "number",
    min,
    step,
    required: true,
    disabled: !isAdmin,
    value: values[key],
    onChange: set(key),
  });
  return (
    <form className="stack" onSubmit={submit} aria-label="Kernel settings">
      <Field label="Memory per kernel (MB)" hint="A cell that allocates past it ends with a memory error; the kernel restarts.">
        {(control) => <input {...control} {...number("memoryLimitMb", 16)} />}
      </Field>
      <Field label="CPU time per cell (seconds)" hint="A cell that computes longer ends with a timeout.">
        {(control) => <input {...control} {...number("cellTimeoutSeconds", 0.1, 0.1)} />}
      </Field>
      <Field label="Idle shutdown (minutes)" hint="A kernel with no run for this long shuts down; its state is lost.">
        {(control) => <input {...control} {...number("idleShutdownMinutes", 1, 1)} />}
      </Field>
      <Field label="Live kernels per server" hint="One more notebook run is refused until a kernel shuts down.">
        {(control) => <input {...control} {...number("maxKernels", 1)} />}
      </Field>
      <Alert>{error}</Alert>
      <Notice>{done}</Notice>
      {isAdmin ? (
        <div>
          <button type="submit" className="button button-primary" disabled={busy}>
            Save
          </button>
        </div>
      ) : (
        <p className="muted">Only workspace admins change these limits.</p>
      )}
    </form>
  );
}
