/** The few line icons the editor uses, drawn inline (no icon font, nothing fetched). */
const PATHS = {
  up: "M8 12V4M4.5 7.5 8 4l3.5 3.5",
  down: "M8 4v8m-3.5-3.5L8 12l3.5-3.5",
  copy: "M5.5 5.5h7v7h-7zM3.5 10.5v-7h7",
  trash: "M3 4.5h10M6.5 4.5V3h3v1.5m-5 0 .5 8.5h6l.5-8.5",
  above: "M8 13V7m-3 3h6M3 3.5h10",
  below: "M8 3v6M5 6h6M3 12.5h10",
  comment: "M2.5 3.5h11v7.5H7.5l-3 2.5V11h-2z",
  run: "M5 3.5v9l7-4.5z",
  "run-all": "M2.5 3.5v9l5.5-4.5zM8.5 3.5v9l5.5-4.5z",
  "run-below": "M4 2.5v7l5.5-3.5zM3 13h10",
  stop: "M4.5 4.5h7v7h-7z",
  restart: "M12.5 8a4.5 4.5 0 1 1-1.4-3.3M11.5 2.5v2.5H9",
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={PATHS[name]} />
    </svg>
  );
}
