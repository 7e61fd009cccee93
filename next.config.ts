import type { NextConfig } from "next";

const config: NextConfig = {
  poweredByHeader: false,
  // Native and database packages run from node_modules, never bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "@node-rs/argon2", "drizzle-orm"],
  typescript: { ignoreBuildErrors: false },
};

export default config;
