'use strict';
// Quarry dashboard: pool overview (public) and a holder view signed in the browser.
// Signing follows docs/api/client.md; the secret stays in this tab (sessionStorage) and is only
// used as the WebCrypto HMAC key.
(function () {
  const enc = new TextEncoder();
  const $ = (id) => document.getElementById(id);
  const charts = {};
  window.quarryCharts = charts; // inspected by the end-to-end test

  function rfc3986(s) {
    return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  }
  function hex(buf) {
    return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
  }
  function canonicalQuery(params) {
    const pairs = Object.entries(params || {})
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => [rfc3986(k), rfc3986(String(v))]);
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    return pairs.map((p) => p[0] + '=' + p[1]).join('&');
  }

  let session = null; // {keyId, hmacKey}

  async function startSession(keyId, secret) {
    if (!window.crypto || !crypto.subtle) throw new Error('WebCrypto is unavailable: open the dashboard over https or from localhost');
    const hmacKey = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    session = { keyId, hmacKey };
  }

  async function api(method, path, params, body) {
    const headers = {};
    const query = canonicalQuery(params);
    if (session) {
      const bodyBytes = enc.encode(body || '');
      const ts = Math.floor(Date.now() / 1000);
      const nonce = hex(crypto.getRandomValues(new Uint8Array(16)));
      const bodyHash = hex(await crypto.subtle.digest('SHA-256', bodyBytes));
      const canonical = [method, path, query, String(ts), nonce, bodyHash].join('\n');
      const sig = hex(await crypto.subtle.sign('HMAC', session.hmacKey, enc.encode(canonical)));
      headers['X-Quarry-Key'] = session.keyId;
      headers['X-Quarry-Timestamp'] = String(ts);
      headers['X-Quarry-Nonce'] = nonce;
      headers['X-Quarry-Signature'] = sig;
    }
    if (body) headers['Content-Type'] = 'application/json';
    const res = await fetch(path + (query ? '?' + query : ''), { method, headers, body: body || undefined, cache: 'no-store' });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!res.ok) {
      const why = json ? (json.reason || json.message || json.error) : res.status;
      const err = new Error(why === 'timestamp_out_of_window' ? 'your clock differs from the server by more than 30 s' : String(why));
      err.status = res.status;
      throw err;
    }
    return json;
  }

  // ---- formatting ----
  function fmtHash(h) {
    if (!isFinite(h) || h <= 0) return '0 H/s';
    const u = ['H/s', 'kH/s', 'MH/s', 'GH/s', 'TH/s', 'PH/s', 'EH/s'];
    let i = 0;
    while (h >= 1000 && i < u.length - 1) { h /= 1000; i++; }
    return h.toFixed(h < 10 ? 2 : h < 100 ? 1 : 0) + ' ' + u[i];
  }
  function fmtTime(ms) { return ms ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) : '–'; }
  function fmtDate(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function fmtSats(s) { return Number(s).toLocaleString('en-US') + ' sat'; }
  function fmtNum(n) { return Number(n).toLocaleString('en-US', { maximumFractionDigits: 4 }); }
  function short(h) { return h && h.length > 16 ? h.slice(0, 8) + '…' + h.slice(-8) : (h || ''); }
  function setRows(tableId, rows) {
    const tbody = $(tableId).querySelector('tbody');
    tbody.replaceChildren(...rows.map((cells) => {
      const tr = document.createElement('tr');
      if (cells.attrs) Object.entries(cells.attrs).forEach(([k, v]) => tr.setAttribute(k, v));
      (cells.cells || cells).forEach((c) => {
        const td = document.createElement('td');
        if (c && typeof c === 'object') { td.textContent = c.text; if (c.cls) td.className = c.cls; if (c.title) td.title = c.title; }
        else td.textContent = c;
        tr.appendChild(td);
      });
      return tr;
    }));
  }

  // ---- pool ----
  async function loadPool() {
    try {
      const s = await api('GET', '/api/v1/pool/status');
      $('pool-hashrate').textContent = fmtHash(s.hashrate);
      $('pool-miners').textContent = s.miners + ' (' + s.workers + ' workers)';
      $('pool-netdiff').textContent = fmtNum(s.networkDifficulty);
      $('pool-height').textContent = s.height;
      const b = await api('GET', '/api/v1/pool/blocks', { limit: 10 });
      setRows('blocks', b.blocks.map((x) => [x.height, fmtTime(x.timeMs), x.status, x.worker || '', { text: short(x.hash), cls: 'hash', title: x.hash }]));
    } catch (e) {
      $('pool-hashrate').textContent = 'unavailable';
    }
  }

  // ---- holder ----
  function chartWidth(el) { return Math.max(260, el.clientWidth - 16); }

  function drawHashrate(contractId, series) {
    const host = document.querySelector('.chart[data-contract="' + CSS.escape(contractId) + '"] .plot');
    const xs = series.points.map((p) => p.t / 1000);
    const ys = series.points.map((p) => p.hashrate);
    const opts = {
      width: chartWidth(host.parentElement), height: 200,
      scales: { x: { time: true } },
      series: [{}, { label: 'hashrate', stroke: '#b4560f', fill: 'rgba(180,86,15,.12)', value: (u, v) => (v == null ? '–' : fmtHash(v)) }],
      axes: [{}, { values: (u, vals) => vals.map(fmtHash), size: 80 }],
    };
    if (charts[contractId]) charts[contractId].destroy();
    charts[contractId] = new uPlot(opts, [xs, ys], host);
  }

  function drawEarnings(days, count) {
    const host = $('earnings-chart');
    host.replaceChildren();
    if (days.length === 0) { host.textContent = 'No earnings yet.'; return; }
    // One bar per UTC day of the window, zero where nothing was credited.
    const byDay = new Map(days.map((d) => [d.day, d.creditedSats]));
    const today = Math.floor(Date.now() / 86400000) * 86400;
    const xs = [];
    const ys = [];
    for (let i = count - 1; i >= 0; i--) {
      const t = today - i * 86400;
      xs.push(t);
      ys.push(byDay.get(new Date(t * 1000).toISOString().slice(0, 10)) || 0);
    }
    const bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.6, 60] }) : undefined;
    charts['__earnings'] = new uPlot({
      width: chartWidth(host), height: 180, scales: { x: { time: true } },
      series: [{}, { label: 'credited (sat)', stroke: '#2f6f3e', fill: 'rgba(47,111,62,.35)', paths: bars, points: { show: !bars } }],
      axes: [{}, { size: 80 }],
    }, [xs, ys], host);
  }

  async function loadHolder() {
    const me = await api('GET', '/api/v1/me');
    $('who').textContent = me.holderId;
    const [contracts, balance, address, workers, shares, payouts, earnings] = await Promise.all([
      api('GET', '/api/v1/contracts'),
      api('GET', '/api/v1/balance'),
      api('GET', '/api/v1/payout-address'),
      api('GET', '/api/v1/workers'),
      api('GET', '/api/v1/shares', { limit: 50 }),
      api('GET', '/api/v1/payouts', { limit: 20 }),
      api('GET', '/api/v1/earnings/daily', { days: 30 }),
    ]);
    $('balance').textContent = fmtSats(balance.balanceSats);
    $('payout-address').textContent = address.address || 'not set';
    setRows('contracts', contracts.contracts.map((c) => ({
      attrs: { 'data-contract': c.id },
      cells: [c.id, c.status, fmtHash(c.hashrateBought), fmtHash(c.hashrateDelivered1h), fmtHash(c.hashrateDelivered24h),
        fmtDate(c.term.startMs) + ' → ' + fmtDate(c.term.endMs)],
    })));
    const chartsHost = $('charts');
    chartsHost.replaceChildren(...contracts.contracts.map((c) => {
      const div = document.createElement('div');
      div.className = 'chart';
      div.dataset.contract = c.id;
      const h = document.createElement('h4');
      h.textContent = 'Hashrate of ' + c.id + ' (1-minute buckets, last 3 h)';
      const plot = document.createElement('div');
      plot.className = 'plot';
      div.append(h, plot);
      return div;
    }));
    await Promise.all(contracts.contracts.map(async (c) => {
      const series = await api('GET', '/api/v1/contracts/' + encodeURIComponent(c.id) + '/hashrate', { bucket: '1m' });
      drawHashrate(c.id, series);
    }));
    setRows('workers', workers.workers.map((w) => [w.worker, fmtTime(w.lastShareMs), fmtNum(w.currentDifficulty), fmtHash(w.hashrate), w.shares,
      Object.entries(w.rejects).map(([k, v]) => k + ': ' + v).join(', ') || 'none']));
    setRows('shares', shares.shares.map((s) => ({
      attrs: { 'data-hash': s.hash },
      cells: [fmtTime(s.timeMs), s.worker, fmtNum(s.difficulty), fmtNum(s.networkDifficulty), s.creditSats == null ? 'pending' : s.creditSats,
        { text: short(s.hash), cls: 'hash', title: s.hash }],
    })));
    setRows('payouts', payouts.payouts.map((p) => [fmtTime(p.createdMs), fmtNum(p.amountSats), p.address, p.status, short(p.txid || '')]));
    drawEarnings(earnings.days, 30);
  }

  async function signIn(keyId, secret) {
    await startSession(keyId, secret);
    // Shown before loading so the charts can size themselves to the visible layout.
    $('holder').hidden = false;
    try {
      await loadHolder();
    } catch (e) {
      session = null;
      $('holder').hidden = true;
      throw e;
    }
    sessionStorage.setItem('quarry.keyId', keyId);
    sessionStorage.setItem('quarry.secret', secret);
    $('signin').hidden = true;
    $('signout-button').hidden = false;
    document.body.dataset.state = 'signed-in';
  }

  function signOut() {
    sessionStorage.removeItem('quarry.keyId');
    sessionStorage.removeItem('quarry.secret');
    session = null;
    document.body.dataset.state = 'signed-out';
    Object.keys(charts).forEach((k) => { charts[k].destroy(); delete charts[k]; });
    $('holder').hidden = true;
    $('signin').hidden = false;
    $('signout-button').hidden = true;
    $('who').textContent = '';
  }

  $('signin-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('signin-error').textContent = '';
    try {
      await signIn($('key-id').value.trim(), $('key-secret').value.trim());
      $('key-secret').value = '';
    } catch (e) {
      $('signin-error').textContent = 'Sign-in failed: ' + e.message;
    }
  });
  $('signout-button').addEventListener('click', signOut);
  window.addEventListener('resize', () => {
    Object.values(charts).forEach((u) => u.setSize({ width: chartWidth(u.root.parentElement), height: u.height }));
  });

  loadPool();
  setInterval(loadPool, 30000);
  setInterval(() => { if (session) loadHolder().catch(() => {}); }, 60000);
  const savedId = sessionStorage.getItem('quarry.keyId');
  const savedSecret = sessionStorage.getItem('quarry.secret');
  if (savedId && savedSecret) signIn(savedId, savedSecret).catch(() => signOut());
})();
