import type { CellLocation } from "@/protocol/outputs";
import type { CellLabeler } from "./error-text";

/** What outputs need from the notebook around them: naming cells and going to them. */
export interface OutputContext {
  labelOf: CellLabeler;
  /** Puts the caret at a place in a cell's source and focuses that cell's editor. */
  reveal(location: CellLocation): void;
  /** Selects a cell and scrolls it into view. */
  showCell(cellId: string): void;
}
