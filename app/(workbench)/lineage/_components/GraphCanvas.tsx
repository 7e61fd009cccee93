"use client";

import { useMemo, type KeyboardEvent } from "react";
import type { LineageGraph, NodeKey } from "@/primitives/lineage/graph";
import { layoutGraph, type PlacedNode } from "./graph-layout";
import { nodeTone } from "./node-kinds";

const path = (points: Array<{ x: number; y: number }>) => points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");

/** The graph as SVG: a box per node (by kind), an edge per relation with its name; a click or Enter on a box re-roots there. */
export function GraphCanvas({ graph, onPick }: { graph: LineageGraph; onPick: (node: NodeKey) => void }) {
  const layout = useMemo(() => layoutGraph(graph), [graph]);
  const keyed = (node: PlacedNode) => (event: KeyboardEvent) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onPick(node);
    }
  };
  return (
    <div className="lineage-canvas" data-testid="lineage-canvas">
      <svg width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`} role="group" aria-label="Lineage graph">
        <defs>
          <marker id="lineage-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="lineage-arrow" />
          </marker>
        </defs>
        {layout.edges.map((edge) => (
          <g key={edge.key} className={edge.flow ? "lineage-edge lineage-edge-flow" : "lineage-edge lineage-edge-member"} data-testid="lineage-edge" data-relation={edge.relation}>
            <path d={path(edge.points)} markerEnd={edge.flow ? "url(#lineage-arrow)" : undefined} />
            <text x={edge.label.x} y={edge.label.y} textAnchor="middle" dominantBaseline="middle">
              {edge.text}
            </text>
          </g>
        ))}
        {layout.nodes.map((node) => (
          <g
            key={node.key}
            className={`lineage-node lineage-node-${nodeTone(node.kind)}${node.root ? " lineage-node-root" : ""}`}
            transform={`translate(${node.x - node.width / 2},${node.y - node.height / 2})`}
            role="button"
            tabIndex={0}
            aria-label={`${node.caption} ${node.label}${node.root ? " (root)" : ""}`}
            data-testid="lineage-node"
            data-kind={node.kind}
            data-id={node.id}
            onClick={() => onPick(node)}
            onKeyDown={keyed(node)}
          >
            <title>{`${node.caption}: ${node.label}\n${node.id}`}</title>
            <rect width={node.width} height={node.height} rx={6} />
            <text x={10} y={16} className="lineage-node-caption">
              {node.caption}
            </text>
            <text x={10} y={33} className="lineage-node-text">
              {node.text.length > 34 ? `${node.text.slice(0, 33)}…` : node.text}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}
