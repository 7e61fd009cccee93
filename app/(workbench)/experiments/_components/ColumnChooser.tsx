"use client";

import type { ExperimentKeys } from "@/protocol/experiments";

interface ColumnChooserProps {
  keys: ExperimentKeys;
  chosen: ReadonlySet<string>;
  onChange(next: Set<string>): void;
}

const GROUPS = [
  { entity: "metrics", title: "Metrics" },
  { entity: "params", title: "Params" },
  { entity: "tags", title: "Tags" },
] as const;

/** Which param, metric and tag columns the runs table shows. */
export function ColumnChooser({ keys, chosen, onChange }: ColumnChooserProps) {
  function toggle(id: string) {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onChange(next);
  }
  return (
    <details className="column-chooser" data-testid="column-chooser">
      <summary className="button">Columns</summary>
      <div className="column-menu">
        {GROUPS.map(({ entity, title }) => (
          <fieldset key={entity}>
            <legend>{title}</legend>
            {keys[entity].length === 0 && <span className="muted small">none logged</span>}
            {keys[entity].map((key) => {
              const id = `${entity}:${key}`;
              return (
                <label key={id} className="column-option">
                  <input type="checkbox" aria-label={`${entity}.${key}`} checked={chosen.has(id)} onChange={() => toggle(id)} />
                  <span>{key}</span>
                </label>
              );
            })}
          </fieldset>
        ))}
      </div>
    </details>
  );
}
