import { Icon } from "../editor/Icon";

/** The number of a cell's open threads, in its gutter; opens the panel on them. Nothing when there are none. */
export function CellCommentBadge({ count, onShow }: { count: number; onShow(): void }) {
  if (count === 0) return null;
  const label = `${count} open comment thread${count === 1 ? "" : "s"}`;
  return (
    <button
      type="button"
      className="cell-comment-badge"
      aria-label={label}
      title={label}
      data-testid="cell-comment-badge"
      onMouseDown={(e) => e.stopPropagation()}
      onClick={onShow}
    >
      <Icon name="comment" />
      {count}
    </button>
  );
}
