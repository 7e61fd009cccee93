/** The `data.*` functions cells can call (kept apart so the module's registration loads nothing heavy). */
export const DATA_FUNCTIONS = [
  "files", "load", "loadUrl", "query", "info", "head", "rows", "validate", "expectValid", "inferContract", "profile",
  "dropNulls", "fillNulls", "trim", "coerce", "normalize", "dedupe", "detectAnomalies",
  "randomSplit", "stratifiedSplit", "timeSplit", "checkLeakage", "expectNoLeakage",
] as const;
