namespace Seomin.AppHost.Dashboard.Ui;

internal static partial class DashboardAssets
{
    public const string Styles = """
        :root { --bg:#f6f7f9; --panel:#fff; --ink:#1d2330; --muted:#667085; --line:#e3e6eb; --accent:#1f5fbf;
          --ok:#1a7f37; --warn:#b25e00; --err:#c62828; --mono: ui-monospace, "NanumGothicCoding", Menlo, Consolas, monospace; }
        * { box-sizing: border-box; }
        body { margin:0; font: 14px/1.45 "Noto Sans KR", "NanumGothic", "Malgun Gothic", system-ui, sans-serif; background:var(--bg); color:var(--ink); }
        a { color:var(--accent); text-decoration:none; } a:hover { text-decoration:underline; }
        header.top { display:flex; align-items:center; gap:16px; padding:8px 16px; background:#14213d; color:#fff; position:sticky; top:0; z-index:5; }
        header.top .brand { color:#fff; font-weight:700; white-space:nowrap; }
        header.top nav { display:flex; gap:4px; flex-wrap:wrap; flex:1; }
        header.top nav a { color:#cfd8ea; padding:6px 10px; border-radius:6px; }
        header.top nav a.active { background:#2b3d66; color:#fff; }
        header.top button { background:transparent; color:#fff; border:1px solid #5b6b8c; border-radius:6px; padding:4px 10px; cursor:pointer; }
        main { padding:16px; }
        h1 { font-size:20px; margin:0 0 12px; } h2 { font-size:16px; margin:16px 0 8px; }
        .panel { background:var(--panel); border:1px solid var(--line); border-radius:8px; padding:12px; margin-bottom:12px; }
        .toolbar { display:flex; gap:8px; flex-wrap:wrap; align-items:center; margin-bottom:10px; }
        .toolbar label { color:var(--muted); font-size:12px; display:flex; flex-direction:column; gap:2px; }
        input, select, button { font:inherit; }
        input, select { padding:5px 8px; border:1px solid var(--line); border-radius:6px; background:#fff; }
        button { padding:5px 10px; border:1px solid var(--line); border-radius:6px; background:#fff; cursor:pointer; }
        button.primary { background:var(--accent); color:#fff; border-color:var(--accent); }
        button.danger { color:var(--err); border-color:#f0b4b4; }
        button:disabled { opacity:.5; cursor:default; }
        table { width:100%; border-collapse:collapse; background:var(--panel); }
        th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
        th { font-size:12px; color:var(--muted); font-weight:600; background:#fafbfc; position:sticky; top:44px; }
        tr.clickable { cursor:pointer; } tr.clickable:hover td { background:#f2f6fd; }
        .badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; background:#eef1f5; color:var(--ink); white-space:nowrap; }
        .badge.ok { background:#dcf5e3; color:var(--ok); } .badge.warn { background:#fff1dc; color:var(--warn); }
        .badge.err { background:#fde2e2; color:var(--err); } .badge.muted { color:var(--muted); }
        .chip { display:inline-block; padding:0 6px; margin:1px; border-radius:4px; font-size:12px; color:#fff; }
        .mono, pre, code { font-family:var(--mono); font-size:12px; }
        pre { white-space:pre-wrap; word-break:break-all; background:#f4f5f7; padding:8px; border-radius:6px; margin:4px 0; max-height:360px; overflow:auto; }
        .muted { color:var(--muted); } .error { color:var(--err); } .right { text-align:right; }
        .console { background:#0f1420; color:#d7dde8; font-family:var(--mono); font-size:12px; padding:8px; border-radius:8px; height:60vh; overflow:auto; white-space:pre-wrap; }
        .console .stderr { color:#ff8a80; } .console .res { font-weight:700; margin-right:6px; }
        .grid2 { display:grid; grid-template-columns: 280px 1fr; gap:12px; }
        .list a { display:block; padding:3px 6px; border-radius:4px; } .list a.active { background:#e4ecfa; }
        .list .meter { margin-top:8px; font-size:12px; color:var(--muted); font-weight:600; }
        .charts { display:grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap:12px; }
        .chart h3 { font-size:13px; margin:0 0 6px; } .chart svg { width:100%; height:160px; background:#fbfcfe; border:1px solid var(--line); border-radius:6px; }
        .legend span { margin-right:10px; font-size:12px; }
        .waterfall .row { display:grid; grid-template-columns: 38% 62%; border-bottom:1px solid var(--line); cursor:pointer; }
        .waterfall .row:hover { background:#f2f6fd; } .waterfall .row.selected { background:#e4ecfa; }
        .waterfall .name { padding:3px 6px; white-space:nowrap; overflow:hidden; text-overflow:ellipsis; }
        .waterfall .bar-cell { position:relative; height:24px; }
        .waterfall .bar { position:absolute; top:5px; height:14px; border-radius:3px; min-width:2px; }
        .waterfall .bar.error { outline:2px solid var(--err); }
        .waterfall .dur { position:absolute; top:4px; font-size:11px; color:var(--muted); white-space:nowrap; }
        .details { border-left:3px solid var(--accent); }
        .kv { display:grid; grid-template-columns: minmax(160px, 30%) 1fr; gap:2px 12px; font-size:12px; }
        .kv div:nth-child(odd) { color:var(--muted); word-break:break-all; } .kv div:nth-child(even) { font-family:var(--mono); word-break:break-all; }
        body.login { display:flex; align-items:center; justify-content:center; min-height:100vh; }
        .login-box { background:#fff; border:1px solid var(--line); border-radius:10px; padding:24px; width:380px; display:flex; flex-direction:column; gap:8px; }
        .spark { width:120px; height:24px; vertical-align:middle; }
        .empty { padding:24px; text-align:center; color:var(--muted); }
        """;
}
