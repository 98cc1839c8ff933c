// The tuning page of scatterbatch serve: controls built from GET /api/params/definitions, one PUT /api/params per
// change, and charts of GET /api/live polled twice a second. No library: canvas drawing is enough for three charts.
'use strict';
(() => {
  const WINDOW_S = 300;         // virtual seconds the line charts keep
  const POLL_MS = 500;
  const VALUES_EVERY = 10;      // polls between reloads of the values (another client may change them)
  const TOKEN_KEY = 'scatterbatch-token';
  const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf', '#393b79'];
  const $ = id => document.getElementById(id);
  const samples = [];           // {t, scenarios: {name: {score, percent}}}
  let definitions = [];
  let live = null;
  let token = sessionStorage.getItem(TOKEN_KEY);
  let tokenRequired = false;
  let polls = 0;

  async function getJson(path) {
    const r = await fetch(path, {cache: 'no-store'});
    if (!r.ok) throw new Error(path + ' answered HTTP ' + r.status);
    return r.json();
  }

  /** One PUT of a partial profile; the server's error sentences when it refuses. */
  async function put(body) {
    const headers = {'Content-Type': 'application/json'};
    if (token) headers.Authorization = 'Bearer ' + token;
    const r = await fetch('/api/params', {method: 'PUT', headers, body: JSON.stringify(body)});
    let answer;
    try { answer = await r.json(); } catch (e) { answer = {errors: ['HTTP ' + r.status]}; }
    if (r.status === 401) forgetToken('the token was refused: enter it again');
    return {ok: r.ok, errors: answer.errors || [], changed: answer.changed || {}};
  }

  // ---- token -------------------------------------------------------------------------------------------------
  const writable = () => !tokenRequired || !!token;

  function forgetToken(why) {
    token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    $('token-error').textContent = why;
    showWritable();
  }

  function showWritable() {
    $('token-box').hidden = writable();
    document.querySelectorAll('#controls input:not(#token), #controls select, #reset')
      .forEach(e => { e.disabled = !writable(); });
  }

  $('token-use').addEventListener('click', () => {
    token = $('token').value.trim() || null;
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    $('token-error').textContent = '';
    showWritable();
  });

  // ---- controls ----------------------------------------------------------------------------------------------
  const splitDuration = text => {
    const m = /^(-?[0-9.]+(?:e[-+]?[0-9]+)?)\s*(ns|us|ms|s)$/i.exec(String(text));
    return m ? [m[1], m[2].toLowerCase()] : [String(text), 'ns'];
  };

  function element(tag, attributes, text) {
    const e = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function buildControls() {
    const body = $('params').tBodies[0];
    body.replaceChildren();
    for (const d of definitions) {
      const row = element('tr', {id: 'param-' + d.name});
      row.append(element('td', {class: 'name', title: d.meaning + '\nsource: ' + d.source}, d.name));
      const cell = element('td');
      if (d.kind === 'choice') {
        const select = element('select', {id: 'input-' + d.name});
        d.choices.forEach(c => select.append(element('option', {value: c}, c)));
        select.addEventListener('change', () => change(d));
        cell.append(select);
      } else {
        const input = element('input', {id: 'input-' + d.name, type: 'number', step: d.kind === 'count' ? '1' : 'any'});
        input.addEventListener('change', () => change(d));
        cell.append(input);
        if (d.kind === 'duration') {
          const unit = element('select', {id: 'unit-' + d.name, 'aria-label': d.name + ' unit'});
          ['ns', 'us', 'ms', 's'].forEach(u => unit.append(element('option', {value: u}, u)));
          unit.addEventListener('change', () => change(d));
          cell.append(unit);
        }
      }
      cell.append(element('span', {id: 'error-' + d.name, class: 'error', role: 'alert'}));
      row.append(cell);
      const range = d.kind === 'choice' ? 'default ' + d.default : d.min + ' to ' + d.max + ', default ' + d.default;
      row.append(element('td', {class: 'range'}, range));
      body.append(row);
    }
    showWritable();
  }

  function readControl(d) {
    const raw = $('input-' + d.name).value;
    if (d.kind === 'duration') return raw + $('unit-' + d.name).value;
    if (d.kind === 'choice') return raw;
    return raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }

  async function change(d) {
    const error = $('error-' + d.name);
    const result = await put({[d.name]: readControl(d)});
    error.textContent = result.ok ? '' : result.errors.join('\n');
    // the answer's values, not a GET: an accepted change applies at the model's next step, a moment later
    if (result.ok) showValues(result.changed, true);
  }

  async function refreshValues(includeEdited) {
    showValues(await getJson('/api/params'), includeEdited);
  }

  function showValues(values, includeEdited) {
    for (const d of definitions) {
      if (!(d.name in values)) continue;
      const input = $('input-' + d.name);
      // a refused value stays where the user typed it, next to its error, until it is corrected
      if (!includeEdited && (input === document.activeElement || $('error-' + d.name).textContent)) continue;
      if (d.kind === 'duration') {
        const [number, unit] = splitDuration(values[d.name]);
        input.value = number;
        $('unit-' + d.name).value = unit;
      } else {
        input.value = values[d.name];
      }
      $('param-' + d.name).classList.toggle('changed', String(values[d.name]) !== String(d.profile));
    }
  }

  $('reset').addEventListener('click', async () => {
    const profile = {};
    definitions.forEach(d => { profile[d.name] = d.profile; });
    const result = await put(profile);
    $('reset-error').textContent = result.ok ? '' : result.errors.join('\n');
    if (result.ok) {
      definitions.forEach(d => { const e = $('error-' + d.name); if (e) e.textContent = ''; });
      showValues(result.changed, true);
    }
  });

  // ---- charts ------------------------------------------------------------------------------------------------
  const scenarioNames = () => (live ? live.scenarios.map(s => s.scenario) : []);
  const colour = i => PALETTE[i % PALETTE.length];
  const formatNumber = v => v.toLocaleString('en-US', {maximumFractionDigits: 0});

  function niceCeiling(v) {
    if (!(v > 0)) return 1;
    const step = Math.pow(10, Math.floor(Math.log10(v)));
    return [1, 2, 2.5, 5, 10].map(f => f * step).find(c => c >= v);
  }

  function lineChart(canvas, valueOf, format) {
    const g = canvas.getContext('2d');
    const W = canvas.width, H = canvas.height, L = 70, R = 10, T = 10, B = 20;
    g.clearRect(0, 0, W, H);
    if (samples.length === 0) return;
    const t1 = samples[samples.length - 1].t, t0 = samples[0].t, span = Math.max(t1 - t0, 1);
    const names = scenarioNames();
    let max = 0;
    samples.forEach(s => names.forEach(n => { const v = valueOf(s, n); if (v != null) max = Math.max(max, v); }));
    max = niceCeiling(max * 1.05);
    const x = t => L + (t - t0) / span * (W - L - R), y = v => H - B - v / max * (H - B - T);
    g.font = '11px sans-serif';
    g.strokeStyle = '#e5e5e5';
    g.fillStyle = '#555';
    for (let i = 0; i <= 4; i++) {
      const v = max * i / 4;
      g.beginPath(); g.moveTo(L, y(v)); g.lineTo(W - R, y(v)); g.stroke();
      g.fillText(format(v), 4, y(v) + 4);
    }
    g.fillText(t0.toFixed(1) + ' s', L, H - 5);
    g.fillText(t1.toFixed(1) + ' s (virtual)', W - R - 90, H - 5);
    g.setLineDash([4, 3]);
    g.strokeStyle = '#888';
    (live.changes || []).filter(c => c.virtualSeconds >= t0).forEach(c => {
      g.beginPath(); g.moveTo(x(c.virtualSeconds), T); g.lineTo(x(c.virtualSeconds), H - B); g.stroke();
      g.fillText('#' + c.number, x(c.virtualSeconds) + 3, T + 10);
    });
    g.setLineDash([]);
    g.lineWidth = 2;
    names.forEach((n, i) => {
      g.strokeStyle = colour(i);
      g.beginPath();
      let drawing = false;
      samples.forEach(s => {
        const v = valueOf(s, n);
        if (v == null) { drawing = false; return; }
        if (drawing) g.lineTo(x(s.t), y(v)); else g.moveTo(x(s.t), y(v));
        drawing = true;
      });
      g.stroke();
    });
    g.lineWidth = 1;
  }

  function attributionChart(canvas) {
    const g = canvas.getContext('2d');
    const W = canvas.width, H = canvas.height, L = 90, R = 10;
    g.clearRect(0, 0, W, H);
    const rows = live.scenarios.filter(s => s.msPerIteration);
    if (rows.length === 0) return;
    const components = Object.keys(rows[0].msPerIteration);
    const total = s => components.reduce((a, c) => a + s.msPerIteration[c], 0);
    const max = niceCeiling(Math.max(...rows.map(total)));
    const barHeight = Math.min(28, (H - 40) / rows.length - 6);
    g.font = '11px sans-serif';
    rows.forEach((s, r) => {
      const top = 6 + r * (barHeight + 6);
      g.fillStyle = '#333';
      g.fillText(s.scenario, 4, top + barHeight / 2 + 4);
      let left = L;
      components.forEach((c, i) => {
        const w = s.msPerIteration[c] / max * (W - L - R);
        g.fillStyle = colour(i);
        g.fillRect(left, top, w, barHeight);
        left += w;
      });
      g.fillStyle = '#333';
      g.fillText(total(s).toFixed(2) + ' ms', Math.min(left + 4, W - 60), top + barHeight / 2 + 4);
    });
    let left = 4;
    const legendTop = H - 14;
    components.forEach((c, i) => {
      g.fillStyle = colour(i);
      g.fillRect(left, legendTop, 10, 10);
      g.fillStyle = '#333';
      g.fillText(c, left + 13, legendTop + 9);
      left += 18 + g.measureText(c).width;
    });
  }

  function showScores() {
    const box = $('scores');
    live.scenarios.forEach((s, i) => {
      let card = $('card-' + s.scenario);
      if (!card) {
        card = element('div', {id: 'card-' + s.scenario, class: 'score'});
        card.style.setProperty('--colour', colour(i)); // through the CSSOM: the policy forbids style attributes
        card.append(element('span', {}, s.scenario), element('b', {id: 'score-' + s.scenario}),
          element('span', {id: 'percent-' + s.scenario}));
        box.append(card);
      }
      $('score-' + s.scenario).textContent = s.score == null ? '...' : formatNumber(s.score);
      $('percent-' + s.scenario).textContent = s.percentOfBareMetal == null ? '' : s.percentOfBareMetal.toFixed(1) + '% of bare metal';
    });
    const list = $('changes');
    list.replaceChildren(...(live.changes || []).map(c =>
      element('li', {value: c.number}, 'at ' + c.virtualSeconds.toFixed(3) + ' s: ' + c.change)));
  }

  async function poll() {
    try {
      live = await getJson('/api/live');
      const sample = {t: live.virtualSeconds, scenarios: {}};
      live.scenarios.forEach(s => { sample.scenarios[s.scenario] = s; });
      if (samples.length && sample.t < samples[samples.length - 1].t) samples.length = 0; // serve restarted
      samples.push(sample);
      while (samples[0].t < sample.t - WINDOW_S) samples.shift();
      $('status').textContent = 'virtual time ' + live.virtualSeconds.toFixed(1) + ' s, profile ' + live.profile;
      showScores();
      const value = key => (s, n) => (s.scenarios[n] ? s.scenarios[n][key] : null);
      lineChart($('score-chart'), value('score'), formatNumber);
      lineChart($('percent-chart'), value('percentOfBareMetal'), v => v.toFixed(0) + ' %');
      attributionChart($('attribution-chart'));
    } catch (e) {
      $('status').textContent = 'serve does not answer (' + e.message + '); retrying';
    }
    if (++polls % VALUES_EVERY === 0) refreshValues(false).catch(() => { /* shown by the next poll */ });
    setTimeout(poll, POLL_MS);
  }

  async function start() {
    const defs = await getJson('/api/params/definitions');
    definitions = defs.parameters;
    tokenRequired = defs.tokenRequired;
    $('profile-name').textContent = defs.profile;
    $('window-minutes').textContent = WINDOW_S / 60;
    buildControls();
    await refreshValues(true);
    poll();
  }

  start().catch(e => { $('status').textContent = 'cannot load the parameters: ' + e.message; });
})();
