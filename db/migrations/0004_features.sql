CREATE TABLE "feature_online_values" (
	"view" text NOT NULL,
	"entity_key" text NOT NULL,
	"values" jsonb NOT NULL,
	"event_ts" timestamp(6) with time zone NOT NULL,
	"created_ts" timestamp(6) with time zone,
	"written_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feature_online_values_view_entity_key_pk" PRIMARY KEY("view","entity_key")
);
--> statement-breakpoint
CREATE TABLE "feature_view_versions" (
	"view" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"dataset_id" text NOT NULL,
	"artifact_id" text NOT NULL,
	"row_count" bigint NOT NULL,
	"columns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feature_view_versions_view_version_pk" PRIMARY KEY("view","version")
);
--> statement-breakpoint
CREATE INDEX "feature_view_versions_dataset" ON "feature_view_versions" USING btree ("dataset_id");