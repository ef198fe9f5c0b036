// The page's whole style, inlined: no font, image or stylesheet is fetched. Inserted as it is (not escaped), so it
// must never hold `</style`.
export const STYLES = `
:root { --ok: #1a7f37; --pending: #9a6700; --pending-bg: #fff8c5; --dirty: #cf222e; --dirty-bg: #ffebe9; --muted: #57606a;
  --line: #d0d7de; --card: #ffffff; --page: #f6f8fa; --ink: #1f2328; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--page); }
header.page { padding: 20px 28px 8px; }
header.page h1 { margin: 0 0 4px; font-size: 22px; }
.summary { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0 0; padding: 0; list-style: none; }
.summary a { color: inherit; text-decoration: none; }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 16px; padding: 12px 28px 28px; }
.card { background: var(--card); border: 1px solid var(--line); border-left: 6px solid var(--ok); border-radius: 8px; padding: 14px 18px; min-width: 0; }
.card.pending { border-left-color: var(--pending); background: linear-gradient(var(--pending-bg), var(--card) 90px); }
.card.dirty, .card.error { border-left-color: var(--dirty); background: linear-gradient(var(--dirty-bg), var(--card) 90px); }
.card header { display: flex; align-items: center; gap: 8px; }
.card h2 { margin: 0; font-size: 18px; }
.card h3 { margin: 14px 0 6px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; }
.badge.up-to-date { color: var(--ok); } .badge.pending { color: var(--pending); background: var(--pending-bg); }
.badge.dirty, .badge.error { color: var(--dirty); background: var(--dirty-bg); } .badge.fleet { color: var(--accent); }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 6px 14px; margin: 10px 0; }
.facts dt { font-size: 11px; color: var(--muted); text-transform: uppercase; } .facts dd { margin: 0; overflow-wrap: anywhere; font-family: ui-monospace, monospace; font-size: 12px; }
.issues { margin: 8px 0; padding-left: 18px; color: var(--dirty); } .hint { color: var(--muted); font-family: ui-monospace, monospace; font-size: 12px; }
.timeline { list-style: none; margin: 0; padding: 0 0 0 10px; border-left: 2px solid var(--line); }
.mark { position: relative; padding: 2px 0 4px 14px; display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; }
.mark .dot { position: absolute; left: -7px; top: 7px; width: 12px; height: 12px; border-radius: 50%; background: var(--ok); border: 2px solid var(--card); }
.mark.pending .dot { background: var(--card); border: 2px dashed var(--pending); } .mark.pending code { color: var(--pending); }
.mark.dirty .dot { background: var(--dirty); } .mark.dirty { color: var(--dirty); font-weight: 600; }
.mark .when { color: var(--muted); font-size: 12px; } .mark .tag { font-size: 11px; color: var(--accent); border: 1px solid var(--accent); border-radius: 4px; padding: 0 4px; }
.drift { margin: 10px 0 0; } .drift.ok { color: var(--ok); } .drift.warn, .drift.error { color: var(--dirty); }
.error-box { background: var(--dirty-bg); border-radius: 6px; padding: 8px 12px; } .error-box pre { white-space: pre-wrap; margin: 0; }
.members { border-collapse: collapse; width: 100%; font-size: 12px; } .members td, .members th { border-bottom: 1px solid var(--line); padding: 2px 6px; text-align: left; }
.members tr.pending td { background: var(--pending-bg); } .members tr.dirty td, .members tr.error td { background: var(--dirty-bg); }
figure.schema { margin: 14px 0 0; } figure.schema figcaption { font-size: 12px; color: var(--muted); margin-bottom: 6px; }
.scroll { overflow: auto; max-height: 560px; border: 1px solid var(--line); border-radius: 6px; background: #fbfcfd; }
svg.er { display: block; font: 12px ui-monospace, "DejaVu Sans Mono", monospace; }
.er-box { fill: #ffffff; stroke: #8c959f; } .er-head { fill: #ddf4ff; stroke: #8c959f; } .er-title { font-weight: 700; fill: var(--ink); }
.er-name { fill: var(--ink); } .er-type { fill: var(--muted); } .er-key { fill: var(--accent); font-weight: 700; }
.er-column.pk .er-name { font-weight: 700; } .er-edge { fill: none; stroke: var(--accent); stroke-width: 1.4; } .er-arrow { fill: var(--accent); }
.muted { color: var(--muted); } code { font-family: ui-monospace, monospace; font-size: 12px; }
`;
