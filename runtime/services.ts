import { EventEmitter } from "node:events";
import path from "node:path";
import { openStore, type Store } from "../db/client";
import { createAuth, type Auth } from "../auth/index";
import { createNotebooks, type AccessChange, type Notebooks } from "../notebooks/index";
import { createCollab, type Collab } from "../collab/core";
import { createDocPersistence } from "../collab/persistence";
import { createComments, type Comments } from "../collab/comments";
import { createNotebookFeed, type NotebookFeed } from "../collab/feed";
import type { CommentEvent } from "../protocol/comments";
import { createKeyedQueue } from "../collab/queue";
import { createTransfer, type Transfer } from "../collab/transfer";
import { createVersions, type Versions } from "../collab/versions";
import { createKernelManager } from "../kernel/manager";
import { createKernelService, type KernelService } from "../kernel/session/service";
import { createKernelLineage } from "../kernel/services/lineage";
import { filesKernelService } from "../kernel/services/files";
import { sqlKernelService } from "../kernel/services/sql";
import { createConnections, type Connections } from "../primitives/sql/connections";
import { createSecretBox, loadSecretKey } from "../auth/secret-box";
import { toPrincipalUser } from "../auth/views";
import { findUserById } from "../db/queries/users";
import { createSqlRunner } from "../primitives/sql/runner";
import { createNotebookFiles } from "../primitives/files/notebook-files";
import { createNotebookFilesService, type NotebookFilesService } from "../primitives/files/service";
import { loadKernelSettings, type KernelSettingsStore } from "../kernel/settings";
import { createLineage, type LineageService } from "../primitives/lineage/service";
import { createOnlineStore } from "../primitives/features/online-store";
import { createOfflineCatalog } from "../primitives/features/offline-catalog";
import { featureStoreKernelServices } from "../kernel/services/features";
import { trackingKernelService } from "../kernel/services/tracking";
import { createFileArtifactStore } from "../primitives/artifacts/fs-store";
import type { ArtifactStore } from "../primitives/artifacts/store";
import { createTracking, type Tracking } from "../primitives/experiments/service";
import type { Config } from "./config";

/** See AppendBatcherOptions.minIntervalMs: both stores, since a Postgres commit costs its server CPU too. */
const MIN_WRITE_INTERVAL_MS = 3;

/**
 * Everything a request handler may call, built once per process by
 * `server.ts` and handed to the Next.js route handlers through the registry.
 */
export interface Services {
  config: Config;
  store: Store;
  auth: Auth;
  notebooks: Notebooks;
  collab: Collab;
  comments: Comments;
  /** Live notebook events for browsers (Server-Sent Events), fed from `events`. */
  feed: NotebookFeed;
  /** Named snapshots of notebook documents: list, diff, restore. */
  versions: Versions;
  /** Import and export of notebooks as .ipynb and percent-format files. */
  transfer: Transfer;
  /** The execution API: run cells, interrupt, restart, kernel info. */
  kernels: KernelService;
  kernelSettings: KernelSettingsStore;
  /** The lineage store: recorder, graph walks, OpenLineage export. */
  lineage: LineageService;
  /** Content-addressed blobs under `<dataDir>/artifacts`. */
  artifacts: ArtifactStore;
  /** Experiment tracking (MLflow's semantics): the kernel's writer, the HTTP reads and writes. */
  tracking: Tracking;
  /** Files uploaded to notebooks, under `<dataDir>/files/<notebookId>/`. */
  files: NotebookFilesService;
  /** Named Postgres databases cells may query (`data.query(sql, { connection })`); admins manage them. */
  connections: Connections;
  events: EventEmitter<ServiceEvents>;
  startedAt: Date;
  close(): Promise<void>;
}

/**
 * - `access`: someone's access to a notebook changed.
 * - `comment`: a thread was created, replied to, resolved or reopened.
 */
export type ServiceEvents = { access: [AccessChange]; comment: [CommentEvent] };

export async function createServices(config: Config, options: { now?: () => Date } = {}): Promise<Services> {
  const store = await openStore({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  const events = new EventEmitter<ServiceEvents>();
  const auth = createAuth({
    db: store.db,
    now: options.now,
    sessionTtlMs: config.sessionTtlMs,
    loginMaxFailures: config.loginMaxFailures,
    loginWindowMs: config.loginWindowMs,
    publicUrl: config.publicUrl,
  });
  const notebooks = createNotebooks({ db: store.db, onAccessChange: (change) => events.emit("access", change) });
  const kernelSettings = await loadKernelSettings(store.db, config.kernel);
  const lineage = createLineage({
    db: store.db,
    ping: store.ping,
    quarantineFile: path.join(config.dataDir, "lineage", "refused-events.ndjson"),
    canRead: async (principal, notebookId) => {
      await notebooks.access(principal, notebookId, "notebook.read");
    },
  });
  const kernelLineage = createKernelLineage(lineage.recorder);
  // Kernel children write to the same folder (artifactsDir below): content-addressed, so they never disagree.
  const artifacts = createFileArtifactStore({ root: path.join(config.dataDir, "artifacts") });
  const tracking = createTracking({
    db: store.db,
    artifacts,
    canRead: async (principal, notebookId) => {
      await notebooks.access(principal, notebookId, "notebook.read");
    },
    canRun: async (principal, notebookId) => {
      await notebooks.access(principal, notebookId, "notebook.run");
    },
    readableNotebooks: (principal) => notebooks.allowedIds(principal, "notebook.read"),
    now: options.now,
  });
  // No kernel of this process is alive yet: a RUNNING run a kernel opened was left by one that died with its server.
  const orphans = await tracking.writer.killOrphanedKernelRuns();
  if (orphans.length > 0) console.error(`[experiments] ended ${orphans.length} run(s) left RUNNING by kernels of a stopped server as KILLED`);
  const files = createNotebookFilesService({
    store: createNotebookFiles({ root: path.join(config.dataDir, "files"), maxBytes: config.uploadMaxBytes }),
    authorize: notebooks.access,
  });
  // Uploads cut off by a crash left temp files; an hour is longer than any upload in flight.
  files.store.sweepTemp(3600_000).catch((error: unknown) => console.error("[files] sweeping temp files:", error));
  const box = createSecretBox(await loadSecretKey({ configured: config.secretKey, dataDir: config.dataDir }));
  const connections = createConnections({ db: store.db, box });
  connections.sealPlainUrls().catch((error: unknown) => console.error("[sql] sealing stored connection URLs:", error));
  // Query results wait here for the kernel child to load them; the upload limit bounds each.
  const sqlRunner = createSqlRunner({ store, connections, resultsDir: path.join(config.dataDir, "sql-results"), maxBytes: config.uploadMaxBytes });
  sqlRunner.sweep(3600_000).catch((error: unknown) => console.error("[sql] sweeping old results:", error));
  const manager = createKernelManager({
    settings: kernelSettings.current,
    cacheDir: path.join(config.dataDir, "kernel"),
    // What kernel children reach over their IPC channel (they have no database of their own).
    artifactsDir: path.join(config.dataDir, "artifacts"),
    services: {
      lineage: kernelLineage.service,
      files: filesKernelService(files.store, config.urlPolicy),
      sql: sqlKernelService(sqlRunner, async (actorId) => {
        // The cell's user as now stored: a disabled user, or one removed meanwhile, reads no notebook's rows.
        const user = await findUserById(store.db, actorId);
        if (!user || user.disabled) return [];
        return notebooks.allowedIds({ user: toPrincipalUser(user), via: "session" }, "notebook.read");
      }),
      tracking: trackingKernelService(tracking.writer),
      ...featureStoreKernelServices(createOnlineStore(store.db), createOfflineCatalog(store.db)),
    },
  });
  // The kernel service needs collab and collab tells it about edits: bound once both exist.
  let kernels: KernelService | null = null;
  const collab = createCollab({
    onClientUpdate: (notebookId, doc) => kernels?.documentChanged(notebookId, doc),
    onCommand: async (principal, notebookId, json) =>
      kernels ? kernels.command(principal, notebookId, json) : { ok: false, error: { code: "unavailable", message: "starting up" } },
    // A few milliseconds between writes let each carry many frames: fewer commits under load, none delayed when idle.
    persistence: createDocPersistence(store.db, { minIntervalMs: MIN_WRITE_INTERVAL_MS }),
    limits: config.collab,
    checkAccess: async (principal, notebookId) => {
      try {
        const { role } = await notebooks.access(principal, notebookId, "notebook.read");
        return { readOnly: !notebooks.can(role, "notebook.edit") };
      } catch {
        return null;
      }
    },
  });
  const comments = createComments({
    db: store.db,
    access: notebooks.access,
    readDocument: collab.readDocument,
    onEvent: (event) => events.emit("comment", event),
  });
  const feed = createNotebookFeed({
    checkAccess: async (principal, notebookId) => {
      await notebooks.access(principal, notebookId, "notebook.read");
    },
  });
  // Restores and imports rewrite whole documents: one at a time per notebook.
  const rewrites = createKeyedQueue();
  const versions = createVersions({ db: store.db, collab, notebooks, queue: rewrites });
  const transfer = createTransfer({ db: store.db, collab, notebooks, versions });
  const kernelService = createKernelService({
    collab,
    authorize: notebooks.access,
    manager,
    settings: kernelSettings.current,
    maxOutputBytes: config.kernel.maxOutputBytes,
    flushLineage: kernelLineage.flush,
  });
  kernels = kernelService;
  events.on("access", (change) => {
    collab.applyAccessChange(change).catch((error: unknown) => console.error("[collab] access change:", error));
    kernelService.accessChanged(change.notebookId);
    if (change.reason === "deleted" || change.reason === "trashed") {
      kernelService.forget(change.notebookId).catch((error: unknown) => console.error("[kernel] stopping a removed notebook's kernel:", error));
      // Its kernel is gone, so its open runs can never end by themselves.
      tracking.writer.killRunningRuns(change.notebookId).catch((error: unknown) => console.error("[experiments] ending a removed notebook's runs:", error));
    }
    if (change.reason === "deleted") {
      files.store.removeAll(change.notebookId).catch((error: unknown) => console.error("[files] removing a deleted notebook's files:", error));
    }
    feed.applyAccessChange(change);
  });
  events.on("comment", (event) => feed.publish(event.notebookId, "comment", event));
  return {
    config,
    store,
    auth,
    notebooks,
    collab,
    comments,
    feed,
    versions,
    transfer,
    kernels: kernelService,
    kernelSettings,
    lineage,
    artifacts,
    tracking,
    files,
    connections,
    events,
    startedAt: new Date(),
    async close() {
      // Connections close first so that every pending update is stored before the store goes.
      feed.close();
      // Kernels stop before the rooms close: their last outputs are edits too.
      await kernelService.close();
      await collab.close();
      // Lineage still buffered goes to the store first; a dead store must not hold shutdown forever.
      await lineage.close({ deadlineMs: 10_000 }).catch((error: unknown) => console.error("[lineage] closing:", error));
      await store.close();
    },
  };
}
