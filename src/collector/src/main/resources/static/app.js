// The live page: meetings with quality badges, per-participant QoS charts fed by the SSE feed,
// and the account's API budget. Plain browser JavaScript, no build step; charts are uPlot.
//
// Every text that comes from the service (topics, participant names, devices) reaches the DOM
// through textContent or setAttribute only, never through innerHTML, so it cannot become markup.
'use strict';

(function () {
  const METRICS = [
    {key: 'latency', title: 'Latency (ms)', field: 'latencyMs', threshold: 'latencyMs', combine: 'max'},
    {key: 'jitter', title: 'Jitter (ms)', field: 'jitterMs', threshold: 'jitterMs', combine: 'max'},
    {key: 'loss', title: 'Packet loss, average (%)', field: 'avgLossPct', threshold: 'lossPct', combine: 'max'},
    {key: 'bitrate', title: 'Bitrate (kbps)', field: 'bitrateKbps', threshold: null, combine: 'sum'},
  ];
  // Zoom's stream names per medium: what the participant sent, and what it received.
  const MEDIA = [
    {key: 'audio', label: 'audio', color: '#2563eb', streams: ['audio_input', 'audio_output']},
    {key: 'video', label: 'video', color: '#16a34a', streams: ['video_input', 'video_output']},
    {key: 'share', label: 'share', color: '#d97706', streams: ['as_input', 'as_output']},
  ];
  const ENDED_SHOWN = 15;
  const LIST_REFRESH_MS = 10000;
  const SUMMARY_REFRESH_MS = 30000;

  // Read by the browser test (and handy in the console): how much the page has plotted.
  const stats = {points: 0, liveSamples: 0, historySamples: 0, charts: 0, budgetEvents: 0, errors: 0};
  window.qosPage = stats;

  const state = {
    thresholds: {latencyMs: 150, jitterMs: 40, lossPct: 2, poorMinuteFraction: 0.2},
    meetings: new Map(),   // uuid -> meeting as listed
    summaries: new Map(),  // uuid -> {summary, at}
    live: [],
    ended: [],
    detail: null,
    budgetSeen: new Map(), // accountId -> {spent, at} for the observed spend rate
    pageSource: null,      // the page-wide EventSource
    leaving: false,        // the sign-out form was sent: no more requests
  };

  // ---------------------------------------------------------------- small helpers

  /** An element with a class and text; text goes through textContent, so it is never parsed as HTML. */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function api(path) {
    // Signing out: the session is gone before the browser has left, and every request would be a 401.
    if (state.leaving) return new Promise(() => {});
    return fetch(path, {headers: {Accept: 'application/json'}}).then((r) => {
      if (!r.ok) throw new Error(path + ' answered ' + r.status);
      return r.json();
    });
  }

  /** Meeting UUIDs hold '/', '+' and '='; the API wants them URL-encoded exactly once. */
  function enc(uuid) {
    return encodeURIComponent(uuid);
  }

  function fmt(n, digits) {
    if (n === null || n === undefined || !isFinite(n)) return '-';
    return Number(n).toLocaleString(undefined, {maximumFractionDigits: digits === undefined ? 1 : digits});
  }

  function timeOf(iso) {
    return iso ? new Date(iso).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'}) : '';
  }

  function warn(what, err) {
    stats.errors++;
    // warn, not error: a failed refresh is retried and is not a defect of the page
    console.warn(what, err && err.message ? err.message : err);
  }

  // ---------------------------------------------------------------- quality

  /** Poor as the store counts it: any stream strictly above a threshold. */
  function isPoorMinute(streams) {
    const t = state.thresholds;
    for (const name in streams) {
      const m = streams[name];
      if (!m) continue;
      if ((m.latencyMs != null && m.latencyMs > t.latencyMs) || (m.jitterMs != null && m.jitterMs > t.jitterMs)
          || (m.avgLossPct != null && m.avgLossPct > t.lossPct)) return true;
    }
    return false;
  }

  /** A badge element for a meeting or participant summary. */
  function qualityBadge(badge, summary, participantLevel) {
    badge.className = 'badge';
    if (!summary || !summary.minutesWithData) {
      badge.textContent = 'no data yet';
      badge.title = 'no QoS minutes stored yet';
      return;
    }
    const share = summary.poorMinutes / summary.minutesWithData;
    const pct = Math.round(share * 100) + '% poor min';
    if (participantLevel) {
      badge.classList.add(summary.poor ? 'poor' : share > 0 ? 'fair' : 'good');
      badge.textContent = summary.poor ? 'poor · ' + pct : share > 0 ? pct : 'good';
    } else {
      const level = summary.poorParticipants > 0 ? 'poor' : summary.poorMinutes > 0 ? 'fair' : 'good';
      badge.classList.add(level);
      badge.textContent = summary.poorParticipants + '/' + summary.participants + ' poor · ' + pct;
    }
    badge.title = summary.poorMinutes + ' of ' + summary.minutesWithData + ' participant-minutes poor';
  }

  // ---------------------------------------------------------------- meetings list

  function loadMeetings() {
    return Promise.all([
      api('/api/v1/meetings?state=live&limit=200'),
      api('/api/v1/meetings?state=ended&limit=' + ENDED_SHOWN),
    ]).then(([live, ended]) => {
      state.live = live;
      state.ended = ended;
      for (const m of live.concat(ended)) state.meetings.set(m.uuid, m);
      renderMeetings();
      refreshSummaries(false);
      if (state.detail && state.meetings.has(state.detail.uuid)) renderDetailHead();
    }).catch((e) => warn('meetings', e));
  }

  let reloadTimer = null;
  function scheduleMeetingsReload() {
    if (reloadTimer) return;
    reloadTimer = setTimeout(() => { reloadTimer = null; loadMeetings(); }, 500);
  }

  /** Summaries of the listed meetings; only missing or stale ones unless forced. Four at a time. */
  function refreshSummaries(force) {
    const now = Date.now();
    const queue = state.live.concat(state.ended).map((m) => m.uuid).filter((uuid) => {
      const s = state.summaries.get(uuid);
      return force || !s || now - s.at > SUMMARY_REFRESH_MS;
    });
    const worker = () => {
      const uuid = queue.shift();
      if (!uuid) return Promise.resolve();
      return api('/api/v1/meetings/' + enc(uuid) + '/summary')
          .then((s) => setSummary(uuid, s))
          .catch(() => state.summaries.set(uuid, {summary: null, at: Date.now()}))
          .then(worker);
    };
    return Promise.all([worker(), worker(), worker(), worker()]);
  }

  function setSummary(uuid, summary) {
    state.summaries.set(uuid, {summary: summary, at: Date.now()});
    const badge = document.querySelector('.meeting-list li[data-uuid="' + CSS.escape(uuid) + '"] .badge');
    if (badge) qualityBadge(badge, summary, false);
    if (state.detail && state.detail.uuid === uuid) renderDetailHead();
  }

  function renderMeetings() {
    fillList(document.getElementById('live-meetings'), state.live, 'No live meetings right now.');
    fillList(document.getElementById('ended-meetings'), state.ended, 'None yet.');
    document.getElementById('live-count').textContent = '(' + state.live.length + ')';
  }

  /** Participants, time, and the live freshness (fresh / stretched / sweep-only) the planner last saw. */
  function metaText(m) {
    const when = String(m.state).toLowerCase() === 'live'
        ? 'since ' + timeOf(m.startTime) : timeOf(m.startTime) + '–' + timeOf(m.endTime);
    const live = m.liveState ? ' · ' + m.liveState + (m.attention && m.attention !== 'other' ? ' (' + m.attention + ')' : '') : '';
    return m.participantCount + ' participant' + (m.participantCount === 1 ? '' : 's') + ' · ' + when + live;
  }

  /**
   * A live meeting's freshness changed: updated in place, so the list is not rebuilt for it
   * (other meeting events, started / ended / swept, re-read the list).
   */
  function onMeetingEvent(e) {
    let ev = null;
    try { ev = JSON.parse(e.data); } catch (x) { ev = null; }
    const d = ev && ev.data;
    if (d && d.liveState && ev.meetingUuid && state.meetings.has(ev.meetingUuid)) {
      const m = state.meetings.get(ev.meetingUuid);
      m.liveState = d.liveState;
      m.liveReason = d.reason;
      m.attention = d.attention;
      const meta = document.querySelector('.meeting-list li[data-uuid="' + CSS.escape(ev.meetingUuid) + '"] .meta');
      if (meta) {
        meta.textContent = metaText(m);
        meta.title = m.liveReason || '';
      }
      return;
    }
    scheduleMeetingsReload();
  }

  function fillList(ul, meetings, emptyText) {
    const items = [];
    for (const m of meetings) {
      const li = el('li');
      li.dataset.uuid = m.uuid;
      li.tabIndex = 0;
      if (state.detail && state.detail.uuid === m.uuid) li.classList.add('selected');
      const topic = el('span', 'topic', m.topic || 'Meeting ' + m.meetingId);
      topic.title = topic.textContent;
      const badge = el('span', 'badge');
      const s = state.summaries.get(m.uuid);
      qualityBadge(badge, s && s.summary, false);
      const meta = el('span', 'meta', metaText(m));
      if (m.liveReason) meta.title = m.liveReason;
      li.append(topic, meta, badge);
      li.addEventListener('click', () => openMeeting(m.uuid));
      li.addEventListener('keydown', (e) => { if (e.key === 'Enter') openMeeting(m.uuid); });
      items.push(li);
    }
    if (!items.length) items.push(el('li', 'empty', emptyText));
    ul.replaceChildren(...items);
  }

  // ---------------------------------------------------------------- budget gauge

  function renderBudget(list) {
    const body = document.querySelector('#budget .budget-body');
    const rows = [];
    for (const b of list) {
      const now = Date.now();
      const seen = state.budgetSeen.get(b.accountId);
      let used = seen && seen.used;
      if (seen && now - seen.at >= 2000) {
        used = Math.max(0, (b.spentToday - seen.spent) / ((now - seen.at) / 1000));
      }
      if (!seen || now - seen.at >= 2000) state.budgetSeen.set(b.accountId, {spent: b.spentToday, at: now, used: used});

      const cap = b.effectivePerSecond || b.perSecondCap;
      const paused = b.pausedUntil && new Date(b.pausedUntil).getTime() > now;
      if (list.length > 1) rows.push(el('span', 'muted', b.accountId), el('span'), el('span'));

      rows.push(el('span', 'muted', 'rate'));
      rows.push(bar(paused ? 1 : b.currentRatePerSecond / cap, paused ? 'paused' : b.currentRatePerSecond < cap ? 'hot' : ''));
      rows.push(el('span', null, paused ? 'paused until ' + new Date(b.pausedUntil).toLocaleTimeString()
          : fmt(b.currentRatePerSecond) + '/s allowed of ' + fmt(cap) + (used !== undefined ? ' · using ' + fmt(used) + '/s' : '')));

      rows.push(el('span', 'muted', 'today'));
      rows.push(bar(b.spentToday / b.dailyQuota, b.remainingToday < b.dailyQuota * 0.1 ? 'hot' : ''));
      rows.push(el('span', null, fmt(b.spentToday, 0) + ' spent · ' + fmt(b.remainingToday, 0) + ' left'
          + (b.waiting ? ' · ' + b.waiting + ' waiting' : '')));
    }
    body.classList.remove('muted');
    body.replaceChildren(...rows);
    body.dataset.accounts = String(list.length);
  }

  function bar(fraction, extra) {
    const outer = el('span', 'bar' + (extra ? ' ' + extra : ''));
    const inner = el('span');
    inner.style.width = Math.max(0, Math.min(100, fraction * 100)).toFixed(1) + '%';
    outer.append(inner);
    return outer;
  }

  const budgets = new Map(); // accountId -> latest status (REST or SSE)
  function applyBudget(status) {
    budgets.set(status.accountId, status);
    renderBudget([...budgets.values()]);
  }

  /** Today's coverage: meetings collected fully / partially / not at all, and calls by kind. */
  function loadCoverage() {
    return api('/api/v1/coverage').then((c) => {
      const body = document.querySelector('#coverage .coverage-body');
      if (!body || !c) return;
      const calls = Object.entries(c.callsByKind || {}).map(([k, v]) => k + ' ' + v).join(', ');
      body.textContent = c.fullyCollected + ' full · ' + c.partiallyCollected + ' partial · ' + c.notCollected
          + ' none · ' + c.open + ' open';
      body.title = (calls ? 'calls today: ' + calls + '. ' : '')
          + Object.entries(c.reasons || {}).map(([r, n]) => r + ': ' + n).join('; ');
      body.classList.remove('muted');
    }).catch((e) => warn('coverage', e));
  }

  function loadBudget() {
    return api('/api/v1/budget').then((list) => list.forEach(applyBudget)).catch((e) => warn('budget', e));
  }

  // ---------------------------------------------------------------- live feed

  /**
   * The page-wide stream: meeting state changes, meeting summaries and budget only. Events with a
   * participant are filtered out by asking for a participant no event has (events without a
   * participant always pass that filter), so the page does not receive every sample of every meeting.
   */
  function openPageStream() {
    const source = new EventSource('/api/v1/qos/stream?participant=' + enc('-page-'));
    const pill = document.getElementById('feed-state');
    source.onopen = () => { pill.textContent = 'live'; pill.className = 'pill ok'; };
    source.onerror = () => { pill.textContent = 'reconnecting'; pill.className = 'pill warn'; };
    source.addEventListener('meeting', onMeetingEvent);
    source.addEventListener('summary', (e) => {
      const ev = JSON.parse(e.data);
      if (!ev.participantKey && ev.meetingUuid) setSummary(ev.meetingUuid, ev.data);
    });
    source.addEventListener('budget', onBudgetEvent);
    return source;
  }

  function onBudgetEvent(e) {
    stats.budgetEvents++;
    applyBudget(JSON.parse(e.data).data);
  }

  // ---------------------------------------------------------------- meeting detail

  function openMeeting(uuid) {
    closeMeeting();
    const d = {uuid: uuid, participants: new Map(), source: null, dirty: new Set(), frame: 0, summary: null, closed: false};
    state.detail = d;
    history.replaceState(null, '', '#m=' + enc(uuid));
    document.querySelectorAll('.meeting-list li').forEach((li) => li.classList.toggle('selected', li.dataset.uuid === uuid));
    document.getElementById('detail-empty').hidden = true;
    document.getElementById('detail-meeting').hidden = false;
    document.getElementById('participants').replaceChildren();
    renderDetailHead();

    // The stream opens first and the history loads after: both land in the same per-minute maps,
    // the later revision (higher sequence) wins, so nothing falls in the gap between the two.
    d.source = new EventSource('/api/v1/qos/stream?meeting=' + enc(uuid));
    d.source.addEventListener('sample', (e) => {
      const ev = JSON.parse(e.data);
      stats.liveSamples++;
      addSample(d, ev.participantKey, ev.data.minute, ev.data.streams, ev.seq);
    });
    d.source.addEventListener('summary', (e) => {
      const ev = JSON.parse(e.data);
      if (ev.participantKey) {
        participant(d, ev.participantKey).summary = ev.data;
        renderParticipantHead(d, participant(d, ev.participantKey));
      } else {
        setSummary(uuid, ev.data);
      }
    });
    d.source.addEventListener('alert', (e) => onAlert(d, JSON.parse(e.data)));
    d.source.addEventListener('meeting', () => scheduleMeetingsReload());
    d.source.addEventListener('budget', onBudgetEvent);

    api('/api/v1/meetings/' + enc(uuid) + '/participants').then((r) => {
      if (d.closed) return;
      for (const p of r.participants) {
        const pp = participant(d, p.participantKey);
        pp.info = p;
        pp.summary = p.summary || pp.summary;
        renderParticipantHead(d, pp);
      }
    }).catch((e) => warn('participants', e));
    api('/api/v1/meetings/' + enc(uuid) + '/summary').then((s) => { if (!d.closed) setSummary(uuid, s); })
        .catch((e) => warn('summary', e));
    loadHistory(d, null);
  }

  function loadHistory(d, after) {
    const path = '/api/v1/meetings/' + enc(d.uuid) + '/qos?limit=1000' + (after ? '&after=' + enc(after) : '');
    return api(path).then((page) => {
      if (d.closed) return;
      for (const s of page.items) {
        stats.historySamples++;
        addSample(d, s.participantKey, s.minute, s.streams, s.id);
      }
      if (page.next) return loadHistory(d, page.next);
    }).catch((e) => warn('history', e));
  }

  function closeMeeting() {
    const d = state.detail;
    if (!d) return;
    d.closed = true;
    if (d.source) d.source.close();
    if (d.frame) cancelAnimationFrame(d.frame);
    for (const p of d.participants.values()) p.charts.forEach((c) => c.destroy());
    state.detail = null;
  }

  function renderDetailHead() {
    const d = state.detail;
    if (!d) return;
    const m = state.meetings.get(d.uuid);
    document.getElementById('detail-title').textContent = m ? (m.topic || 'Meeting ' + m.meetingId) : d.uuid;
    const pill = document.getElementById('detail-state');
    const live = m && String(m.state).toLowerCase() === 'live';
    pill.textContent = m ? (live ? 'live · ' + m.participantCount + ' in meeting' : 'ended ' + timeOf(m.endTime)) : '';
    pill.className = 'pill' + (live ? ' live' : '');
    const s = state.summaries.get(d.uuid);
    qualityBadge(document.getElementById('detail-quality'), s && s.summary, false);
  }

  /** The per-participant state and card, created on first sight (a sample may come before the participant list). */
  function participant(d, key) {
    let p = d.participants.get(key);
    if (p) return p;
    p = {key: key, info: null, summary: null, minutes: new Map(), charts: [], card: null, alerts: 0};
    d.participants.set(key, p);
    const card = el('article', 'participant');
    card.dataset.participant = key;
    const head = el('div', 'participant-head');
    head.append(el('span', 'name', key), el('span', 'badge'), el('span', 'meta'));
    const charts = el('div', 'charts');
    card.append(head, charts);
    document.getElementById('participants').append(card);
    p.card = card;
    for (const metric of METRICS) {
      const box = el('div', 'chart');
      box.dataset.metric = metric.key;
      box.append(el('div', 'chart-title', metric.title));
      charts.append(box);
      p.charts.push(makeChart(box, metric, p));
    }
    renderParticipantHead(d, p);
    return p;
  }

  function renderParticipantHead(d, p) {
    const head = p.card.querySelector('.participant-head');
    const [name, badge, meta] = head.children;
    const info = p.info || {};
    // Without scope qos.read.pii there is no name, and the key is a long pseudonym (x:...): a short
    // tag of it tells participants apart, the whole key stays in the tooltip.
    name.textContent = info.userName || (p.key.startsWith('x:') ? 'participant ' + p.key.substring(2, 8) : p.key);
    name.title = p.key;
    const parts = [info.device, info.networkType, info.location].filter(Boolean);
    if (info.leaveTime) parts.push('left ' + timeOf(info.leaveTime));
    if (p.alerts) parts.push(p.alerts + ' alert' + (p.alerts === 1 ? '' : 's'));
    meta.textContent = parts.join(' · ');
    qualityBadge(badge, p.summary, true);
  }

  function onAlert(d, ev) {
    if (!ev.participantKey) return;
    const p = participant(d, ev.participantKey);
    p.alerts++;
    renderParticipantHead(d, p);
    const badge = p.card.querySelector('.participant-head .badge');
    badge.classList.add('flash');
    const a = ev.data || {};
    badge.title = 'alert: ' + a.metric + (a.stream ? ' (' + a.stream + ')' : '') + ' ' + fmt(a.value) + ' > ' + fmt(a.threshold);
    setTimeout(() => badge.classList.remove('flash'), 4000);
  }

  function addSample(d, key, minute, streams, seq) {
    const p = participant(d, key);
    const t = Math.floor(new Date(minute).getTime() / 1000);
    const known = p.minutes.get(t);
    if (known && known.seq >= seq) return;
    p.minutes.set(t, {seq: seq, streams: streams || {}});
    d.dirty.add(p);
    if (!d.frame) d.frame = requestAnimationFrame(() => redraw(d));
  }

  /** Charts are redrawn at most once per frame, however many samples a poll delivered. */
  function redraw(d) {
    d.frame = 0;
    if (d.closed) return;
    for (const p of d.dirty) {
      const data = seriesOf(p);
      p.poor = data.poor;
      p.charts.forEach((chart, i) => chart.setData(data.byMetric[i]));
    }
    d.dirty.clear();
    let points = 0;
    for (const p of d.participants.values()) points += p.minutes.size;
    stats.points = points;
    const label = document.getElementById('detail-points');
    label.textContent = points + ' participant-minutes plotted';
    label.dataset.points = String(points);
  }

  function seriesOf(p) {
    const xs = [...p.minutes.keys()].sort((a, b) => a - b);
    const poor = xs.map((x) => isPoorMinute(p.minutes.get(x).streams));
    const byMetric = METRICS.map((metric) => {
      const cols = [xs];
      for (const medium of MEDIA) {
        cols.push(xs.map((x) => combine(p.minutes.get(x).streams, medium.streams, metric)));
      }
      return cols;
    });
    return {poor: poor, byMetric: byMetric};
  }

  function combine(streams, names, metric) {
    let out = null;
    for (const name of names) {
      const m = streams[name];
      const v = m ? m[metric.field] : null;
      if (v === null || v === undefined) continue;
      out = out === null ? v : metric.combine === 'sum' ? out + v : Math.max(out, v);
    }
    return out;
  }

  // ---------------------------------------------------------------- charts

  function makeChart(box, metric, p) {
    const threshold = metric.threshold ? () => state.thresholds[metric.threshold] : null;
    const opts = {
      width: chartWidth(box),
      height: 130,
      legend: {show: false},
      cursor: {drag: {x: false, y: false}},
      scales: {x: {time: true}, y: {range: (u, min, max) => [0, Math.max(max || 0, threshold ? threshold() * 0.5 : 1) * 1.1]}},
      axes: [{size: 28, space: 60}, {size: 44, values: (u, vals) => vals.map(shortNumber)}],
      series: [{}].concat(MEDIA.map((m) => ({label: m.label, stroke: m.color, width: 1.5, spanGaps: false, points: {size: 3}}))),
      hooks: {drawClear: [(u) => shadePoorMinutes(u, p)], draw: threshold ? [(u) => thresholdLine(u, threshold())] : []},
    };
    stats.charts++;
    return new uPlot(opts, [[], [], [], []], box);
  }

  /** Axis labels that fit: 1500 -> 1.5k. */
  function shortNumber(v) {
    if (v === null || v === undefined) return '';
    return Math.abs(v) >= 1000 ? fmt(v / 1000, 1) + 'k' : fmt(v, 2);
  }

  function chartWidth(box) {
    return Math.max(220, Math.floor(box.clientWidth || 260));
  }

  /** Poor minutes as translucent red bands behind the lines, one minute wide. */
  function shadePoorMinutes(u, p) {
    const xs = u.data[0];
    if (!p.poor || !xs.length) return;
    const ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = 'rgba(198, 40, 40, 0.14)';
    for (let i = 0; i < xs.length; i++) {
      if (!p.poor[i]) continue;
      const left = u.valToPos(xs[i], 'x', true);
      const right = u.valToPos(xs[i] + 60, 'x', true);
      const x0 = Math.max(u.bbox.left, left);
      const x1 = Math.min(u.bbox.left + u.bbox.width, Math.max(right, left + 2));
      if (x1 > x0) ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
    }
    ctx.restore();
  }

  function thresholdLine(u, value) {
    const y = u.valToPos(value, 'y', true);
    if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = 'rgba(198, 40, 40, 0.6)';
    ctx.setLineDash([4, 4]);
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
    ctx.restore();
  }

  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (!state.detail) return;
      for (const p of state.detail.participants.values()) {
        p.charts.forEach((c) => c.setSize({width: chartWidth(c.root.parentNode), height: 130}));
      }
    }, 200);
  });

  // ---------------------------------------------------------------- sign-out

  /** Signed in through the OIDC issuer: the CSRF cookie exists, and the sign-out form posts its token. */
  function offerSignOut() {
    const cookie = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
    if (!cookie) return;
    const form = document.getElementById('sign-out');
    form.elements._csrf.value = decodeURIComponent(cookie.substring('XSRF-TOKEN='.length));
    form.hidden = false;
    form.addEventListener('submit', () => {
      state.leaving = true;
      if (state.pageSource) state.pageSource.close();
      if (state.detail && state.detail.source) state.detail.source.close();
    });
  }

  // ---------------------------------------------------------------- start

  function start() {
    offerSignOut();
    api('/api/v1/quality-thresholds').then((t) => {
      state.thresholds = t;
      document.getElementById('threshold-note').textContent = 'A minute is poor when a stream is above '
          + fmt(t.latencyMs) + ' ms latency, ' + fmt(t.jitterMs) + ' ms jitter or ' + fmt(t.lossPct)
          + '% average loss; a participant is poor above ' + Math.round(t.poorMinuteFraction * 100) + '% poor minutes.';
    }).catch((e) => warn('thresholds', e));
    // The budget is for qos.admin: without it the gauge is not drawn and never asked for.
    api('/api/v1/me').then((me) => {
      if (me.scopes.includes('qos.admin')) {
        loadBudget();
        setInterval(loadBudget, LIST_REFRESH_MS);
      } else {
        document.getElementById('budget').hidden = true;
      }
    }).catch((e) => warn('me', e));
    loadMeetings().then(() => {
      const m = /^#m=(.+)$/.exec(location.hash);
      if (m) openMeeting(decodeURIComponent(m[1]));
    });
    state.pageSource = openPageStream();
    // Participant counts change with every join and leave, which the feed does not carry: re-read
    // the list now and then. The budget is re-read too, in case its events are not flowing.
    setInterval(loadMeetings, LIST_REFRESH_MS);
    loadCoverage();
    setInterval(loadCoverage, LIST_REFRESH_MS);
  }

  start();
})();
