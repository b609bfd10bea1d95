/** The report page's stylesheet, inlined: system fonts only, nothing fetched. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1d1d1f; --muted: #555; --line: #d0d0d0; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
header { padding: 20px 32px 8px; border-bottom: 1px solid var(--line); }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 4px; }
.sub, .note, figcaption p { color: var(--muted); margin: 4px 0; }
main { padding: 8px 32px 40px; max-width: 1040px; }
section { margin: 24px 0; }
figure { margin: 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 8px; margin: 8px 0; }
.figure { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.figure dt { font-size: 12px; color: var(--muted); }
.figure dd { margin: 2px 0 0; font-size: 17px; font-variant-numeric: tabular-nums; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 8px 0; font: 12px system-ui, "DejaVu Sans", sans-serif; }
svg .grid { stroke: #e4e4e4; stroke-width: 1; }
svg .tick { fill: var(--muted); font-size: 11px; }
svg .panel-title { font-weight: 600; font-size: 13px; fill: var(--ink); }
svg .note { fill: var(--muted); font-size: 11px; }
svg .heat-cell text { font-size: 12px; font-variant-numeric: tabular-nums; fill: #111; }
svg .marker-label { font-size: 10px; fill: #222; }
svg .donut-centre { fill: var(--muted); font-size: 12px; }
details.data-table { margin: 6px 0 0; }
details.data-table summary { cursor: pointer; color: #1f4e9c; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { border-bottom: 1px solid #eee; padding: 3px 10px; text-align: left; }
td.num { text-align: right; }
@media print { details.data-table { display: none; } }
`;
