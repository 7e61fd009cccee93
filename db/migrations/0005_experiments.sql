CREATE TYPE "public"."experiment_run_status" AS ENUM('RUNNING', 'FINISHED', 'FAILED', 'KILLED');--> statement-breakpoint
CREATE TABLE "experiment_artifacts" (
	"run_id" uuid NOT NULL,
	"path" text NOT NULL,
	"kind" text NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"media_type" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experiment_artifacts_run_id_path_pk" PRIMARY KEY("run_id","path")
);
--> statement-breakpoint
CREATE TABLE "experiment_inputs" (
	"run_id" uuid NOT NULL,
	"dataset_id" uuid NOT NULL,
	"namespace" text NOT NULL,
	"name" text NOT NULL,
	"digest" text NOT NULL,
	"context" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experiment_inputs_run_id_dataset_id_digest_context_pk" PRIMARY KEY("run_id","dataset_id","digest","context")
);
--> statement-breakpoint
CREATE TABLE "experiment_latest_metrics" (
	"run_id" uuid NOT NULL,
	"key" text NOT NULL,
	"step" bigint NOT NULL,
	"timestamp" bigint NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "experiment_latest_metrics_run_id_key_pk" PRIMARY KEY("run_id","key")
);
--> statement-breakpoint
CREATE TABLE "experiment_metrics" (
	"run_id" uuid NOT NULL,
	"key" text NOT NULL,
	"step" bigint NOT NULL,
	"timestamp" bigint NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "experiment_metrics_run_id_key_step_timestamp_value_pk" PRIMARY KEY("run_id","key","step","timestamp","value")
);
--> statement-breakpoint
CREATE TABLE "experiment_params" (
	"run_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "experiment_params_run_id_key_pk" PRIMARY KEY("run_id","key")
);
--> statement-breakpoint
CREATE TABLE "experiment_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"experiment_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" "experiment_run_status" DEFAULT 'RUNNING' NOT NULL,
	"parent_run_id" uuid,
	"notebook_id" uuid,
	"cell_id" text,
	"lineage_run_id" uuid,
	"actor_id" uuid,
	"start_time" timestamp (3) with time zone NOT NULL,
	"end_time" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "experiment_tags" (
	"run_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "experiment_tags_run_id_key_pk" PRIMARY KEY("run_id","key")
);
--> statement-breakpoint
CREATE TABLE "experiments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experiments_name" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "experiment_artifacts" ADD CONSTRAINT "experiment_artifacts_run_id_experiment_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."experiment_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_inputs" ADD CONSTRAINT "experiment_inputs_run_id_experiment_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."experiment_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_latest_metrics" ADD CONSTRAINT "experiment_latest_metrics_run_id_experiment_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."experiment_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_metrics" ADD CONSTRAINT "experiment_metrics_run_id_experiment_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."experiment_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_params" ADD CONSTRAINT "experiment_params_run_id_experiment_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."experiment_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_runs" ADD CONSTRAINT "experiment_runs_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_tags" ADD CONSTRAINT "experiment_tags_run_id_experiment_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."experiment_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "experiment_artifacts_sha256" ON "experiment_artifacts" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "experiment_latest_metrics_key" ON "experiment_latest_metrics" USING btree ("key","value");--> statement-breakpoint
CREATE INDEX "experiment_runs_experiment" ON "experiment_runs" USING btree ("experiment_id","start_time");--> statement-breakpoint
CREATE INDEX "experiment_runs_parent" ON "experiment_runs" USING btree ("parent_run_id");--> statement-breakpoint
CREATE INDEX "experiment_runs_notebook" ON "experiment_runs" USING btree ("notebook_id","status");