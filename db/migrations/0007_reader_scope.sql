-- data.query on the store sees a notebook's rows only when the user running the cell may read that notebook,
-- as the lineage and experiment APIs do. db/reader.ts sets tracebook.reader_notebooks per query (SET LOCAL,
-- before SET LOCAL ROLE); the reader cannot change it (no SET in a query, no set_config). Rows of no notebook
-- stay visible to everyone. The policies apply to tracebook_reader only: the store user owns the tables.
CREATE OR REPLACE FUNCTION tracebook_reader_notebooks() RETURNS uuid[]
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $fn$ SELECT coalesce(nullif(current_setting('tracebook.reader_notebooks', true), ''), '{}')::uuid[] $fn$;
--> statement-breakpoint
DO $$
DECLARE
  scoped constant text[][] := ARRAY[
    -- a notebook's own rows
    ARRAY['lineage_jobs', 'lineage_jobs.notebook_id IS NULL OR lineage_jobs.notebook_id = ANY (tracebook_reader_notebooks())'],
    ARRAY['lineage_nodes', 'notebook_id IS NULL OR notebook_id = ANY (tracebook_reader_notebooks())'],
    ARRAY['experiment_runs', 'notebook_id IS NULL OR notebook_id = ANY (tracebook_reader_notebooks())'],
    -- rows that hang off those: the policies above apply inside these subqueries too
    ARRAY['lineage_runs', 'EXISTS (SELECT 1 FROM lineage_jobs j WHERE j.id = lineage_runs.job_id)'],
    ARRAY['lineage_run_events', 'EXISTS (SELECT 1 FROM lineage_runs r WHERE r.id = lineage_run_events.run_id)'],
    ARRAY['lineage_run_datasets', 'EXISTS (SELECT 1 FROM lineage_runs r WHERE r.id = lineage_run_datasets.run_id)'],
    ARRAY['lineage_datasets', 'EXISTS (SELECT 1 FROM lineage_run_datasets rd WHERE rd.dataset_id = lineage_datasets.id)'],
    ARRAY['lineage_dataset_versions', 'EXISTS (SELECT 1 FROM lineage_run_datasets rd WHERE rd.dataset_id = lineage_dataset_versions.dataset_id AND rd.version = lineage_dataset_versions.version)'],
    ARRAY['lineage_edges', 'EXISTS (SELECT 1 FROM lineage_nodes n WHERE n.kind = lineage_edges.src_kind AND n.id = lineage_edges.src_id) AND EXISTS (SELECT 1 FROM lineage_nodes n WHERE n.kind = lineage_edges.dst_kind AND n.id = lineage_edges.dst_id)'],
    ARRAY['experiment_params', 'EXISTS (SELECT 1 FROM experiment_runs r WHERE r.id = experiment_params.run_id)'],
    ARRAY['experiment_metrics', 'EXISTS (SELECT 1 FROM experiment_runs r WHERE r.id = experiment_metrics.run_id)'],
    ARRAY['experiment_latest_metrics', 'EXISTS (SELECT 1 FROM experiment_runs r WHERE r.id = experiment_latest_metrics.run_id)'],
    ARRAY['experiment_tags', 'EXISTS (SELECT 1 FROM experiment_runs r WHERE r.id = experiment_tags.run_id)'],
    ARRAY['experiment_inputs', 'EXISTS (SELECT 1 FROM experiment_runs r WHERE r.id = experiment_inputs.run_id)'],
    ARRAY['experiment_artifacts', 'EXISTS (SELECT 1 FROM experiment_runs r WHERE r.id = experiment_artifacts.run_id)']
  ];
  entry text[];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tracebook_reader') THEN
    RETURN;
  END IF;
  FOREACH entry SLICE 1 IN ARRAY scoped LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', entry[1]);
    EXECUTE format('DROP POLICY IF EXISTS tracebook_reader_scope ON %I', entry[1]);
    EXECUTE format('CREATE POLICY tracebook_reader_scope ON %I FOR SELECT TO tracebook_reader USING (%s)', entry[1], entry[2]);
  END LOOP;
END $$;
