"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/app/_components/Alert";
import { Field } from "@/app/_components/Field";
import { useCurrentUser } from "@/app/_components/SessionContext";
import { api, errorMessage } from "@/app/_lib/api";
import { formatDate } from "@/app/_lib/format";
import { useApiList } from "@/app/_lib/use-api-list";
import type { WorkspaceConnection } from "@/protocol/connections";
import { TableHead } from "../../../_components/TableHead";

/**
 * The workspace's Postgres connections: cells query one by name with
 * `data.query(sql, { connection })`. Admins add and remove them; the
 * password is never shown again after it is saved.
 */
export function ConnectionsSection() {
  const isAdmin = useCurrentUser().role === "admin";
  const { items: connections, error, setError, reload } = useApiList<WorkspaceConnection>("/api/workspace/connections", "connections");
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [busy, setBusy] = useState(false);

  async function add(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError("");
    try {
      await api("POST", "/api/workspace/connections", { body: { name, url } });
      setName("");
      setUrl("");
      await reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function remove(id: string) {
    setError("");
    try {
      await api("DELETE", `/api/workspace/connections/${id}`);
      await reload();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <div className="panel stack" aria-label="Database connections">
      <div>
        <h2>Database connections</h2>
        <p className="muted">
          Postgres databases cells can read with <code>data.query(sql, {"{"} connection: &quot;name&quot; {"}"})</code>, read-only.
          Without a connection, <code>data.query</code> reads this workspace&apos;s lineage, dataset, feature and experiment tables.
        </p>
      </div>
      {isAdmin && (
        <form className="inline-form" onSubmit={add} aria-label="Add connection">
          <Field label="Name" inline>
            {(control) => <input {...control} required value={name} onChange={(e) => setName(e.target.value)} placeholder="warehouse" />}
          </Field>
          <Field label="URL" inline>
            {(control) => (
              <input {...control} required type="password" autoComplete="off" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="postgres://user:password@host:5432/database" />
            )}
          </Field>
          <button type="submit" className="button button-primary" disabled={busy}>
            Add connection
          </button>
        </form>
      )}
      <Alert>{error}</Alert>
      {connections === null ? (
        !error && <p className="muted">Loading…</p>
      ) : connections.length === 0 ? (
        <div className="empty">No connections yet.</div>
      ) : (
        <table className="table" data-testid="connection-table">
          <TableHead columns={["Name", "URL", "Added"]} actions={isAdmin} />
          <tbody>
            {connections.map((c) => (
              <tr key={c.id}>
                <td className="mono">{c.name}</td>
                <td className="mono">{c.url}</td>
                <td className="muted">{formatDate(c.createdAt)}</td>
                {isAdmin && (
                  <td className="cell-actions">
                    <button type="button" className="button button-small button-danger-quiet" aria-label={`Remove ${c.name}`} onClick={() => void remove(c.id)}>
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!isAdmin && <p className="muted">Only workspace admins add and remove connections.</p>}
    </div>
  );
}
