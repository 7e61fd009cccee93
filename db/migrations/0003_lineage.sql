CREATE TYPE "public"."lineage_direction" AS ENUM('input', 'output');--> statement-breakpoint
CREATE TYPE "public"."lineage_event_type" AS ENUM('START', 'COMPLETE', 'FAIL', 'ABORT');--> statement-breakpoint
CREATE TYPE "public"."lineage_job_kind" AS ENUM('notebook', 'cell', 'pipeline');--> statement-breakpoint
CREATE TYPE "public"."lineage_run_status" AS ENUM('running', 'completed', 'failed', 'aborted');--> statement-breakpoint
CREATE TABLE "lineage_dataset_versions" (
	"dataset_id" uuid NOT NULL,
	"version" text NOT NULL,
	"schema" jsonb,
	"row_count" bigint,
	"facets" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by_run_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lineage_dataset_versions_dataset_id_version_pk" PRIMARY KEY("dataset_id","version")
);
--> statement-breakpoint
CREATE TABLE "lineage_datasets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text DEFAULT 'dataset' NOT NULL,
	"namespace" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lineage_datasets_namespace_name" UNIQUE("namespace","name")
);
--> statement-breakpoint
CREATE TABLE "lineage_edges" (
	"src_kind" text NOT NULL,
	"src_id" text NOT NULL,
	"dst_kind" text NOT NULL,
	"dst_id" text NOT NULL,
	"relation" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lineage_edges_src_kind_src_id_dst_kind_dst_id_relation_pk" PRIMARY KEY("src_kind","src_id","dst_kind","dst_id","relation")
);
--> statement-breakpoint
CREATE TABLE "lineage_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"namespace" text NOT NULL,
	"name" text NOT NULL,
	"kind" "lineage_job_kind" NOT NULL,
	"notebook_id" uuid,
	"cell_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lineage_jobs_namespace_name" UNIQUE("namespace","name")
);
--> statement-breakpoint
CREATE TABLE "lineage_nodes" (
	"kind" text NOT NULL,
	"id" text NOT NULL,
	"label" text NOT NULL,
	"notebook_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lineage_nodes_kind_id_pk" PRIMARY KEY("kind","id")
);
--> statement-breakpoint
CREATE TABLE "lineage_run_datasets" (
	"run_id" uuid NOT NULL,
	"dataset_id" uuid NOT NULL,
	"version" text NOT NULL,
	"direction" "lineage_direction" NOT NULL,
	"facets" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "lineage_run_datasets_run_id_dataset_id_version_direction_pk" PRIMARY KEY("run_id","dataset_id","version","direction")
);
--> statement-breakpoint
CREATE TABLE "lineage_run_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"event_type" "lineage_event_type" NOT NULL,
	"event_time" timestamp (3) with time zone NOT NULL,
	"facets" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lineage_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"job_id" uuid NOT NULL,
	"status" "lineage_run_status" NOT NULL,
	"parent_run_id" uuid,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"actor_id" uuid,
	"facets" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "lineage_dataset_versions" ADD CONSTRAINT "lineage_dataset_versions_dataset_id_lineage_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."lineage_datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineage_run_datasets" ADD CONSTRAINT "lineage_run_datasets_run_id_lineage_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."lineage_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineage_run_datasets" ADD CONSTRAINT "lineage_run_datasets_dataset_id_version_lineage_dataset_versions_dataset_id_version_fk" FOREIGN KEY ("dataset_id","version") REFERENCES "public"."lineage_dataset_versions"("dataset_id","version") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineage_run_events" ADD CONSTRAINT "lineage_run_events_run_id_lineage_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."lineage_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineage_runs" ADD CONSTRAINT "lineage_runs_job_id_lineage_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."lineage_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lineage_edges_dst" ON "lineage_edges" USING btree ("dst_kind","dst_id","relation");--> statement-breakpoint
CREATE INDEX "lineage_jobs_notebook" ON "lineage_jobs" USING btree ("notebook_id");--> statement-breakpoint
CREATE INDEX "lineage_nodes_notebook" ON "lineage_nodes" USING btree ("notebook_id","kind");--> statement-breakpoint
CREATE INDEX "lineage_run_events_run" ON "lineage_run_events" USING btree ("run_id","seq");--> statement-breakpoint
CREATE INDEX "lineage_runs_job" ON "lineage_runs" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "lineage_runs_parent" ON "lineage_runs" USING btree ("parent_run_id");