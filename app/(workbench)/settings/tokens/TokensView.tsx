"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/app/_components/Alert";
import { Field } from "@/app/_components/Field";
import { SecretOnce } from "@/app/_components/SecretOnce";
import { api, errorMessage } from "@/app/_lib/api";
import { useApiList } from "@/app/_lib/use-api-list";
import { formatDate } from "@/app/_lib/format";
import type { ApiTokenView } from "@/protocol/api";
import { TableHead } from "../../../_components/TableHead";

const EXPIRY_OPTIONS: Array<{ label: string; days: number | null }> = [
  { label: "30 days", days: 30 },
  { label: "90 days", days: 90 },
  { label: "1 year", days: 365 },
  { label: "Never", days: null },
];

/** Personal API tokens: for scripts and the CLI, sent as `Authorization: Bearer …`. */
export function TokensView() {
  const { items: tokens, error, setError, reload: load } = useApiList<ApiTokenView>("/api/tokens", "tokens");
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState("90 days");
  const [secret, setSecret] = useState("");

  async function create(event: FormEvent) {
    event.preventDefault();
    setError("");
    const expiresInDays = EXPIRY_OPTIONS.find((o) => o.label === expiry)?.days ?? null;
    try {
      const created = await api<{ token: ApiTokenView; secret: string }>("POST", "/api/tokens", {
        body: { name, expiresInDays },
      });
      setSecret(created.secret);
      setName("");
      await load();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  async function revoke(id: string) {
    setError("");
    try {
      await api("DELETE", `/api/tokens/${id}`);
      await load();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>API tokens</h1>
          <p className="muted">
            Tokens let scripts call the API as you. Send one as <code>Authorization: Bearer &lt;token&gt;</code>.
          </p>
        </div>
      </header>
      <div className="panel stack">
        <form className="inline-form" onSubmit={create} aria-label="Create API token">
          <Field label="Token name" inline>
            {(control) => (
              <input {...control} required value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. training cluster" />
            )}
          </Field>
          <Field label="Expires" inline>
            {(control) => (
              <select {...control} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
                {EXPIRY_OPTIONS.map((o) => (
                  <option key={o.label}>{o.label}</option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" className="button button-primary">
            Create token
          </button>
        </form>
        {secret && (
          <SecretOnce
            label="New token"
            value={secret}
            hint="Copy it now: the secret is not shown again."
            onDismiss={() => setSecret("")}
          />
        )}
      </div>
      <Alert>{error}</Alert>
      {tokens === null ? (
        !error && <p className="muted">Loading…</p>
      ) : tokens.length === 0 ? (
        <div className="empty">No API tokens yet.</div>
      ) : (
        <table className="table" data-testid="token-table">
          <TableHead columns={["Name", "Prefix", "Created", "Last used", "Expires"]} />
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td className="mono">{t.prefix}…</td>
                <td className="muted">{formatDate(t.createdAt)}</td>
                <td className="muted">{t.lastUsedAt ? formatDate(t.lastUsedAt) : "never"}</td>
                <td className="muted">{t.expiresAt ? formatDate(t.expiresAt) : "never"}</td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    aria-label={`Revoke ${t.name}`}
                    onClick={() => void revoke(t.id)}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
