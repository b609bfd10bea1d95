/** How long ago, for people at the back of the room: "now", "45s ago", "12m ago", "3h ago", "2d ago", "-". */
export function ago(ms: number | null, now: number): string {
  if (ms === null) return '-';
  const s = Math.max(0, Math.floor((now - ms) / 1000));
  if (s < 5) return 'now';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}
