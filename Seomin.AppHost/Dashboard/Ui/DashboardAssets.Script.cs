namespace Seomin.AppHost.Dashboard.Ui;

// The dashboard single-page script: hash routing, Korean/English text, polling of the JSON APIs, SVG charts.
// Plain browser JavaScript, no build step.
internal static partial class DashboardAssets
{
    public const string Script = """
(() => {
  'use strict';

  // ---- i18n: Korean by default, English on request (kept in localStorage) ----
  const dict = {
    ko: {
      'brand': '운영 대시보드', 'nav.resources': '리소스', 'nav.console': '콘솔 로그', 'nav.logs': '구조화 로그',
      'nav.traces': '트레이스', 'nav.metrics': '메트릭', 'nav.messaging': '메시징', 'lang.switch': 'English',
      'res.title': '리소스', 'res.name': '이름', 'res.type': '유형', 'res.state': '상태', 'res.health': '헬스',
      'res.endpoints': '엔드포인트', 'res.started': '시작 시각', 'res.restarts': '재시작', 'res.errors': '오류',
      'res.actions': '동작', 'res.details': '상세', 'res.start': '시작', 'res.stop': '중지', 'res.restart': '재시작',
      'res.env': '환경 변수 (비밀 값 가림)', 'res.none': '리소스가 없습니다.', 'res.unavailable': '리소스 API에 연결할 수 없습니다.',
      'res.commandSent': '명령을 보냈습니다', 'res.confirmStop': '이 리소스를 중지할까요?',
      'con.title': '콘솔 로그', 'con.resources': '리소스 선택', 'con.pause': '일시 정지', 'con.resume': '계속',
      'con.filter': '텍스트 필터', 'con.download': '다운로드', 'con.clear': '지우기', 'con.empty': '리소스를 하나 이상 선택하세요.',
      'logs.title': '구조화 로그', 'logs.resource': '리소스', 'logs.level': '최소 수준', 'logs.text': '텍스트',
      'logs.traceId': '트레이스 ID', 'logs.attribute': '속성 (키=값)', 'logs.apply': '적용', 'logs.time': '시각',
      'logs.message': '메시지', 'logs.trace': '트레이스', 'logs.none': '로그가 없습니다.', 'all': '전체',
      'traces.title': '트레이스', 'traces.minMs': '최소 ms', 'traces.maxMs': '최대 ms', 'traces.name': '이름',
      'traces.resources': '리소스', 'traces.spans': '스팬', 'traces.duration': '소요 시간', 'traces.errors': '오류',
      'traces.none': '트레이스가 없습니다.', 'trace.title': '트레이스', 'trace.back': '← 트레이스 목록',
      'trace.logs': '이 트레이스의 로그', 'trace.span': '스팬 상세', 'trace.notFound': '트레이스를 찾을 수 없습니다 (보존 한도를 넘어 삭제되었을 수 있습니다).',
      'trace.events': '이벤트', 'trace.attributes': '속성', 'trace.status': '상태', 'trace.kind': '종류',
      'metrics.title': '메트릭', 'metrics.instruments': '계측기 (미터별)', 'metrics.key': '핵심 지표', 'metrics.none': '메트릭이 없습니다.',
      'metrics.requestRate': '요청률 (/s)', 'metrics.errorRate': '오류율 (/s)', 'metrics.latency': '지연 시간 백분위',
      'metrics.backlog': '아웃박스 적체', 'metrics.queueDepth': '큐 깊이 (RabbitMQ)', 'metrics.value': '값', 'metrics.rate': '초당 비율',
      'msg.title': '메시징', 'msg.queues': '큐', 'msg.vhost': '가상 호스트', 'msg.queue': '큐', 'msg.messages': '메시지',
      'msg.ready': '대기', 'msg.unacked': '미확인', 'msg.consumers': '소비자', 'msg.publish': '발행/s', 'msg.deliver': '전달/s',
      'msg.ack': '확인/s', 'msg.depth': '깊이 추이', 'msg.view': '보기', 'msg.errorQueue': '오류 큐',
      'msg.replay': '재처리', 'msg.replayAll': '모두 재처리', 'msg.purge': '비우기', 'msg.headers': '헤더', 'msg.body': '본문',
      'msg.exception': '예외', 'msg.stack': '스택 트레이스', 'msg.noMessages': '메시지가 없습니다.', 'msg.audit': '감사 기록',
      'msg.actor': '수행자', 'msg.action': '동작', 'msg.count': '건수', 'msg.outcome': '결과', 'msg.unavailable': 'RabbitMQ 관리 API를 사용할 수 없습니다',
      'msg.confirmReplayAll': '이 큐의 모든 메시지를 원래 큐로 재처리할까요?', 'msg.confirmPurge': '이 오류 큐의 모든 메시지를 삭제할까요? 되돌릴 수 없습니다.',
      'msg.confirmReplay': '이 메시지를 원래 큐로 재처리할까요?', 'msg.done': '완료', 'refresh': '새로 고침', 'loading': '불러오는 중…', 'failed': '실패',
    },
    en: {
      'brand': 'Operations dashboard', 'nav.resources': 'Resources', 'nav.console': 'Console logs', 'nav.logs': 'Structured logs',
      'nav.traces': 'Traces', 'nav.metrics': 'Metrics', 'nav.messaging': 'Messaging', 'lang.switch': '한국어',
      'res.title': 'Resources', 'res.name': 'Name', 'res.type': 'Type', 'res.state': 'State', 'res.health': 'Health',
      'res.endpoints': 'Endpoints', 'res.started': 'Started', 'res.restarts': 'Restarts', 'res.errors': 'Errors',
      'res.actions': 'Actions', 'res.details': 'Details', 'res.start': 'Start', 'res.stop': 'Stop', 'res.restart': 'Restart',
      'res.env': 'Environment (secrets masked)', 'res.none': 'No resources.', 'res.unavailable': 'The resource API is not reachable.',
      'res.commandSent': 'Command sent', 'res.confirmStop': 'Stop this resource?',
      'con.title': 'Console logs', 'con.resources': 'Resources', 'con.pause': 'Pause', 'con.resume': 'Resume',
      'con.filter': 'Text filter', 'con.download': 'Download', 'con.clear': 'Clear', 'con.empty': 'Select one or more resources.',
      'logs.title': 'Structured logs', 'logs.resource': 'Resource', 'logs.level': 'Minimum level', 'logs.text': 'Text',
      'logs.traceId': 'Trace id', 'logs.attribute': 'Attribute (key=value)', 'logs.apply': 'Apply', 'logs.time': 'Time',
      'logs.message': 'Message', 'logs.trace': 'Trace', 'logs.none': 'No logs.', 'all': 'All',
      'traces.title': 'Traces', 'traces.minMs': 'Min ms', 'traces.maxMs': 'Max ms', 'traces.name': 'Name',
      'traces.resources': 'Resources', 'traces.spans': 'Spans', 'traces.duration': 'Duration', 'traces.errors': 'Errors',
      'traces.none': 'No traces.', 'trace.title': 'Trace', 'trace.back': '← Traces',
      'trace.logs': 'Logs of this trace', 'trace.span': 'Span details', 'trace.notFound': 'Trace not found (it may have been dropped by the retention limit).',
      'trace.events': 'Events', 'trace.attributes': 'Attributes', 'trace.status': 'Status', 'trace.kind': 'Kind',
      'metrics.title': 'Metrics', 'metrics.instruments': 'Instruments by meter', 'metrics.key': 'Key indicators', 'metrics.none': 'No metrics.',
      'metrics.requestRate': 'Request rate (/s)', 'metrics.errorRate': 'Error rate (/s)', 'metrics.latency': 'Latency percentiles',
      'metrics.backlog': 'Outbox backlog', 'metrics.queueDepth': 'Queue depth (RabbitMQ)', 'metrics.value': 'Value', 'metrics.rate': 'Rate per second',
      'msg.title': 'Messaging', 'msg.queues': 'Queues', 'msg.vhost': 'Virtual host', 'msg.queue': 'Queue', 'msg.messages': 'Messages',
      'msg.ready': 'Ready', 'msg.unacked': 'Unacked', 'msg.consumers': 'Consumers', 'msg.publish': 'Publish/s', 'msg.deliver': 'Deliver/s',
      'msg.ack': 'Ack/s', 'msg.depth': 'Depth trend', 'msg.view': 'View', 'msg.errorQueue': 'Error queue',
      'msg.replay': 'Replay', 'msg.replayAll': 'Replay all', 'msg.purge': 'Purge', 'msg.headers': 'Headers', 'msg.body': 'Body',
      'msg.exception': 'Exception', 'msg.stack': 'Stack trace', 'msg.noMessages': 'No messages.', 'msg.audit': 'Audit trail',
      'msg.actor': 'Actor', 'msg.action': 'Action', 'msg.count': 'Count', 'msg.outcome': 'Outcome', 'msg.unavailable': 'The RabbitMQ management API is unavailable',
      'msg.confirmReplayAll': 'Replay every message of this queue to its source queue?', 'msg.confirmPurge': 'Delete every message of this error queue? This cannot be undone.',
      'msg.confirmReplay': 'Replay this message to its source queue?', 'msg.done': 'Done', 'refresh': 'Refresh', 'loading': 'Loading…', 'failed': 'Failed',
    },
  };
  let lang = localStorage.getItem('seomin.lang') || 'ko';
  const t = (key) => (dict[lang] && dict[lang][key]) || dict.en[key] || key;

  // ---- helpers ----
  let $main = document.getElementById('main');
  const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const fmtTime = (v) => v ? new Date(v).toLocaleString(lang === 'ko' ? 'ko-KR' : 'en-GB', { timeZone: 'Asia/Seoul', hour12: false }) : '';
  const fmtMs = (ms) => ms == null ? '' : ms >= 1000 ? (ms / 1000).toFixed(2) + ' s' : ms.toFixed(ms < 10 ? 2 : 1) + ' ms';
  const fmtNum = (n) => n == null ? '' : Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2);
  // Red is kept for errors; the platform's own resources get fixed, distinct colours.
  const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#3b5b92', '#6b8e23'];
  const known = { gateway: 0, guarantee: 1, counseling: 2, subrogation: 3, contributions: 4, 'dormant-assets': 5, dormant: 5, messaging: 6, postgres: 8 };
  const colorOf = (name) => {
    const key = String(name);
    if (key in known) { return palette[known[key]]; }
    let h = 2166136261; for (const c of key) { h ^= c.charCodeAt(0); h = Math.imul(h, 16777619) >>> 0; }
    return palette[h % palette.length];
  };
  const api = async (url, options) => {
    const response = await fetch(url, Object.assign({ headers: { 'Accept': 'application/json' } }, options || {}));
    if (response.status === 401) { location.href = '/login'; throw new Error('401'); }
    if (!response.ok) { let detail = response.statusText; try { const p = await response.json(); detail = p.detail || p.title || detail; } catch (e) { /* not json */ } throw new Error(response.status + ' ' + detail); }
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  };
  const post = (url) => api(url, { method: 'POST', headers: { 'Accept': 'application/json', 'X-Seomin-Dashboard': '1' } });
  const qs = (params) => Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v)).join('&');
  const parseHash = () => {
    const raw = location.hash.replace(/^#\/?/, '');
    const [path, query] = raw.split('?');
    const params = Object.fromEntries(new URLSearchParams(query || ''));
    const parts = (path || 'resources').split('/').map(decodeURIComponent);
    return { page: parts[0] || 'resources', arg: parts[1], params };
  };
  const levelBadge = (level) => {
    const cls = level === 'Error' || level === 'Critical' ? 'err' : level === 'Warning' ? 'warn' : level === 'Information' ? 'ok' : 'muted';
    return `<span class="badge ${cls}">${esc(level)}</span>`;
  };
  const stateBadge = (s) => {
    const v = String(s || '').toLowerCase();
    const cls = ['running', 'healthy'].includes(v) ? 'ok' : ['starting', 'waiting', 'degraded', 'restarting', 'stopping'].includes(v) ? 'warn' : ['failed', 'exited', 'unhealthy', 'crashed', 'stopped', 'finished'].includes(v) ? 'err' : 'muted';
    return `<span class="badge ${cls}" data-state="${esc(s)}">${esc(s)}</span>`;
  };
  let timers = [];
  const every = (ms, fn) => { fn(); timers.push(setInterval(fn, ms)); };
  const stopTimers = () => { timers.forEach(clearInterval); timers = []; };
  let telemetryResourcesCache = [];
  const loadTelemetryResources = async () => { try { telemetryResourcesCache = await api('/api/telemetry/resources'); } catch (e) { /* keep last */ } return telemetryResourcesCache; };
  const resourceOptions = (selected, names) => `<option value="">${t('all')}</option>` + names.map((n) => `<option ${n === selected ? 'selected' : ''}>${esc(n)}</option>`).join('');

  // ---- SVG line chart ----
  function lineChart(series, opts) {
    const w = 600, h = 160, pad = 34;
    const all = series.flatMap((s) => s.points.filter((p) => p.y != null));
    if (all.length === 0) { return `<svg viewBox="0 0 ${w} ${h}"><text x="${w / 2}" y="${h / 2}" text-anchor="middle" fill="#999">–</text></svg>`; }
    const xs = all.map((p) => p.x), ys = all.map((p) => p.y);
    const x0 = Math.min(...xs), x1 = Math.max(...xs, x0 + 1);
    const y0 = 0, y1 = Math.max(...ys, (opts && opts.minMax) || 0.000001) * 1.1;
    const sx = (x) => pad + (x - x0) / (x1 - x0) * (w - pad - 6);
    const sy = (y) => h - 18 - (y - y0) / (y1 - y0) * (h - 28);
    const lines = series.map((s) => {
      const pts = s.points.filter((p) => p.y != null).map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
      return `<polyline fill="none" stroke="${s.color}" stroke-width="1.8" points="${pts}"><title>${esc(s.name)}</title></polyline>`;
    }).join('');
    const tl = (x) => new Date(x).toLocaleTimeString(lang === 'ko' ? 'ko-KR' : 'en-GB', { timeZone: 'Asia/Seoul', hour12: false });
    return `<svg viewBox="0 0 ${w} ${h}" role="img">
      <line x1="${pad}" y1="${h - 18}" x2="${w - 4}" y2="${h - 18}" stroke="#ccc"/><line x1="${pad}" y1="6" x2="${pad}" y2="${h - 18}" stroke="#ccc"/>
      <text x="2" y="14" font-size="10" fill="#666">${esc(fmtNum(y1))}</text><text x="2" y="${h - 20}" font-size="10" fill="#666">0</text>
      <text x="${pad}" y="${h - 4}" font-size="10" fill="#666">${esc(tl(x0))}</text><text x="${w - 4}" y="${h - 4}" font-size="10" fill="#666" text-anchor="end">${esc(tl(x1))}</text>
      ${lines}</svg>` + `<div class="legend">${series.map((s) => `<span style="color:${s.color}">■ ${esc(s.name)}</span>`).join('')}</div>`;
  }
  const spark = (values) => {
    if (!values || values.length < 2) { return ''; }
    const max = Math.max(...values, 1), w = 120, h = 24;
    const pts = values.map((v, i) => `${(i / (values.length - 1) * w).toFixed(1)},${(h - 2 - v / max * (h - 4)).toFixed(1)}`).join(' ');
    return `<svg class="spark" viewBox="0 0 ${w} ${h}"><polyline fill="none" stroke="#1f5fbf" stroke-width="1.5" points="${pts}"/></svg>`;
  };

  // ---- Resources ----
  const expanded = new Set();
  async function pageResources() {
    $main.innerHTML = `<h1>${t('res.title')}</h1><div id="res-msg" class="muted"></div><div class="panel" style="padding:0"><table id="resources-table">
      <thead><tr><th>${t('res.name')}</th><th>${t('res.type')}</th><th>${t('res.state')}</th><th>${t('res.health')}</th><th>${t('res.endpoints')}</th>
      <th>${t('res.started')}</th><th class="right">${t('res.restarts')}</th><th>${t('res.errors')}</th><th>${t('res.actions')}</th></tr></thead><tbody><tr><td colspan="9" class="empty">${t('loading')}</td></tr></tbody></table></div>`;
    const tbody = $main.querySelector('tbody');
    $main.addEventListener('click', async (ev) => {
      const btn = ev.target.closest('button[data-cmd]');
      if (btn) {
        const name = btn.dataset.name, cmd = btn.dataset.cmd;
        if (cmd === 'stop' && !confirm(t('res.confirmStop'))) { return; }
        btn.disabled = true;
        try { await post(`/api/resources/${encodeURIComponent(name)}/commands/${cmd}`); document.getElementById('res-msg').textContent = `${t('res.commandSent')}: ${name} ${cmd}`; }
        catch (e) { document.getElementById('res-msg').textContent = `${t('failed')}: ${e.message}`; }
        finally { btn.disabled = false; }
        return;
      }
      const det = ev.target.closest('button[data-details]');
      if (det) { const n = det.dataset.details; expanded.has(n) ? expanded.delete(n) : expanded.add(n); refresh(); }
    });
    async function refresh() {
      let resources;
      try { resources = await api('/api/resources'); } catch (e) { tbody.innerHTML = `<tr><td colspan="9" class="empty error">${t('res.unavailable')} (${esc(e.message)})</td></tr>`; return; }
      const telemetry = await loadTelemetryResources();
      const errors = Object.fromEntries(telemetry.map((r) => [r.name, r.errorLogs]));
      if (!resources || resources.length === 0) { tbody.innerHTML = `<tr><td colspan="9" class="empty">${t('res.none')}</td></tr>`; return; }
      tbody.innerHTML = resources.map((r) => {
        const eps = (r.endpoints || []).map((e) => `<a href="${esc(e.url)}" target="_blank" rel="noopener">${esc(e.url)}</a>${e.name ? ` <span class="muted">(${esc(e.name)})</span>` : ''}`).join('<br>');
        const errCount = errors[r.name] || 0;
        const errBadge = errCount > 0 ? `<a class="badge err" data-testid="error-badge" href="#/logs?${qs({ resource: r.name, level: 'Error' })}">${errCount}</a>` : '<span class="badge muted">0</span>';
        const env = r.environment || {};
        const envRows = Array.isArray(env) ? env.map((e) => [e.name ?? e.key, e.value]) : Object.entries(env);
        const details = expanded.has(r.name) ? `<tr class="details" data-details-for="${esc(r.name)}"><td colspan="9"><h2>${t('res.env')}</h2><div class="kv">${envRows.map(([k, v]) => `<div>${esc(k)}</div><div>${esc(v)}</div>`).join('')}</div></td></tr>` : '';
        return `<tr data-resource="${esc(r.name)}"><td><strong>${esc(r.name)}</strong></td><td>${esc(r.type)}</td><td>${stateBadge(r.state)}</td><td>${stateBadge(r.health ?? '')}</td>
          <td>${eps}</td><td>${esc(fmtTime(r.startedAt))}</td><td class="right" data-testid="restart-count">${esc(r.restartCount ?? 0)}</td><td>${errBadge}</td>
          <td style="white-space:nowrap"><button data-details="${esc(r.name)}">${t('res.details')}</button>
            <button data-cmd="start" data-name="${esc(r.name)}">${t('res.start')}</button>
            <button data-cmd="stop" data-name="${esc(r.name)}" class="danger">${t('res.stop')}</button>
            <button data-cmd="restart" data-name="${esc(r.name)}">${t('res.restart')}</button></td></tr>${details}`;
      }).join('');
    }
    every(3000, refresh);
  }

  // ---- Console logs (one or several resources, merged) ----
  async function pageConsole(params) {
    let names = [];
    try { names = (await api('/api/resources')).map((r) => r.name); } catch (e) { names = []; }
    const selected = new Set((params.resources || '').split(',').filter(Boolean));
    const cursors = {}; const lines = []; let paused = false; let filter = '';
    $main.innerHTML = `<h1>${t('con.title')}</h1><div class="panel"><div class="toolbar" id="con-res">${t('con.resources')}:
      ${names.map((n) => `<label style="flex-direction:row;gap:4px"><input type="checkbox" value="${esc(n)}" ${selected.has(n) ? 'checked' : ''}><span style="color:${colorOf(n)}">${esc(n)}</span></label>`).join('')}</div>
      <div class="toolbar"><input id="con-filter" placeholder="${t('con.filter')}"><button id="con-pause">${t('con.pause')}</button>
      <button id="con-download">${t('con.download')}</button><button id="con-clear">${t('con.clear')}</button></div>
      <div class="console" id="console"></div></div>`;
    const box = document.getElementById('console');
    const render = () => {
      if (selected.size === 0) { box.innerHTML = `<span class="muted">${t('con.empty')}</span>`; return; }
      const f = filter.toLowerCase();
      const shown = lines.filter((l) => selected.has(l.resource) && (!f || l.text.toLowerCase().includes(f)));
      const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 20;
      box.innerHTML = shown.slice(-5000).map((l) => `<div class="${l.stream === 'stderr' ? 'stderr' : ''}"><span class="res" style="color:${colorOf(l.resource)}">[${esc(l.resource)}]</span>${esc(l.text)}</div>`).join('');
      if (atBottom) { box.scrollTop = box.scrollHeight; }
    };
    document.getElementById('con-res').addEventListener('change', (ev) => {
      const v = ev.target.value; ev.target.checked ? selected.add(v) : selected.delete(v);
      history.replaceState(null, '', '#/console?' + qs({ resources: [...selected].join(',') })); render();
    });
    document.getElementById('con-filter').addEventListener('input', (ev) => { filter = ev.target.value; render(); });
    document.getElementById('con-pause').addEventListener('click', (ev) => { paused = !paused; ev.target.textContent = paused ? t('con.resume') : t('con.pause'); });
    document.getElementById('con-clear').addEventListener('click', () => { lines.length = 0; render(); });
    document.getElementById('con-download').addEventListener('click', () => {
      const text = lines.filter((l) => selected.has(l.resource)).map((l) => `${l.timestamp} [${l.resource}] ${l.stream === 'stderr' ? 'ERR ' : ''}${l.text}`).join('\n');
      const a = document.createElement('a'); a.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
      a.download = `console-${[...selected].join('+') || 'none'}.log`; a.click(); setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    });
    every(1000, async () => {
      if (paused) { return; }
      let changed = false;
      for (const name of selected) {
        try {
          const entries = await api(`/api/resources/${encodeURIComponent(name)}/console?after=${cursors[name] ?? 0}`);
          for (const e of entries || []) { lines.push({ resource: name, seq: e.seq, timestamp: e.timestamp, stream: e.stream, text: e.text }); cursors[name] = Math.max(cursors[name] ?? 0, e.seq); changed = true; }
        } catch (e) { /* resource gone or API down: keep polling */ }
      }
      if (changed) { lines.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0)); if (lines.length > 20000) { lines.splice(0, lines.length - 20000); } render(); }
      else if (lines.length === 0) { render(); }
    });
  }

  // ---- Structured logs ----
  async function pageLogs(params) {
    const names = (await loadTelemetryResources()).map((r) => r.name);
    const levels = ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical'];
    $main.innerHTML = `<h1>${t('logs.title')}</h1><form class="panel toolbar" id="log-form">
      <label>${t('logs.resource')}<select name="resource">${resourceOptions(params.resource, names)}</select></label>
      <label>${t('logs.level')}<select name="level"><option value="">${t('all')}</option>${levels.map((l) => `<option ${l === params.level ? 'selected' : ''}>${l}</option>`).join('')}</select></label>
      <label>${t('logs.text')}<input name="text" value="${esc(params.text)}"></label>
      <label>${t('logs.traceId')}<input name="traceId" value="${esc(params.traceId)}" size="34" class="mono"></label>
      <label>${t('logs.attribute')}<input name="attribute" value="${esc(params.attribute)}"></label>
      <button class="primary" type="submit">${t('logs.apply')}</button></form>
      <div class="panel" style="padding:0"><table id="logs-table"><thead><tr><th>${t('logs.time')}</th><th>${t('logs.resource')}</th><th>${t('logs.level')}</th><th>${t('logs.message')}</th><th>${t('logs.trace')}</th></tr></thead><tbody></tbody></table></div>`;
    document.getElementById('log-form').addEventListener('submit', (ev) => {
      ev.preventDefault(); location.hash = '#/logs?' + qs(Object.fromEntries(new FormData(ev.target)));
    });
    const tbody = $main.querySelector('tbody'); const open = new Set();
    tbody.addEventListener('click', (ev) => {
      if (ev.target.closest('a')) { return; }
      const row = ev.target.closest('tr[data-seq]'); if (!row) { return; }
      const s = row.dataset.seq; open.has(s) ? open.delete(s) : open.add(s); refresh();
    });
    let last = [];
    const draw = () => {
      tbody.innerHTML = last.length === 0 ? `<tr><td colspan="5" class="empty">${t('logs.none')}</td></tr>` : last.map((l) => `<tr class="clickable" data-seq="${l.sequence}">
        <td class="mono" style="white-space:nowrap">${esc(fmtTime(l.timestamp))}</td><td><span class="chip" style="background:${colorOf(l.resource)}">${esc(l.resource)}</span></td>
        <td>${levelBadge(l.level)}</td><td class="log-message">${esc(l.message)}</td>
        <td>${l.traceId ? `<a class="mono" href="#/trace/${esc(l.traceId)}">${esc(l.traceId.slice(0, 12))}…</a>` : ''}</td></tr>
        ${open.has(String(l.sequence)) ? `<tr class="details"><td colspan="5"><div class="kv"><div>scope</div><div>${esc(l.scope)}</div><div>traceId</div><div>${esc(l.traceId)}</div><div>spanId</div><div>${esc(l.spanId)}</div>
          ${l.attributes.map((a) => `<div>${esc(a.key)}</div><div>${esc(a.value)}</div>`).join('')}</div></td></tr>` : ''}`).join('');
    };
    const refresh = async () => { try { last = await api('/api/telemetry/logs?' + qs({ resource: params.resource, level: params.level, text: params.text, traceId: params.traceId, attribute: params.attribute, limit: 500 })); } catch (e) { /* keep */ } draw(); };
    every(4000, refresh);
  }

  // ---- Traces ----
  async function pageTraces(params) {
    const names = (await loadTelemetryResources()).map((r) => r.name);
    $main.innerHTML = `<h1>${t('traces.title')}</h1><form class="panel toolbar" id="trace-form">
      <label>${t('logs.resource')}<select name="resource">${resourceOptions(params.resource, names)}</select></label>
      <label>${t('traces.minMs')}<input name="minDurationMs" type="number" min="0" value="${esc(params.minDurationMs)}" style="width:90px"></label>
      <label>${t('traces.maxMs')}<input name="maxDurationMs" type="number" min="0" value="${esc(params.maxDurationMs)}" style="width:90px"></label>
      <label>${t('logs.attribute')}<input name="attribute" value="${esc(params.attribute)}"></label>
      <label>${t('traces.name')}<input name="text" value="${esc(params.text)}"></label>
      <button class="primary" type="submit">${t('logs.apply')}</button></form>
      <div class="panel" style="padding:0"><table id="traces-table"><thead><tr><th>${t('logs.time')}</th><th>${t('traces.name')}</th><th>${t('traces.resources')}</th><th class="right">${t('traces.spans')}</th><th class="right">${t('traces.duration')}</th><th>${t('traces.errors')}</th></tr></thead><tbody></tbody></table></div>`;
    document.getElementById('trace-form').addEventListener('submit', (ev) => { ev.preventDefault(); location.hash = '#/traces?' + qs(Object.fromEntries(new FormData(ev.target))); });
    const tbody = $main.querySelector('tbody');
    tbody.addEventListener('click', (ev) => { const row = ev.target.closest('tr[data-trace]'); if (row) { location.hash = '#/trace/' + row.dataset.trace; } });
    every(4000, async () => {
      let traces = [];
      try { traces = await api('/api/telemetry/traces?' + qs({ resource: params.resource, minDurationMs: params.minDurationMs, maxDurationMs: params.maxDurationMs, attribute: params.attribute, text: params.text })); } catch (e) { return; }
      tbody.innerHTML = traces.length === 0 ? `<tr><td colspan="6" class="empty">${t('traces.none')}</td></tr>` : traces.map((tr) => `<tr class="clickable" data-trace="${esc(tr.traceId)}">
        <td class="mono" style="white-space:nowrap">${esc(fmtTime(tr.startTime))}</td><td><strong>${esc(tr.rootResource)}</strong>: ${esc(tr.rootName)} <span class="muted mono">${esc(tr.traceId.slice(0, 8))}</span></td>
        <td>${tr.resources.map((r) => `<span class="chip" style="background:${colorOf(r)}">${esc(r)}</span>`).join('')}</td>
        <td class="right">${tr.spanCount}</td><td class="right">${fmtMs(tr.durationMs)}</td><td>${tr.errorCount > 0 ? `<span class="badge err">${tr.errorCount}</span>` : ''}</td></tr>`).join('');
    });
  }

  async function pageTrace(traceId) {
    $main.innerHTML = `<p><a href="#/traces">${t('trace.back')}</a></p><div id="trace">${t('loading')}</div>`;
    let trace;
    try { trace = await api('/api/telemetry/traces/' + encodeURIComponent(traceId)); } catch (e) { document.getElementById('trace').innerHTML = `<div class="empty">${t('trace.notFound')}</div>`; return; }
    const s = trace.summary, spans = trace.spans;
    const t0 = Math.min(...spans.map((x) => Date.parse(x.startTime))), total = Math.max(1, s.durationMs);
    const byId = Object.fromEntries(spans.map((x) => [x.spanId, x]));
    const children = {}; spans.forEach((x) => { const p = x.parentSpanId && byId[x.parentSpanId] ? x.parentSpanId : ''; (children[p] = children[p] || []).push(x); });
    const ordered = []; const walk = (p, depth) => (children[p] || []).sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime)).forEach((x) => { ordered.push({ span: x, depth }); walk(x.spanId, depth + 1); });
    walk('', 0);
    const rows = ordered.map(({ span, depth }) => {
      const left = (Date.parse(span.startTime) - t0) / total * 100, width = Math.max(0.3, span.durationMs / total * 100);
      return `<div class="row" data-span="${esc(span.spanId)}"><div class="name" style="padding-left:${6 + depth * 14}px" title="${esc(span.name)}">
        <span class="chip" style="background:${colorOf(span.resource)}">${esc(span.resource)}</span> ${esc(span.name)}</div>
        <div class="bar-cell"><div class="bar ${span.status === 'Error' ? 'error' : ''}" style="left:${left.toFixed(2)}%;width:${width.toFixed(2)}%;background:${colorOf(span.resource)}"></div>
        <span class="dur" style="left:${Math.min(92, left + width + 0.5).toFixed(2)}%">${fmtMs(span.durationMs)}</span></div></div>`;
    }).join('');
    document.getElementById('trace').innerHTML = `<h1>${t('trace.title')}: ${esc(s.rootResource)}: ${esc(s.rootName)}</h1>
      <p class="muted"><span class="mono" id="trace-id">${esc(s.traceId)}</span> · ${esc(fmtTime(s.startTime))} · ${fmtMs(s.durationMs)} · ${s.spanCount} ${t('traces.spans')} ·
      ${s.resources.map((r) => `<span class="chip" style="background:${colorOf(r)}">${esc(r)}</span>`).join('')}</p>
      <div class="panel waterfall" id="waterfall">${rows}</div><div class="panel details" id="span-details" hidden></div>
      <h2>${t('trace.logs')}</h2><div class="panel" style="padding:0"><table id="trace-logs"><tbody>${trace.logs.length === 0 ? `<tr><td class="empty">${t('logs.none')}</td></tr>` : trace.logs.map((l) => `<tr>
        <td class="mono" style="white-space:nowrap">${esc(fmtTime(l.timestamp))}</td><td><span class="chip" style="background:${colorOf(l.resource)}">${esc(l.resource)}</span></td><td>${levelBadge(l.level)}</td><td>${esc(l.message)}</td></tr>`).join('')}</tbody></table></div>`;
    document.getElementById('waterfall').addEventListener('click', (ev) => {
      const row = ev.target.closest('.row'); if (!row) { return; }
      document.querySelectorAll('.waterfall .row.selected').forEach((r) => r.classList.remove('selected')); row.classList.add('selected');
      const span = byId[row.dataset.span]; const box = document.getElementById('span-details'); box.hidden = false;
      box.innerHTML = `<h2>${t('trace.span')}: ${esc(span.name)}</h2><div class="kv">
        <div>resource</div><div>${esc(span.resource)}</div><div>${t('trace.kind')}</div><div>${esc(span.kind)}</div><div>${t('trace.status')}</div><div>${esc(span.status)}${span.statusMessage ? ' – ' + esc(span.statusMessage) : ''}</div>
        <div>spanId</div><div>${esc(span.spanId)}</div><div>parentSpanId</div><div>${esc(span.parentSpanId)}</div><div>scope</div><div>${esc(span.scope)}</div>
        <div>start</div><div>${esc(fmtTime(span.startTime))}</div><div>duration</div><div>${fmtMs(span.durationMs)}</div>
        ${span.attributes.map((a) => `<div>${esc(a.key)}</div><div>${esc(a.value)}</div>`).join('')}</div>
        ${span.events.length ? `<h2>${t('trace.events')}</h2>` + span.events.map((e) => `<div><strong>${esc(e.name)}</strong> <span class="muted">${esc(fmtTime(e.time))}</span><div class="kv">${e.attributes.map((a) => `<div>${esc(a.key)}</div><div>${esc(a.value)}</div>`).join('')}</div></div>`).join('') : ''}`;
    });
  }

  // ---- Metrics ----
  async function pageMetrics(params) {
    const names = (await loadTelemetryResources()).filter((r) => r.metricPoints > 0).map((r) => r.name);
    const resource = params.resource || names[0] || '';
    $main.innerHTML = `<h1>${t('metrics.title')}</h1><div class="panel toolbar"><label>${t('logs.resource')}<select id="metric-resource">${names.map((n) => `<option ${n === resource ? 'selected' : ''}>${esc(n)}</option>`).join('')}</select></label></div>
      ${names.length === 0 ? `<div class="empty">${t('metrics.none')}</div>` : `<div class="grid2"><div class="panel list" id="instruments"><strong>${t('metrics.instruments')}</strong></div>
      <div><h2>${t('metrics.key')}</h2><div class="charts" id="key-charts"></div><div id="instrument-chart"></div></div></div>`}`;
    if (names.length === 0) { return; }
    document.getElementById('metric-resource').addEventListener('change', (ev) => { location.hash = '#/metrics?' + qs({ resource: ev.target.value }); });
    const instruments = await api('/api/telemetry/metrics?' + qs({ resource }));
    let current = params.instrument || '';
    const meters = {}; instruments.forEach((i) => (meters[i.meter] = meters[i.meter] || []).push(i));
    const list = document.getElementById('instruments');
    list.innerHTML += Object.entries(meters).map(([m, is]) => `<div class="meter">${esc(m || '(no meter)')}</div>` + is.map((i) => `<a href="#" data-name="${esc(i.name)}" data-meter="${esc(i.meter)}" class="${i.name === current ? 'active' : ''}">${esc(i.name)} <span class="muted">${esc(i.kind)}${i.unit ? ' · ' + esc(i.unit) : ''}</span></a>`).join('')).join('');
    list.addEventListener('click', (ev) => { const a = ev.target.closest('a[data-name]'); if (!a) { return; } ev.preventDefault(); current = a.dataset.name; list.querySelectorAll('a').forEach((x) => x.classList.toggle('active', x === a)); drawInstrument(); });
    const series = (name, meter) => api('/api/telemetry/metrics/series?' + qs({ resource, meter: meter || '', name, step: 5 }));
    const xy = (pts, key) => pts.map((p) => ({ x: Date.parse(p.time), y: p[key] }));
    const has = (n) => instruments.some((i) => i.name === n);
    async function drawKey() {
      const out = [];
      const http = ['http.server.request.duration', 'http.client.request.duration'].find(has);
      if (http) {
        const s = await series(http);
        out.push(`<div class="panel chart" data-chart="request-rate"><h3>${t('metrics.requestRate')} · ${esc(http)}</h3>${lineChart([{ name: 'req/s', color: '#1f77b4', points: xy(s.points, 'rate') }])}</div>`);
        out.push(`<div class="panel chart" data-chart="error-rate"><h3>${t('metrics.errorRate')}</h3>${lineChart([{ name: 'errors/s', color: '#d62728', points: xy(s.points, 'errorRate') }])}</div>`);
        const scale = s.unit === 's' ? 1000 : 1;
        const ms = (key) => s.points.map((p) => ({ x: Date.parse(p.time), y: p[key] == null ? null : p[key] * scale }));
        out.push(`<div class="panel chart" data-chart="latency"><h3>${t('metrics.latency')} (ms)</h3>${lineChart([{ name: 'p50', color: '#2ca02c', points: ms('p50') }, { name: 'p90', color: '#ff7f0e', points: ms('p90') }, { name: 'p99', color: '#d62728', points: ms('p99') }])}</div>`);
      }
      if (has('seomin.messaging.outbox.backlog')) {
        const s = await series('seomin.messaging.outbox.backlog');
        out.push(`<div class="panel chart" data-chart="outbox-backlog"><h3>${t('metrics.backlog')}</h3>${lineChart([{ name: 'backlog', color: '#9467bd', points: xy(s.points, 'value') }])}</div>`);
      }
      document.getElementById('key-charts').innerHTML = out.join('') || `<div class="muted">–</div>`;
    }
    async function drawInstrument() {
      if (!current) { return; }
      const s = await series(current);
      const box = document.getElementById('instrument-chart');
      let chart;
      if (s.kind === 'histogram') {
        chart = lineChart([{ name: 'p50', color: '#2ca02c', points: xy(s.points, 'p50') }, { name: 'p90', color: '#ff7f0e', points: xy(s.points, 'p90') }, { name: 'p99', color: '#d62728', points: xy(s.points, 'p99') }])
          + lineChart([{ name: t('metrics.rate'), color: '#1f77b4', points: xy(s.points, 'rate') }]);
      } else {
        const key = s.points.some((p) => p.rate != null) ? 'rate' : 'value';
        chart = lineChart([{ name: key === 'rate' ? t('metrics.rate') : t('metrics.value'), color: '#1f77b4', points: xy(s.points, key) }]);
      }
      box.innerHTML = `<div class="panel chart" data-chart="instrument"><h3>${esc(s.meter)} · ${esc(s.name)} ${s.unit ? '(' + esc(s.unit) + ')' : ''}</h3>${chart}</div>`;
    }
    every(5000, () => { drawKey(); drawInstrument(); });
  }

  // ---- Messaging ----
  const depthHistory = {};
  async function pageMessaging(params) {
    $main.innerHTML = `<h1>${t('msg.title')}</h1><div id="msg-status" class="muted"></div><div class="panel" style="padding:0"><table id="queues-table"><thead><tr>
      <th>${t('msg.vhost')}</th><th>${t('msg.queue')}</th><th class="right">${t('msg.messages')}</th><th class="right">${t('msg.ready')}</th><th class="right">${t('msg.unacked')}</th>
      <th class="right">${t('msg.consumers')}</th><th class="right">${t('msg.publish')}</th><th class="right">${t('msg.deliver')}</th><th class="right">${t('msg.ack')}</th><th>${t('msg.depth')}</th><th></th></tr></thead><tbody></tbody></table></div>
      <div id="error-queue"></div><h2>${t('msg.audit')}</h2><div class="panel" style="padding:0"><table id="audit-table"><thead><tr><th>${t('logs.time')}</th><th>${t('msg.actor')}</th><th>${t('msg.action')}</th><th>${t('msg.queue')}</th><th>messageId</th><th class="right">${t('msg.count')}</th><th>${t('msg.outcome')}</th></tr></thead><tbody></tbody></table></div>`;
    const tbody = $main.querySelector('#queues-table tbody');
    let open = params.queue ? { vhost: params.vhost || '/', queue: params.queue } : null;
    $main.addEventListener('click', async (ev) => {
      const view = ev.target.closest('button[data-view]');
      if (view) { open = { vhost: view.dataset.vhost, queue: view.dataset.view }; history.replaceState(null, '', '#/messaging?' + qs(open)); drawErrorQueue(); return; }
      const act = ev.target.closest('button[data-act]');
      if (!act || !open) { return; }
      const kind = act.dataset.act, id = act.dataset.id;
      const question = kind === 'purge' ? t('msg.confirmPurge') : id ? t('msg.confirmReplay') : t('msg.confirmReplayAll');
      if (!confirm(question)) { return; }
      act.disabled = true;
      const base = `/api/messaging/error-queues/${encodeURIComponent(open.queue)}/${kind === 'purge' ? 'purge' : 'replay'}?` + qs({ vhost: open.vhost, messageId: id });
      try { const r = await post(base); document.getElementById('msg-status').textContent = `${t('msg.done')}: ${r.action} ${r.queue} (${r.messageCount})`; }
      catch (e) { document.getElementById('msg-status').textContent = `${t('failed')}: ${e.message}`; }
      act.disabled = false; drawErrorQueue(); refresh();
    });
    async function drawErrorQueue() {
      const box = document.getElementById('error-queue');
      if (!open) { box.innerHTML = ''; return; }
      box.innerHTML = `<div class="panel">${t('loading')}</div>`;
      let messages;
      try { messages = await api(`/api/messaging/error-queues/${encodeURIComponent(open.queue)}/messages?` + qs({ vhost: open.vhost, max: 50 })); }
      catch (e) { box.innerHTML = `<div class="panel error">${esc(e.message)}</div>`; return; }
      box.innerHTML = `<div class="panel" id="error-messages" data-queue="${esc(open.queue)}"><h2>${t('msg.errorQueue')}: ${esc(open.queue)} <span class="muted">(${esc(open.vhost)})</span></h2>
        <div class="toolbar"><button data-act="replay" class="primary" ${messages.length ? '' : 'disabled'}>${t('msg.replayAll')}</button><button data-act="purge" class="danger" ${messages.length ? '' : 'disabled'}>${t('msg.purge')}</button><button id="eq-refresh">${t('refresh')}</button></div>
        ${messages.length === 0 ? `<div class="empty">${t('msg.noMessages')}</div>` : messages.map((m) => `<div class="panel error-message" data-message-id="${esc(m.messageId)}">
          <div class="toolbar"><strong class="mono">${esc(m.messageId)}</strong><span class="muted">${esc(m.messageType)}</span><span class="muted">${esc(m.faultTimestamp)}</span>
          <button data-act="replay" data-id="${esc(m.messageId)}">${t('msg.replay')}</button></div>
          <div><strong>${t('msg.exception')}:</strong> <span class="error">${esc(m.exceptionType)}</span> ${esc(m.exceptionMessage)}</div>
          <details><summary>${t('msg.headers')}</summary><div class="kv">${Object.entries(m.headers).map(([k, v]) => `<div>${esc(k)}</div><div>${esc(v)}</div>`).join('')}</div></details>
          <details><summary>${t('msg.stack')}</summary><pre>${esc(m.stackTrace)}</pre></details>
          <details open><summary>${t('msg.body')}</summary><pre>${esc(m.body)}</pre></details></div>`).join('')}</div>`;
      const r = document.getElementById('eq-refresh'); if (r) { r.addEventListener('click', drawErrorQueue); }
    }
    async function refresh() {
      let list;
      try { list = await api('/api/messaging/queues'); } catch (e) { document.getElementById('msg-status').textContent = e.message; return; }
      if (!list.available) { tbody.innerHTML = `<tr><td colspan="11" class="empty error">${t('msg.unavailable')}: ${esc(list.error)}</td></tr>`; return; }
      tbody.innerHTML = list.queues.map((q) => {
        const key = q.virtualHost + '|' + q.name; const h = (depthHistory[key] = depthHistory[key] || []); h.push(q.messages); if (h.length > 60) { h.shift(); }
        return `<tr data-queue="${esc(q.name)}" ${q.isErrorQueue && q.messages > 0 ? 'style="background:#fff5f5"' : ''}><td>${esc(q.virtualHost)}</td><td>${q.isErrorQueue ? `<span class="badge err">${t('msg.errorQueue')}</span> ` : ''}${esc(q.name)}</td>
          <td class="right" data-testid="depth">${q.messages}</td><td class="right">${q.ready}</td><td class="right">${q.unacknowledged}</td><td class="right">${q.consumers}</td>
          <td class="right">${fmtNum(q.publishRate)}</td><td class="right">${fmtNum(q.deliverRate)}</td><td class="right">${fmtNum(q.ackRate)}</td><td>${spark(h)}</td>
          <td>${q.isErrorQueue ? `<button data-view="${esc(q.name)}" data-vhost="${esc(q.virtualHost)}">${t('msg.view')}</button>` : ''}</td></tr>`;
      }).join('') || `<tr><td colspan="11" class="empty">–</td></tr>`;
      try {
        const audit = await api('/api/messaging/audit');
        $main.querySelector('#audit-table tbody').innerHTML = audit.map((a) => `<tr><td class="mono">${esc(fmtTime(a.occurredAt))}</td><td>${esc(a.actor)}</td><td>${esc(a.action)}</td><td>${esc(a.virtualHost)} ${esc(a.queue)}</td><td class="mono">${esc(a.messageId)}</td><td class="right">${a.messageCount}</td><td>${esc(a.outcome)}</td></tr>`).join('');
      } catch (e) { /* keep */ }
    }
    every(5000, refresh);
    drawErrorQueue();
  }

  // ---- router ----
  function applyStatic() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    document.getElementById('lang').textContent = t('lang.switch');
    document.title = 'Seomin ' + t('brand');
  }
  async function route() {
    stopTimers();
    const { page, arg, params } = parseHash();
    document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.dataset.page === (page === 'trace' ? 'traces' : page)));
    // A fresh element per page drops the previous page's listeners.
    const fresh = $main.cloneNode(false); $main.replaceWith(fresh); $main = fresh;
    try {
      switch (page) {
        case 'console': await pageConsole(params); break;
        case 'logs': await pageLogs(params); break;
        case 'traces': await pageTraces(params); break;
        case 'trace': await pageTrace(arg); break;
        case 'metrics': await pageMetrics(params); break;
        case 'messaging': await pageMessaging(params); break;
        default: await pageResources(); break;
      }
    } catch (e) { $main.innerHTML = `<div class="empty error">${esc(e.message)}</div>`; }
  }
  document.getElementById('lang').addEventListener('click', () => { lang = lang === 'ko' ? 'en' : 'ko'; localStorage.setItem('seomin.lang', lang); applyStatic(); route(); });
  window.addEventListener('hashchange', route);
  applyStatic();
  route();
})();
""";
}
