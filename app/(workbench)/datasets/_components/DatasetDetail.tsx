"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Alert } from "@/app/_components/Alert";
import { formatCount } from "@/app/_components/outputs/units";
import { api, errorMessage } from "@/app/_lib/api";
import { formatDate } from "@/app/_lib/format";
import type { DatasetDetailView } from "@/protocol/datasets";
import { lineagePath } from "../../lineage/_components/lineage-query";
import { ProfileTable } from "./ProfileTable";
import { RunLink } from "./RunLink";
import { SampleTable } from "./SampleTable";
import { SchemaTable } from "./SchemaTable";
import { VersionList } from "./VersionList";
import { VersionNeighbours } from "./VersionNeighbours";

/** One dataset: its versions (pick one) and, for that version, schema and its change, profile, sample rows and runs. */
export function DatasetDetail({ id, initialVersion }: { id: string; initialVersion: string | null }) {
  const [detail, setDetail] = useState<DatasetDetailView | null>(null);
  const [selected, setSelected] = useState<string | null>(initialVersion);
  const [error, setError] = useState("");

  useEffect(() => {
    let live = true;
    api<DatasetDetailView>("GET", `/api/datasets/${encodeURIComponent(id)}`).then(
      (answer) => {
        if (!live) return;
        document.title = `${answer.dataset.name} · Tracebook`;
        setDetail(answer);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [id]);

  function select(version: string) {
    setSelected(version);
    // The address names the version, so it can be shared; no navigation, no refetch.
    window.history.replaceState(null, "", `/datasets/${id}?version=${version}`);
  }

  const versions = detail?.versions ?? [];
  const index = Math.max(0, versions.findIndex((v) => v.version === selected));
  const version = versions[index] ?? null;
  const previous = versions[index + 1] ?? null;

  return (
    <section className="page page-wide">
      <p className="breadcrumb">
        <Link href="/datasets">← Datasets</Link>
      </p>
      <Alert>{error}</Alert>
      {detail && (
        <>
          <header className="page-header">
            <div>
              <h1 data-testid="dataset-title">{detail.dataset.name}</h1>
              <p className="muted">
                <span className="badge">{detail.dataset.kind}</span> <span className="mono">{detail.dataset.namespace}</span> ·{" "}
                {formatCount(detail.dataset.versionCount)} {detail.dataset.versionCount === 1 ? "version" : "versions"} you can see
              </p>
            </div>
            <div className="page-actions">
              <Link href={lineagePath({ kind: "dataset", id: detail.dataset.id })} className="button" data-testid="dataset-lineage-link">
                Lineage graph
              </Link>
            </div>
          </header>
          {version === null ? (
            <div className="empty">No version of this dataset was made in a notebook you can read.</div>
          ) : (
            <div className="dataset-layout">
              <aside className="panel">
                <h2 className="subheading">Versions</h2>
                <VersionList versions={versions} selected={version.version} onSelect={select} />
                {detail.truncated && <p className="muted small">Older versions are not listed.</p>}
              </aside>
              <div className="dataset-main">
                <div className="panel" data-testid="version-summary">
                  <h2 className="subheading">Version</h2>
                  <dl className="facts">
                    <dt>Content hash</dt>
                    <dd className="mono small">{version.version}</dd>
                    <dt>Recorded</dt>
                    <dd>{formatDate(version.createdAt)}</dd>
                    <dt>Rows</dt>
                    <dd>{version.rowCount === null ? "—" : formatCount(version.rowCount)}</dd>
                    <dt>Written by</dt>
                    <dd>{version.createdBy ? <RunLink run={version.createdBy} /> : <span className="muted">first seen as an input</span>}</dd>
                  </dl>
                </div>
                <div className="panel">
                  <h2 className="subheading">Schema</h2>
                  <SchemaTable version={version} previous={previous} />
                </div>
                <div className="panel">
                  <h2 className="subheading">Profile</h2>
                  <ProfileTable version={version} />
                </div>
                <div className="panel">
                  <h2 className="subheading">Sample rows</h2>
                  <SampleTable version={version} />
                </div>
                <div className="panel">
                  <h2 className="subheading">Lineage neighbours</h2>
                  <VersionNeighbours datasetId={detail.dataset.id} version={version} />
                </div>
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
