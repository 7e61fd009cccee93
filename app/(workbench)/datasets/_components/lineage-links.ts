/** Where the lineage graph view of a node is: `/lineage?kind=&id=` (direction and depth left to their defaults). */
export function lineageHref(kind: string, id: string): string {
  return `/lineage?${new URLSearchParams({ kind, id })}`;
}

/** The graph node id of a dataset version (as the lineage store writes it). */
export function versionNodeId(datasetId: string, version: string): string {
  return `${datasetId}@${version}`;
}
