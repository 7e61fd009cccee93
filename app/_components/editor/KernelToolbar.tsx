"use client";

import { useState } from "react";
import type { RunMode } from "@/protocol/outputs";
import "./execution.css";
import { ConfirmDialog } from "../ConfirmDialog";
import { Icon } from "./Icon";
import { kernelDetails, kernelStatusLabel } from "./kernel-status";
import type { KernelControls } from "./useKernel";

interface Props {
  kernel: KernelControls;
  runMode: RunMode;
  /** The person's role may run cells (runner, editor, owner). */
  canRun: boolean;
}

const MODE_HELP: Record<RunMode, string> = {
  autorun: "Autorun: running a cell re-runs the cells that depend on it",
  lazy: "Lazy: cells that depend on a changed cell are marked stale and wait for you",
};

/** The notebook's kernel: its state for everyone; run all, interrupt, restart and the run mode for those who may run. */
export function KernelToolbar({ kernel, runMode, canRun }: Props) {
  const [confirmRestart, setConfirmRestart] = useState(false);
  const { info, pending } = kernel;
  const status = info?.status ?? "unknown";
  const hasKernel = info !== null && info.status !== "none" && info.status !== "dead";
  const title = kernel.pollError ? `Kernel state unavailable: ${kernel.pollError}` : info ? kernelDetails(info) : "Asking the server…";
  return (
    <div className="kernel-toolbar" role="group" aria-label="Kernel">
      <span className={`kernel-status kernel-${status}`} data-testid="kernel-status" data-status={status} title={title}>
        <span className="kernel-dot" aria-hidden="true" />
        Kernel: {kernel.pollError && !info ? "unavailable" : kernelStatusLabel(info)}
      </span>
      {canRun && (
        <>
          <button type="button" className="button button-small" onClick={() => kernel.run({ scope: "all" })} title="Run every code cell, top to bottom">
            <Icon name="run-all" /> Run all
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={kernel.interrupt}
            disabled={!hasKernel || pending === "interrupt"}
            title="Stop the running cell and clear the queue"
          >
            <Icon name="stop" /> Interrupt
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => setConfirmRestart(true)}
            disabled={pending === "restart"}
            title="Start a fresh kernel: every value is forgotten"
          >
            <Icon name="restart" /> Restart
          </button>
        </>
      )}
      <RunModeSwitch mode={runMode} canChange={canRun} busy={pending === "mode"} onChange={kernel.setRunMode} />
      {confirmRestart && (
        <ConfirmDialog title="Restart the kernel?" confirmLabel="Restart" danger onConfirm={kernel.restart} onClose={() => setConfirmRestart(false)}>
          Every value the cells defined is forgotten, for everyone in this notebook. Cells run again from a fresh kernel.
        </ConfirmDialog>
      )}
    </div>
  );
}

function RunModeSwitch({ mode, canChange, busy, onChange }: { mode: RunMode; canChange: boolean; busy: boolean; onChange(mode: RunMode): void }) {
  if (!canChange) {
    return (
      <span className="run-mode-label muted small" data-testid="run-mode" data-mode={mode} title={MODE_HELP[mode]}>
        {mode === "autorun" ? "Autorun" : "Lazy"}
      </span>
    );
  }
  return (
    <div className="run-mode" role="radiogroup" aria-label="Run mode" data-testid="run-mode" data-mode={mode}>
      {(["autorun", "lazy"] as const).map((option) => (
        <button
          key={option}
          type="button"
          role="radio"
          aria-checked={mode === option}
          className={mode === option ? "run-mode-option selected" : "run-mode-option"}
          disabled={busy}
          title={MODE_HELP[option]}
          onClick={() => mode !== option && onChange(option)}
        >
          {option === "autorun" ? "Autorun" : "Lazy"}
        </button>
      ))}
    </div>
  );
}
