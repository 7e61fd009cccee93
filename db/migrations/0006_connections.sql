CREATE TABLE "workspace_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "workspace_connections_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "workspace_connections" ADD CONSTRAINT "workspace_connections_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Cells' reader role for data.query on the store (db/reader.ts switches to it with SET LOCAL ROLE).
-- Roles are per cluster: another Tracebook database may have made it already, possibly at this moment.
-- A store user that may not create roles leaves the role out; data.query on the store then says so.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tracebook_reader') THEN
    CREATE ROLE tracebook_reader NOLOGIN;
  END IF;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
  WHEN insufficient_privilege THEN RAISE NOTICE 'tracebook_reader not created: the store user may not create roles';
END $$;
--> statement-breakpoint
-- Only what a notebook may read about work in this workspace: lineage, datasets, features, experiments.
-- Users, sessions, tokens, invites, notebooks, documents, comments, settings and connections stay unreadable,
-- and so does every table a later migration adds until that migration grants it.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tracebook_reader') THEN
    GRANT SELECT ON
      lineage_jobs, lineage_runs, lineage_run_events, lineage_datasets, lineage_dataset_versions,
      lineage_run_datasets, lineage_nodes, lineage_edges,
      feature_view_versions, feature_online_values,
      experiments, experiment_runs, experiment_params, experiment_metrics, experiment_latest_metrics,
      experiment_tags, experiment_inputs, experiment_artifacts
    TO tracebook_reader;
    BEGIN
      GRANT tracebook_reader TO CURRENT_USER;
    EXCEPTION WHEN OTHERS THEN NULL; -- a superuser needs no membership; anyone else without it is told at query time
    END;
    -- With set_config a query could SET ROLE back to the session user (SELECT set_config('role', ...)) and
    -- read everything; only PUBLIC holds it. A store user that does not own it gets a warning here and
    -- data.query on the store refuses to run until an admin revokes it.
    REVOKE EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) FROM PUBLIC;
  END IF;
END $$;
