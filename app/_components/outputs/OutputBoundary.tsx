"use client";

import { Component, type ReactNode } from "react";

interface State {
  failed: string | null;
}

/** One output that fails to render says so in its place; the rest of the notebook stays. */
export class OutputBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { failed: null };

  static getDerivedStateFromError(error: unknown): State {
    return { failed: error instanceof Error ? error.message : String(error) };
  }

  render(): ReactNode {
    if (this.state.failed === null) return this.props.children;
    return (
      <div className="output-unrenderable muted small" data-testid="output-unrenderable">
        This output cannot be shown ({this.state.failed}).
      </div>
    );
  }
}
