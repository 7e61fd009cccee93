import type * as Y from "yjs";
import { updateKey, type CellOutput } from "../../protocol/outputs";

/**
 * The outputs of one running cell as the server will store them. Outputs
 * arrive one by one from the kernel; the buffer merges consecutive writes to
 * one stream, updates a progress bar (or a chart with an id) in place, cuts everything past the size
 * limit (leaving one `truncated` marker), and hands the document only what
 * changed since the last flush, so a long stream does not resend its history.
 */
export class OutputBuffer {
  private readonly outputs: CellOutput[] = [];
  private readonly sizes: number[] = [];
  /** How many outputs the document already holds, unchanged. */
  private committed = 0;
  private readonly dirty = new Set<number>();
  private bytes = 0;
  private omittedOutputs = 0;
  private omittedBytes = 0;

  constructor(private readonly limitBytes: number) {}

  get size(): number {
    return this.bytes;
  }

  get pending(): boolean {
    return this.dirty.size > 0 || this.committed < this.outputs.length;
  }

  /** The outputs as they are now (for tests and the final write). */
  snapshot(): CellOutput[] {
    return [...this.outputs];
  }

  add(output: CellOutput): void {
    const last = this.outputs.length - 1;
    const previous = this.outputs[last];
    if (output.type === "stream" && previous?.type === "stream" && previous.name === output.name) {
      this.replace(last, { ...previous, text: previous.text + output.text });
      return;
    }
    const key = updateKey(output);
    if (key !== null) {
      const index = this.outputs.findIndex((o) => updateKey(o) === key);
      if (index >= 0) {
        this.replace(index, output);
        return;
      }
    }
    this.append(output);
  }

  private append(output: CellOutput): void {
    const size = measure(output);
    if (this.isTruncated() || this.bytes + size > this.limitBytes) {
      this.omit(size);
      return;
    }
    this.outputs.push(output);
    this.sizes.push(size);
    this.bytes += size;
  }

  private replace(index: number, output: CellOutput): void {
    const size = measure(output);
    const grown = size - this.sizes[index]!;
    if (grown > 0 && this.bytes + grown > this.limitBytes) {
      // A stream that outgrows the limit keeps what fits.
      const current = this.outputs[index]!;
      if (output.type === "stream" && current.type === "stream") {
        const room = Math.max(0, this.limitBytes - this.bytes);
        const kept = { ...output, text: output.text.slice(0, current.text.length + room) };
        this.omitBytes(output.text.length - kept.text.length);
        this.set(index, kept);
      } else this.omit(size);
      return;
    }
    this.set(index, output);
  }

  private set(index: number, output: CellOutput): void {
    const size = measure(output);
    this.bytes += size - this.sizes[index]!;
    this.outputs[index] = output;
    this.sizes[index] = size;
    if (index < this.committed) this.dirty.add(index);
  }

  private isTruncated(): boolean {
    return this.outputs[this.outputs.length - 1]?.type === "truncated";
  }

  private omit(size: number): void {
    this.omittedOutputs += 1;
    this.omitBytes(size);
  }

  private omitBytes(size: number): void {
    this.omittedBytes += size;
    const marker: CellOutput = {
      type: "truncated",
      omittedOutputs: this.omittedOutputs,
      omittedBytes: this.omittedBytes,
      limitBytes: this.limitBytes,
    };
    const last = this.outputs.length - 1;
    if (this.isTruncated()) {
      this.outputs[last] = marker;
      if (last < this.committed) this.dirty.add(last);
    } else {
      this.outputs.push(marker);
      this.sizes.push(0);
    }
  }

  /** Writes what changed since the last flush into the cell's outputs array. */
  flushInto(array: Y.Array<unknown>): void {
    // The array may hold fewer items than we think if a peer's edit raced ours; resync then.
    if (array.length !== this.committed) {
      if (array.length > 0) array.delete(0, array.length);
      array.insert(0, this.outputs);
    } else {
      for (const index of [...this.dirty].sort((a, b) => a - b)) {
        array.delete(index, 1);
        array.insert(index, [this.outputs[index]]);
      }
      if (this.outputs.length > this.committed) array.insert(this.committed, this.outputs.slice(this.committed));
    }
    this.dirty.clear();
    this.committed = this.outputs.length;
  }
}

function measure(output: CellOutput): number {
  return JSON.stringify(output).length;
}
