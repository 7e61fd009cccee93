import * as Y from "yjs";

/**
 * The server's own copy of a live document, for server-side edits (kernel
 * outputs and execution state). It follows every update the room applies,
 * and carries the server's edits from the moment they are made, so a
 * second edit builds on the first without waiting for it to be stored.
 * One copy per room means one client id for all server edits (the state
 * vector does not grow with every output) and no copy of the whole
 * document per edit.
 */
export class ServerDraft {
  readonly doc = new Y.Doc();
  private readonly follow = (update: Uint8Array, origin: unknown) => {
    if (origin !== this) Y.applyUpdate(this.doc, update, this);
  };

  constructor(private readonly source: Y.Doc) {
    Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(source), this);
    source.on("update", this.follow);
  }

  /** Applies `edit` to the copy and returns the update it made, or null when it changed nothing. */
  edit(edit: (doc: Y.Doc) => void): Uint8Array | null {
    const made: Uint8Array[] = [];
    const capture = (update: Uint8Array, origin: unknown) => {
      if (origin !== this) made.push(update);
    };
    this.doc.on("update", capture);
    try {
      this.doc.transact(() => edit(this.doc));
    } finally {
      this.doc.off("update", capture);
    }
    if (made.length === 0) return null;
    return made.length === 1 ? made[0]! : Y.mergeUpdates(made);
  }

  destroy(): void {
    this.source.off("update", this.follow);
    this.doc.destroy();
  }
}
