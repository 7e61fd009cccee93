import { expect, test } from "vitest";
import { formatBytes, formatCount, formatDuration } from "./units";

test("durations read at a glance at every scale", () => {
  expect(formatDuration(0)).toBe("0 ms");
  expect(formatDuration(849.6)).toBe("850 ms");
  expect(formatDuration(1234)).toBe("1.2 s");
  expect(formatDuration(9_940)).toBe("9.9 s");
  expect(formatDuration(14_400)).toBe("14 s");
  expect(formatDuration(60_000)).toBe("1 min");
  expect(formatDuration(125_000)).toBe("2 min 5 s");
  expect(formatDuration(3_600_000)).toBe("1 h");
  expect(formatDuration(3_780_000)).toBe("1 h 3 min");
  expect(formatDuration(-1)).toBe("—");
  expect(formatDuration(Number.NaN)).toBe("—");
});

test("sizes use binary units and at most one decimal", () => {
  expect(formatBytes(512)).toBe("512 B");
  expect(formatBytes(1536)).toBe("1.5 KB");
  expect(formatBytes(1024)).toBe("1 KB");
  expect(formatBytes(12 * 1024 * 1024)).toBe("12 MB");
  expect(formatBytes(1.25 * 1024 ** 3)).toBe("1.3 GB");
});

test("counts get thousands separators", () => {
  expect(formatCount(1234567)).toBe("1,234,567");
});
