/**
 * Strongly connected components (Tarjan), iterative so a long chain of
 * cells cannot overflow the stack. Components come out in reverse
 * topological order; each lists its members in the order of `nodes`.
 */
export function findStronglyConnected(
  nodes: readonly string[],
  successors: (node: string) => readonly string[],
): string[][] {
  const position = new Map(nodes.map((node, index) => [node, index]));
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    index.set(root, counter);
    lowLink.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (!frame) break;
      const edges = successors(frame.node);
      if (frame.next < edges.length) {
        const target = edges[frame.next++];
        if (target === undefined || !position.has(target)) continue;
        if (!index.has(target)) {
          index.set(target, counter);
          lowLink.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          lowLink.set(frame.node, Math.min(lowLink.get(frame.node) ?? 0, index.get(target) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) lowLink.set(parent.node, Math.min(lowLink.get(parent.node) ?? 0, lowLink.get(frame.node) ?? 0));
      if (lowLink.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop();
          if (member === undefined) break;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0)));
      }
    }
  }
  return components;
}

/**
 * The cycles among cells: components of more than one cell. A cell reading
 * its own definition is no cycle (the graph has no self-edges).
 */
export function findCycles(nodes: readonly string[], successors: (node: string) => readonly string[]): string[][] {
  return findStronglyConnected(nodes, successors).filter((component) => component.length > 1);
}
