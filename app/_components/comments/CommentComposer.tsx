"use client";

import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { Alert } from "@/app/_components/Alert";
import { errorMessage } from "@/app/_lib/api";
import type { UserSummary } from "@/protocol/api";
import { COMMENT_LIMITS } from "@/protocol/comments";
import { completeMention, mentionQueryAt, suggestMembers } from "./mention-text";

interface Props {
  /** The text box's accessible name ("Comment", "Reply"). */
  label: string;
  submitLabel: string;
  placeholder?: string;
  members: readonly UserSummary[];
  autoFocus?: boolean;
  /** Resolves once stored; a rejection is shown under the box and keeps the text. */
  onSubmit(body: string): Promise<void>;
  onCancel?(): void;
}

/**
 * A comment text box: Ctrl/Cmd+Enter sends, typing "@" suggests the
 * notebook's members (arrows and Enter or Tab pick one, Escape closes the list).
 */
export function CommentComposer({ label, submitLabel, placeholder, members, autoFocus, onSubmit, onCancel }: Props) {
  const [text, setText] = useState("");
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [pick, setPick] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const box = useRef<HTMLTextAreaElement>(null);
  // Where the caret goes once a completed mention is rendered (before the next key can land).
  const caretAfter = useRef<number | null>(null);
  const listId = useId();
  const suggestions = query ? suggestMembers(members, query.query) : [];

  function edit(value: string, caret: number) {
    setText(value);
    setQuery(mentionQueryAt(value, caret));
    setPick(0);
  }

  function choose(user: UserSummary) {
    const element = box.current;
    if (!query || !element) return;
    const next = completeMention(text, query.start, element.selectionStart, user.username);
    caretAfter.current = next.caret;
    setText(next.text);
    setQuery(null);
  }

  useLayoutEffect(() => {
    const at = caretAfter.current;
    if (at === null || !box.current) return;
    caretAfter.current = null;
    box.current.focus();
    box.current.setSelectionRange(at, at);
  }, [text]);

  async function submit() {
    const body = text.trim();
    if (!body || busy) return;
    setBusy(true);
    setError("");
    try {
      await onSubmit(body);
      setText("");
      setQuery(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (suggestions.length > 0) {
      const keys: Record<string, () => void> = {
        ArrowDown: () => setPick((pick + 1) % suggestions.length),
        ArrowUp: () => setPick((pick - 1 + suggestions.length) % suggestions.length),
        Enter: () => choose(suggestions[pick]!),
        Tab: () => choose(suggestions[pick]!),
        Escape: () => setQuery(null),
      };
      const action = keys[event.key];
      if (action && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        return action();
      }
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    } else if (event.key === "Escape" && onCancel) {
      event.preventDefault();
      onCancel();
    }
  }

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="composer-box">
        <textarea
          ref={box}
          aria-label={label}
          placeholder={placeholder ?? "Write a comment — @ to mention someone"}
          value={text}
          rows={2}
          maxLength={COMMENT_LIMITS.bodyChars}
          autoFocus={autoFocus}
          aria-autocomplete="list"
          aria-controls={suggestions.length > 0 ? listId : undefined}
          aria-expanded={suggestions.length > 0}
          onChange={(e) => edit(e.target.value, e.target.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={() => setQuery(null)}
        />
        {suggestions.length > 0 && (
          <ul className="mention-suggestions" id={listId} role="listbox" aria-label="People to mention" data-testid="mention-suggestions">
            {suggestions.map((user, i) => (
              <li
                key={user.id}
                role="option"
                aria-selected={i === pick}
                className={i === pick ? "active" : undefined}
                // Keep the focus (and the caret) in the text box.
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(user);
                }}
              >
                <strong>{user.name}</strong> <span className="muted">@{user.username}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <Alert>{error}</Alert>
      <div className="composer-actions">
        <span className="muted small">Ctrl+Enter to send</span>
        {onCancel && (
          <button type="button" className="button button-small" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button-small button-primary" disabled={busy || !text.trim()}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
