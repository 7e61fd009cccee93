"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { CurrentUser } from "@/app/_lib/current-user";
import { canDoNotebook } from "@/protocol/permissions";
import type { NotebookRole } from "@/protocol/roles";
import type { OutputContext } from "../outputs/output-context";
import { CommentsPanel } from "../comments/CommentsPanel";
import { useCommentsUi } from "../comments/useCommentsUi";
import { FilesDialog } from "../files/FilesDialog";
import { VersionsDialog } from "../versions/VersionsDialog";
import { CellView } from "./CellView";
import { EditorToolbar } from "./EditorToolbar";
import { KernelToolbar } from "./KernelToolbar";
import { PanelButtons } from "./PanelButtons";
import type { EditorKit } from "./monaco-kit";
import { colorFor, peopleOf, type Peer, type PresenceUser } from "./presence";
import { RemoteCursorStyles } from "./RemoteCursorStyles";
import { usePeers, useSaved } from "./useAwareness";
import { useCells } from "./useCells";
import { useCollabSession, type CollabSession } from "./useCollabSession";
import { useEditorKit } from "./useEditorKit";
import { useKernel } from "./useKernel";
import { useNotebookController, type RunCell } from "./useNotebookController";
import { useRunMode } from "./useRunMode";

interface Props {
  notebookId: string;
  role: NotebookRole;
  user: CurrentUser;
}

/**
 * The live notebook: one shared Y.Doc over y-websocket, one Monaco editor
 * per cell, presence of everyone who has it open. Roles that may not edit
 * (the server refuses their updates anyway) get a read-only editor.
 */
export function NotebookEditor({ notebookId, role, user }: Props) {
  const me = useMemo<PresenceUser>(() => ({ id: user.id, name: user.name, color: colorFor(user.id) }), [user.id, user.name]);
  const session = useCollabSession(notebookId, me);
  const { kit, error } = useEditorKit();
  if (error) return <div className="alert alert-error">The editor could not load: {error}</div>;
  if (!session || !kit) return <p className="muted editor-loading">Opening the notebook…</p>;
  return <LiveNotebook key={session.doc.guid} notebookId={notebookId} session={session} kit={kit} me={me} role={role} />;
}

/** The people (not tabs) whose focus is on a cell. */
function visitorsOf(peers: Peer[], cellId: string): Peer[] {
  const seen = new Set<string>();
  return peers.filter((peer) => peer.cell === cellId && !seen.has(peer.user.id) && seen.add(peer.user.id));
}

interface LiveProps {
  notebookId: string;
  session: CollabSession;
  kit: EditorKit;
  me: PresenceUser;
  role: NotebookRole;
}

function LiveNotebook({ notebookId, session, kit, me, role }: LiveProps) {
  const { doc, provider, stored } = session;
  const roleReadOnly = !canDoNotebook(role, "notebook.edit");
  // Once the server has closed the notebook for good (access revoked, trashed), nothing typed could be stored.
  const readOnly = roleReadOnly || session.state === "closed";
  const canComment = canDoNotebook(role, "notebook.comment") && session.state !== "closed";
  const canRun = canDoNotebook(role, "notebook.run") && session.state !== "closed";
  const awareness = provider.awareness;
  const cells = useCells(doc);
  const peers = usePeers(awareness);
  const saved = useSaved(doc, stored);
  const kernel = useKernel(notebookId, doc, provider, stored);
  const runMode = useRunMode(doc);
  const { run } = kernel;
  const runCell = useMemo<RunCell>(() => (canRun ? (cellId) => run({ scope: "cell", cellId }) : null), [canRun, run]);
  const container = useRef<HTMLDivElement>(null);
  const notebook = useNotebookController(doc, cells, readOnly, container, runCell);
  const { selected, mode } = notebook;
  const [versionsOpen, setVersionsOpen] = useState(false);
  const [filesOpen, setFilesOpen] = useState(false);
  // Showing a thread selects its cell, unless the cell is gone.
  const knownCells = useRef(new Set<string>());
  knownCells.current = new Set(cells.map((cell) => cell.id));
  const { selectCell } = notebook;
  const showCell = useCallback(
    (id: string) => {
      if (knownCells.current.has(id)) selectCell(id, null);
    },
    [selectCell],
  );
  const comments = useCommentsUi(notebookId, canComment, showCell);
  const controls = useRef(notebook);
  controls.current = notebook;
  // A new context (re-rendering outputs) only when the cells change: error texts name cells by position.
  const outputContext = useMemo<OutputContext>(() => {
    const positions = new Map(cells.map((cell, index) => [cell.id, index + 1]));
    return {
      labelOf: (id) => (positions.has(id) ? `Cell ${positions.get(id)}` : "a deleted cell"),
      reveal: (location) => controls.current.revealLocation(location),
      showCell: (id) => controls.current.showCell(id),
    };
  }, [cells]);

  useEffect(() => {
    container.current?.focus({ preventScroll: true });
  }, []);

  useEffect(() => {
    awareness.setLocalStateField("cell", selected);
  }, [awareness, selected]);

  useEffect(() => {
    if (selected) container.current?.querySelector(`[data-cell-id="${CSS.escape(selected)}"]`)?.scrollIntoView({ block: "nearest" });
  }, [selected]);

  const others = peers.filter((peer) => peer.clientId !== doc.clientID);
  return (
    <div className="notebook-editor">
      <RemoteCursorStyles peers={peers} selfClientId={doc.clientID} />
      <EditorToolbar
        state={session.state}
        saved={saved}
        readOnly={readOnly}
        readOnlyNote={roleReadOnly ? `Read only — as ${role} you can ${canComment ? "comment" : "follow along"} but not edit.` : null}
        people={peopleOf(peers, me.id)}
        selfId={me.id}
        mode={mode}
        onAdd={(kind) => notebook.addAt(cells.length, kind)}
        kernel={<KernelToolbar kernel={kernel} runMode={runMode} canRun={canRun} />}
      >
        <PanelButtons
          commentsOpen={comments.panelOpen}
          openThreads={comments.openCount}
          onToggleComments={() => comments.setPanelOpen(!comments.panelOpen)}
          onOpenVersions={() => setVersionsOpen(true)}
          onOpenFiles={() => setFilesOpen(true)}
        />
      </EditorToolbar>
      {kernel.error && (
        <div className="alert alert-error kernel-error" role="alert" data-testid="kernel-error">
          <span>{kernel.error}</span>
          <button type="button" className="button button-small" onClick={kernel.dismissError}>
            Dismiss
          </button>
        </div>
      )}
      {session.closedReason && (
        <div className="alert alert-error" role="alert" data-testid="alert">
          The server closed this notebook: {session.closedReason}.
        </div>
      )}
      <div className={comments.panelOpen ? "editor-body with-panel" : "editor-body"}>
        <div className="cells" ref={container} tabIndex={-1} onKeyDown={notebook.onKeyDown} data-testid="cells" aria-label="Notebook cells">
          {cells.map((entry, index) => (
            <CellView
              key={entry.id}
              kit={kit}
              entry={entry}
              index={index}
              count={cells.length}
              awareness={awareness}
              readOnly={readOnly}
              selected={selected === entry.id}
              editing={selected === entry.id && mode === "edit"}
              visitors={visitorsOf(others, entry.id)}
              actions={notebook.actionsFor(entry.id)}
              events={notebook.eventsFor(entry.id)}
              onSelect={(event) => notebook.selectCell(entry.id, event.target)}
              onEditMarkdown={() => notebook.enterEdit(entry.id)}
              comments={comments.forCell(entry)}
              onRun={canRun ? (scope) => run({ scope, cellId: entry.id }) : null}
              outputContext={outputContext}
            />
          ))}
          {cells.length === 0 && session.synced && (
            <div className="cells-empty" data-testid="cells-empty">
              <p>This notebook has no cells yet.</p>
              {!readOnly && <p className="muted">Add a code or markdown cell above, or press B.</p>}
            </div>
          )}
        </div>
        {comments.panelOpen && <CommentsPanel notebookId={notebookId} ui={comments} cells={cells} selected={selected} canComment={canComment} />}
      </div>
      {versionsOpen && <VersionsDialog notebookId={notebookId} canEdit={!readOnly} onClose={() => setVersionsOpen(false)} />}
      {filesOpen && <FilesDialog notebookId={notebookId} canEdit={!readOnly} onClose={() => setFilesOpen(false)} />}
    </div>
  );
}
