/** A file uploaded to a notebook, as the files API lists it (`GET /api/notebooks/[id]/files`). */
export interface NotebookFileView {
  name: string;
  bytes: number;
  /** ISO time of the upload. */
  uploadedAt: string;
}
