"use client";

import { Component, type ReactNode } from "react";

interface Props {
  /** The output shown: a new one (a progress update) gets a fresh try. */
  output: unknown;
  children: ReactNode;
}

interface State {
  failed: string | null;
}

/** One output that fails to render says so in its place; the rest of the notebook stays. */
export class OutputBoundary extends Component<Props, State> {
  state: State = { failed: null };

  static getDerivedStateFromError(error: unknown): State {
    return { failed: error instanceof Error ? error.message : String(error) };
  }

  componentDidUpdate(previous: Props): void {
    if (this.state.failed !== null && previous.output !== this.props.output) this.setState({ failed: null });
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
