import { expect, test } from "vitest";
import { commandForKey, DOUBLE_PRESS_MS, type KeyPress } from "./command-keys";

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

test("command-mode keys map to Jupyter's commands", () => {
  const now = 10_000;
  expect(commandForKey(press("Enter"), null, now)).toBe("edit");
  expect(commandForKey(press("Enter", { shiftKey: true }), null, now)).toBe("run-and-advance");
  expect(commandForKey(press("Enter", { ctrlKey: true }), null, now)).toBe("run-in-place");
  expect(commandForKey(press("Enter", { metaKey: true }), null, now)).toBe("run-in-place");
  expect(commandForKey(press("a"), null, now)).toBe("insert-above");
  expect(commandForKey(press("B", { shiftKey: true }), null, now)).toBe("insert-below");
  expect(commandForKey(press("m"), null, now)).toBe("to-markdown");
  expect(commandForKey(press("y"), null, now)).toBe("to-code");
  expect(commandForKey(press("z"), null, now)).toBe("undo-delete");
  expect(commandForKey(press("Z", { shiftKey: true }), null, now)).toBe("redo-delete");
  expect(commandForKey(press("ArrowUp"), null, now)).toBe("select-previous");
  expect(commandForKey(press("k"), null, now)).toBe("select-previous");
  expect(commandForKey(press("ArrowDown"), null, now)).toBe("select-next");
  expect(commandForKey(press("j"), null, now)).toBe("select-next");
  expect(commandForKey(press("x"), null, now)).toBeNull();
  // Browser and OS shortcuts are left alone.
  expect(commandForKey(press("a", { ctrlKey: true }), null, now)).toBeNull();
  expect(commandForKey(press("z", { metaKey: true }), null, now)).toBeNull();
});

test("D D deletes only when the second D follows quickly", () => {
  const now = 10_000;
  expect(commandForKey(press("d"), null, now)).toBe("arm-delete");
  expect(commandForKey(press("d"), now - 100, now)).toBe("delete");
  expect(commandForKey(press("d"), now - DOUBLE_PRESS_MS - 1, now)).toBe("arm-delete");
});
