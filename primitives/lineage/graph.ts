/**
 * Upstream/downstream walks over the generic lineage graph. Data flows along
 * `input` (version -> run) and `output` (run -> version) edges; membership
 * edges (`run_of`, `version_of`, `child_of`) are not followed, so one run of a
 * job does not drag in every other run. Instead a job or dataset root starts
 * from its members, and every node reached brings its containers along (and
 * theirs, a few levels up).
 */
export interface NodeKey {
  kind: string;
  id: string;
}

export interface GraphNode extends NodeKey {
  label: string;
  notebookId: string | null;
}

export interface GraphEdge {
  src: NodeKey;
  dst: NodeKey;
  relation: string;
  /** What is said of this use, when anything is: an input's `contexts` (training, validation, test). */
  facets?: Record<string, unknown>;
}

export interface LineageGraph {
  roots: NodeKey[];
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** True when `maxNodes` cut the walk short. */
  truncated: boolean;
}

export type Direction = "up" | "down" | "both";

/** Where the walk reads the graph (the store, or a fake in tests). */
export interface GraphSource {
  findEdges(side: "src" | "dst", keys: readonly NodeKey[], relations: readonly string[]): Promise<Array<{ srcKind: string; srcId: string; dstKind: string; dstId: string; relation: string; facets?: Record<string, unknown> }>>;
  findNodes(keys: readonly NodeKey[]): Promise<GraphNode[]>;
}

export interface WalkOptions {
  direction: Direction;
  depth: number;
  maxNodes?: number;
  /** Nodes it rejects are left out and not walked through (authorization). */
  visible?(node: GraphNode): Promise<boolean>;
}

export const FLOW_RELATIONS = ["input", "output"] as const;
export const MEMBER_RELATIONS = ["run_of", "version_of", "child_of"] as const;
export const MAX_DEPTH = 50;
/** Containers of containers brought along: experiment run -> cell call run -> cell run -> job. */
const MAX_CONTAINER_LEVELS = 4;

const keyOf = (k: NodeKey) => `${k.kind}\u0000${k.id}`;

export async function walkLineage(source: GraphSource, roots: readonly GraphNode[], options: WalkOptions): Promise<LineageGraph> {
  const maxNodes = options.maxNodes ?? 2_000;
  const depth = Math.max(0, Math.min(MAX_DEPTH, Math.floor(options.depth)));
  const visible = options.visible ?? (async () => true);
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  let truncated = false;

  async function admit(candidates: readonly GraphNode[]): Promise<GraphNode[]> {
    const added: GraphNode[] = [];
    for (const node of candidates) {
      if (nodes.has(keyOf(node))) continue;
      if (nodes.size >= maxNodes) {
        truncated = true;
        break;
      }
      if (!(await visible(node))) continue;
      nodes.set(keyOf(node), node);
      added.push(node);
    }
    return added;
  }

  function addEdges(rows: Awaited<ReturnType<GraphSource["findEdges"]>>): void {
    for (const r of rows) {
      const edge: GraphEdge = { src: { kind: r.srcKind, id: r.srcId }, dst: { kind: r.dstKind, id: r.dstId }, relation: r.relation };
      if (r.facets && Object.keys(r.facets).length > 0) edge.facets = r.facets;
      edges.set(`${keyOf(edge.src)}\u0000${keyOf(edge.dst)}\u0000${r.relation}`, edge);
    }
  }

  const start = await admit(roots);
  // Containers start from their members: a job's runs, a dataset's versions, a run's child runs.
  const members = await source.findEdges("dst", start, MEMBER_RELATIONS);
  const memberNodes = await admit(await source.findNodes(members.map((e) => ({ kind: e.srcKind, id: e.srcId }))));
  addEdges(members);

  for (const direction of options.direction === "both" ? (["up", "down"] as const) : [options.direction]) {
    let frontier: GraphNode[] = [...start, ...memberNodes];
    // Each direction walks from the roots afresh; nodes the other direction found are not re-walked.
    const seen = new Set(frontier.map(keyOf));
    for (let level = 0; level < depth && frontier.length > 0; level++) {
      const rows = await source.findEdges(direction === "up" ? "dst" : "src", frontier, FLOW_RELATIONS);
      addEdges(rows);
      const next = rows
        .map((r) => (direction === "up" ? { kind: r.srcKind, id: r.srcId } : { kind: r.dstKind, id: r.dstId }))
        .filter((k) => !seen.has(keyOf(k)));
      for (const k of next) seen.add(keyOf(k));
      const found = await source.findNodes(dedupe(next));
      await admit(found);
      frontier = found.filter((n) => nodes.has(keyOf(n)));
    }
  }

  // Every node reached brings its job, its dataset or its parent run (not walked further), and
  // those bring theirs: an experiment run's cell run comes with its job, which names the cell.
  let reached: GraphNode[] = [...nodes.values()];
  for (let level = 0; level < MAX_CONTAINER_LEVELS && reached.length > 0; level++) {
    const containerEdges = await source.findEdges("src", reached, MEMBER_RELATIONS);
    addEdges(containerEdges);
    reached = await admit(await source.findNodes(dedupe(containerEdges.map((e) => ({ kind: e.dstKind, id: e.dstId })))));
  }

  // Data flows between nodes that are both shown are drawn, however they were reached: an
  // experiment run's cell call run (a container) shows the inputs it read too.
  addEdges(await source.findEdges("src", [...nodes.values()], FLOW_RELATIONS));

  const keptEdges = [...edges.values()].filter((e) => nodes.has(keyOf(e.src)) && nodes.has(keyOf(e.dst)));
  return { roots: start.map(({ kind, id }) => ({ kind, id })), nodes: [...nodes.values()], edges: keptEdges, truncated };
}

function dedupe(keys: readonly NodeKey[]): NodeKey[] {
  const map = new Map(keys.map((k) => [keyOf(k), k]));
  return [...map.values()];
}

/**
 * The graph's connected pieces (edges taken both ways), each a list of node
 * keys; one piece when everything a notebook did hangs together.
 * @example
 * const graph = await walkLineage(source, roots, { direction: "both", depth: 20 });
 * connectedPieces(graph).length; // 1
 */
export function connectedPieces(graph: { nodes: readonly NodeKey[]; edges: readonly GraphEdge[] }): NodeKey[][] {
  const neighbours = new Map<string, string[]>(graph.nodes.map((n) => [keyOf(n), []]));
  for (const e of graph.edges) {
    neighbours.get(keyOf(e.src))?.push(keyOf(e.dst));
    neighbours.get(keyOf(e.dst))?.push(keyOf(e.src));
  }
  const seen = new Set<string>();
  const pieces: NodeKey[][] = [];
  for (const node of graph.nodes) {
    if (seen.has(keyOf(node))) continue;
    const piece: string[] = [keyOf(node)];
    seen.add(piece[0]!);
    for (let i = 0; i < piece.length; i++) {
      for (const next of neighbours.get(piece[i]!) ?? []) if (!seen.has(next) && seen.add(next)) piece.push(next);
    }
    pieces.push(piece.map((key) => {
      const [kind, id] = key.split("\u0000") as [string, string];
      return { kind, id };
    }));
  }
  return pieces;
}
