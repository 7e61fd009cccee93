import dagre from "@dagrejs/dagre";
import type { GraphEdge, GraphNode, LineageGraph, NodeKey } from "@/primitives/lineage/graph";
import { edgeText, nodeCaption, shortLabel } from "./node-kinds";

export interface PlacedNode extends GraphNode {
  key: string;
  /** Centre of the box. */
  x: number;
  y: number;
  width: number;
  height: number;
  root: boolean;
  text: string;
  caption: string;
}

export interface PlacedEdge {
  key: string;
  src: NodeKey;
  dst: NodeKey;
  relation: string;
  /** The relation, and an input's contexts (training, validation, test). */
  text: string;
  /** Data flows along it (`input`, `output`); membership edges group instead. */
  flow: boolean;
  /** From the edge's source to its destination. */
  points: Array<{ x: number; y: number }>;
  label: { x: number; y: number };
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

export const NODE_HEIGHT = 44;
const CHAR_WIDTH = 7;
const FLOW = new Set(["input", "output"]);

export const nodeKey = (k: NodeKey) => `${k.kind}\u0000${k.id}`;

function boxWidth(text: string, caption: string): number {
  return Math.min(260, Math.max(100, Math.max(text.length, caption.length) * CHAR_WIDTH + 24));
}

/**
 * Lays a lineage graph out left to right with dagre (layered, few crossings):
 * data flows rightwards (version → run → version), and a container sits left
 * of its members (job before its runs, dataset before its versions, parent run
 * before its children), so membership edges are laid out reversed.
 *
 * @example
 * const layout = layoutGraph(graph);
 * layout.nodes.map((n) => [n.text, n.x, n.y]);
 */
export function layoutGraph(graph: LineageGraph): GraphLayout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 18, ranksep: 40, edgesep: 12, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const roots = new Set(graph.roots.map(nodeKey));
  const placed = new Map<string, Omit<PlacedNode, "x" | "y">>();
  for (const node of graph.nodes) {
    const key = nodeKey(node);
    const text = shortLabel(node.label);
    const caption = nodeCaption(node.kind);
    const width = boxWidth(text, caption);
    placed.set(key, { ...node, key, width, height: NODE_HEIGHT, root: roots.has(key), text, caption });
    g.setNode(key, { width, height: NODE_HEIGHT });
  }
  const edges = graph.edges.filter((e) => placed.has(nodeKey(e.src)) && placed.has(nodeKey(e.dst)));
  edges.forEach((edge, i) => {
    const flow = FLOW.has(edge.relation);
    const [from, to] = flow ? [edge.src, edge.dst] : [edge.dst, edge.src];
    g.setEdge(nodeKey(from), nodeKey(to), { width: edgeText(edge).length * 6 + 8, height: 14, labelpos: "c" }, String(i));
  });
  dagre.layout(g);

  const nodes = [...placed.values()].map((n) => {
    const at = g.node(n.key) as { x: number; y: number };
    return { ...n, x: at.x, y: at.y };
  });
  const laid = edges.map((edge: GraphEdge, i): PlacedEdge => {
    const flow = FLOW.has(edge.relation);
    const [from, to] = flow ? [edge.src, edge.dst] : [edge.dst, edge.src];
    const label = g.edge({ v: nodeKey(from), w: nodeKey(to), name: String(i) }) as { points?: Array<{ x: number; y: number }>; x?: number; y?: number };
    const points = label.points ?? [];
    return {
      key: `${nodeKey(edge.src)}\u0000${nodeKey(edge.dst)}\u0000${edge.relation}`,
      src: edge.src,
      dst: edge.dst,
      relation: edge.relation,
      text: edgeText(edge),
      flow,
      points: flow ? points : [...points].reverse(),
      label: { x: label.x ?? points[0]?.x ?? 0, y: label.y ?? points[0]?.y ?? 0 },
    };
  });
  const size = g.graph() as { width?: number; height?: number };
  return { width: Math.ceil(size.width ?? 0), height: Math.ceil(size.height ?? 0), nodes, edges: laid };
}
