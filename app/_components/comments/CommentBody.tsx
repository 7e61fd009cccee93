import type { CommentView } from "@/protocol/comments";
import { splitMentions } from "./mention-text";

/** A comment's text as written (line breaks kept), with the @mentions of notebook members highlighted. */
export function CommentBody({ comment }: { comment: Pick<CommentView, "body" | "mentions"> }) {
  return (
    <p className="comment-body" data-testid="comment-body">
      {splitMentions(comment.body, comment.mentions).map((part, i) =>
        part.mention ? (
          <span key={i} className="mention" title={part.mention.name} data-testid="mention">
            {part.text}
          </span>
        ) : (
          part.text
        ),
      )}
    </p>
  );
}
