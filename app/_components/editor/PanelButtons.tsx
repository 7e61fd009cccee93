"use client";

import { Icon } from "./Icon";

interface Props {
  commentsOpen: boolean;
  /** Open threads in the whole notebook. */
  openThreads: number;
  onToggleComments(): void;
  onOpenVersions(): void;
  onOpenFiles(): void;
}

/** The toolbar's way into the comments panel (with the number of open threads), the versions and the files dialogs. */
export function PanelButtons({ commentsOpen, openThreads, onToggleComments, onOpenVersions, onOpenFiles }: Props) {
  return (
    <div className="editor-panels">
      <button
        type="button"
        className={commentsOpen ? "button button-small toggle-on" : "button button-small"}
        aria-pressed={commentsOpen}
        data-testid="toggle-comments"
        onClick={onToggleComments}
      >
        <Icon name="comment" />
        Comments
        {openThreads > 0 && (
          <span className="count-pill" aria-label={`${openThreads} open`}>
            {openThreads}
          </span>
        )}
      </button>
      <button type="button" className="button button-small" onClick={onOpenVersions}>
        Versions
      </button>
      <button type="button" className="button button-small" onClick={onOpenFiles} data-testid="open-files">
        Files
      </button>
    </div>
  );
}
