// The Affinity console: pages over the REST API (/api, described at /api/openapi.json), charts by uPlot.
'use strict';

const $ = (selector) => document.querySelector(selector);
const text = (value) => (value === null || value === undefined ? '' : String(value));
const number = (value) => (typeof value === 'number' ? value.toLocaleString() : text(value));
const percent = (value) => (Number.isFinite(value) ? (100 * value).toFixed(1) + '%' : '');

// --- the key and what it may do ------------------------------------------------------------
// The key lives in sessionStorage: this tab only, gone when it closes.
const session = { roles: [] };
let jobTimer = null; // the jobs page's poll while a job runs
const can = (role) => session.roles.includes('admin') || session.roles.includes(role);

/** JSON (or text) from the API with the tab's key; a failure is an Error with the API's own detail and status. */
async function api(path, options = {}) {
  const key = sessionStorage.getItem('affinity.key');
  const headers = Object.assign({}, options.headers || {}, key ? { Authorization: `Bearer ${key}` } : {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const error = new Error(body && body.detail ? body.detail : `${response.status} ${response.statusText}`);
    error.status = response.status;
    // Only when this tab's key was refused: a request still in flight from before a sign-out must not
    // sign the next key out.
    if (response.status === 401 && key && key === sessionStorage.getItem('affinity.key') && path !== '/api/whoami') {
      signOut('the key is no longer accepted: ' + error.message);
    }
    throw error;
  }
  return body;
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value; else if (name.startsWith('on')) node[name] = value; else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : text(child));
  return node;
}

const row = (cells) => el('tr', {}, ...cells.map((cell) => el('td', {}, cell instanceof Node ? cell : text(cell))));

function showError(target, error) {
  target.textContent = error.message;
  target.classList.add('error');
}

function showOk(target, message) {
  target.textContent = message;
  target.classList.remove('error');
}

async function signIn(key) {
  sessionStorage.setItem('affinity.key', key);
  try {
    const me = await api('/api/whoami');
    session.roles = me.roles;
    session.id = me.id;
  } catch (error) {
    sessionStorage.removeItem('affinity.key');
    showError($('#login-result'), error);
    return;
  }
  // Admin controls are hidden for other roles (the API refuses them anyway): by class and by not building them.
  document.body.classList.toggle('admin', can('admin'));
  document.body.classList.toggle('ingest', can('ingest'));
  $('#whoami').textContent = `${session.id || 'localhost'} (${session.roles.join(', ')})`;
  $('#login').hidden = true;
  $('#nav').hidden = false;
  $('#sign-out').hidden = false;
  await probePages();
  route();
}

function signOut(reason) {
  clearTimeout(jobTimer);
  sessionStorage.removeItem('affinity.key');
  session.roles = [];
  document.body.classList.remove('admin', 'ingest');
  for (const page of document.querySelectorAll('section.page')) page.hidden = page.id !== 'login';
  $('#login').hidden = false;
  $('#nav').hidden = true;
  $('#sign-out').hidden = true;
  $('#whoami').textContent = '';
  $('#key').value = '';
  if (reason) showError($('#login-result'), new Error(reason)); else $('#login-result').textContent = '';
}

$('#login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  signIn($('#key').value.trim());
});
$('#sign-out').addEventListener('click', () => signOut());

// --- pages, per capability -------------------------------------------------------------------
// A page whose capability is absent (its route answers 404: no such route, or 503: bundle stopped) is
// hidden, as the REST routes come and go with their bundles.
const available = new Set();

async function probePages() {
  available.clear();
  await Promise.all([...document.querySelectorAll('section.page[data-probe]')].map(async (page) => {
    try {
      await api(page.dataset.probe);
      available.add(page.id);
    } catch (error) {
      if (error.status !== 404 && error.status !== 503) available.add(page.id); // e.g. 403: shown, says why
    }
    const link = document.querySelector(`nav a[data-page="${page.id}"]`);
    if (link) link.hidden = !available.has(page.id);
  }));
}

const loaders = {};

function route() {
  if (!sessionStorage.getItem('affinity.key')) return;
  const [name, ...rest] = (location.hash.slice(1) || 'overview').split('/');
  const page = available.has(name) ? name : 'overview';
  for (const section of document.querySelectorAll('section.page')) section.hidden = section.id !== page;
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('current', link.dataset.page === page);
  if (loaders[page]) loaders[page](rest.map(decodeURIComponent));
}
window.addEventListener('hashchange', route);

// --- charts ------------------------------------------------------------------------------------
function chartWidth(target) {
  return Math.max(320, target.clientWidth || target.parentElement.clientWidth || 480);
}

/** A bar chart of named values (uPlot draws bars on an index axis labelled with the names). */
function barChart(target, labels, values, color) {
  target.replaceChildren();
  if (labels.length === 0) {
    target.append(el('p', { class: 'hint' }, 'nothing yet'));
    return;
  }
  const xs = labels.map((_, i) => i);
  new uPlot({
    width: chartWidth(target), height: 220, legend: { show: false },
    scales: { x: { time: false, range: [-0.6, labels.length - 0.4] }, y: { range: (_, min, max) => [0, Math.max(1, max) * 1.1] } },
    axes: [{ splits: () => xs, values: (_, splits) => splits.map((i) => labels[i] || ''), rotate: labels.length > 6 ? -40 : 0, size: labels.length > 6 ? 100 : 40 },
      { size: 60 }],
    series: [{}, { label: 'count', fill: color, stroke: color, paths: uPlot.paths.bars({ size: [0.7, 60] }), points: { show: false } }],
  }, [xs, values], target);
}

async function dailyChart() {
  const target = $('#chart-daily');
  try {
    const daily = await api('/api/store/daily?days=120');
    target.replaceChildren();
    $('#daily-range').textContent = daily.from ? `${daily.from} to ${daily.to} (UTC)` : '';
    if (daily.days.length === 0) {
      target.append(el('p', { class: 'hint' }, 'no events yet'));
      return;
    }
    const xs = daily.days.map((d) => Date.parse(d.date + 'T00:00:00Z') / 1000);
    const types = [...new Set(daily.days.flatMap((d) => Object.keys(d.byType)))].sort();
    const colors = ['#3367d6', '#e8710a', '#1e8e3e', '#d93025', '#9334e6', '#12b5cb', '#f9ab00'];
    new uPlot({
      width: chartWidth(target), height: 220, tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      series: [{}, ...types.map((type, i) => ({ label: type, stroke: colors[i % colors.length], width: 1.5 }))],
      axes: [{}, { size: 60 }],
    }, [xs, ...types.map((type) => daily.days.map((d) => d.byType[type] || 0))], target);
  } catch (error) {
    showError(target, error);
  }
}

/** Recommendations served per strategy, summed over arms, from the Prometheus text of /api/metrics. */
async function trafficChart() {
  const target = $('#chart-traffic');
  if (!can('metrics')) {
    target.replaceChildren(el('p', { class: 'hint' }, 'needs a key with role metrics or admin (GET /api/metrics)'));
    return;
  }
  try {
    const metrics = await api('/api/metrics');
    const served = {};
    for (const line of metrics.split('\n')) {
      const match = /^affinity_recommendations_served_total\{([^}]*)\}\s+([0-9.eE+]+)/.exec(line);
      if (!match) continue;
      const strategy = (/strategy="([^"]*)"/.exec(match[1]) || [])[1] || '?';
      served[strategy] = (served[strategy] || 0) + Number(match[2]);
    }
    const names = Object.keys(served).sort();
    barChart(target, names, names.map((n) => served[n]), '#1e8e3e');
  } catch (error) {
    showError(target, error);
  }
}

async function segmentChart() {
  const target = $('#chart-segments');
  try {
    const population = await api('/api/profiles');
    const entries = Object.entries(population.rfmSegments || {}).sort((a, b) => b[1] - a[1]);
    barChart(target, entries.map((e) => e[0]), entries.map((e) => e[1]), '#3367d6');
  } catch (error) {
    showError(target, error);
  }
}

// --- overview ------------------------------------------------------------------------------------
async function refreshHealth() {
  try {
    const key = sessionStorage.getItem('affinity.key');
    const response = await fetch('/api/health', { headers: key ? { Authorization: `Bearer ${key}` } : {} });
    const answer = await response.json();
    if (response.status === 503 && answer.readiness) {
      $('#health').textContent = answer.notReady ? `${answer.readiness} (not ready: ${answer.notReady.join(', ')})` : answer.readiness;
      $('#health').className = 'pill ' + answer.readiness;
    } else if (response.ok) {
      $('#health').textContent = answer.status;
      $('#health').className = 'pill ' + answer.status;
      if (answer.bundles) {
        $('#version').textContent = `version ${answer.version}, up ${Math.round(answer.uptimeSeconds)} s`;
        $('#bundles').replaceChildren(...answer.bundles.map((b) => row([b.symbolicName, b.version, b.state])));
      }
    } else {
      throw new Error(String(response.status));
    }
  } catch (error) {
    $('#health').textContent = 'DOWN';
    $('#health').className = 'pill FAILED';
  }
}

loaders.overview = async () => {
  refreshHealth();
  try {
    const counts = await api('/api/store');
    const cards = [['members', counts.members], ['items', counts.items], ['events', counts.events],
      ...Object.entries(counts.eventsByType || {})];
    $('#counts').replaceChildren(...cards.map(([label, value]) => el('div', { class: 'card' }, el('b', {}, number(value)), label)));
  } catch (error) {
    showError($('#counts'), error);
  }
  dailyChart();
  segmentChart();
  trafficChart();
  jobsChart();
};

async function jobsChart() {
  const target = $('#chart-jobs');
  try {
    const jobs = (await api('/api/jobs')).jobs;
    const states = {};
    for (const job of jobs) states[job.state] = (states[job.state] || 0) + 1;
    const names = Object.keys(states).sort();
    barChart(target, names, names.map((n) => states[n]), '#e8710a');
  } catch (error) {
    showError(target, error);
  }
}

// --- member ----------------------------------------------------------------------------------------
$('#member-form').addEventListener('submit', (event) => {
  event.preventDefault();
  location.hash = '#member/' + encodeURIComponent($('#member-id').value.trim());
});

/** What the profile leans on, strongest first: "Christmas star lights 26%, ...". */
function contributions(title, list) {
  if (!list || list.length === 0) return [];
  return [el('p', {}, el('b', {}, title + ': '), list.slice(0, 6).map((c) => `${text(c.label || c.key)} ${percent(c.share)}`).join(', '))];
}

loaders.member = async ([id]) => {
  $('#member-view').hidden = !id;
  if (!id) return;
  $('#member-id').value = id;
  const path = `/api/members/${encodeURIComponent(id)}`;
  $('#member-result').textContent = '';
  $('#profile').replaceChildren(el('p', { class: 'hint' }, 'loading…'));
  api(`${path}/profile`).then((body) => {
    const rfm = (body.profile && body.profile.rfm) || {};
    const explanation = body.explanation || {};
    $('#profile').replaceChildren(
      el('p', {}, el('b', {}, text(rfm.segment || 'no RFM segment yet')),
        ` — R${text(rfm.r)} F${text(rfm.f)} M${text(rfm.m)}: last bought ${text(rfm.recencyDays)} days before the reference date, ${text(rfm.frequency)} orders, ${number(rfm.monetary)} spent`),
      el('p', { id: 'explanation' }, text(explanation.summary)),
      ...contributions('Items', explanation.items), ...contributions('Categories', explanation.categories),
      ...contributions('Terms', explanation.terms),
      el('p', {}, 'Segments: ' + (body.segments || []).join(', ')));
  }).catch((error) => showError($('#profile'), error));
  api(`${path}/events`).then((body) => {
    const events = [...body.events].sort((a, b) => text(b.time).localeCompare(text(a.time))).slice(0, 20);
    $('#member-events tbody').replaceChildren(...events.map((e) => row([text(e.time).replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z'), e.type, e.item, e.quantity, e.price])));
  }).catch((error) => $('#member-events tbody').replaceChildren(row([error.message])));
  // Every strategy side by side: the same member, each explained by the strategy that served it.
  try {
    const strategies = await api('/api/strategies');
    const columns = [...strategies.strategies].sort().map((name) => {
      const list = el('ol', {}, el('li', { class: 'hint' }, 'loading…'));
      const column = el('div', { class: 'strategy-column', 'data-strategy': name },
        el('h4', {}, name + (name === strategies.default ? ' (default)' : '')), list);
      api(`${path}/recommendations?n=8&strategy=${encodeURIComponent(name)}`).then((body) => {
        // A strategy with too little to say is topped up down the fallback chain: say so, details on hover.
        const note = body.strategy !== name
          ? [el('p', { class: 'hint', title: (body.fallbacks || []).join('; ') }, `answered by ${body.strategy} (fallback)`)] : [];
        list.replaceChildren(...body.items.map((r) => el('li', {}, el('b', {}, text(r.title || r.item)),
          el('br'), el('span', { class: 'hint' }, text(r.explanation)))));
        list.before(...note);
      }).catch((error) => list.replaceChildren(el('li', { class: 'error' }, error.message)));
      return column;
    });
    $('#recommendations').replaceChildren(...columns);
  } catch (error) {
    showError($('#recommendations'), error);
  }
};

// A plain link cannot carry the key: the export is fetched, then saved from a blob.
$('#export').addEventListener('click', async () => {
  const id = $('#member-id').value.trim();
  try {
    const body = await api(`/api/members/${encodeURIComponent(id)}/export`);
    const link = el('a', { href: URL.createObjectURL(new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' })),
      download: `member-${id}.json` });
    link.click();
    showOk($('#member-result'), 'exported');
  } catch (error) {
    showError($('#member-result'), error);
  }
});

$('#erase').addEventListener('click', async () => {
  const id = $('#member-id').value.trim();
  if (!window.confirm(`Erase member ${id} and everything derived from them? This cannot be undone.`)) return;
  try {
    await api(`/api/members/${encodeURIComponent(id)}`, { method: 'DELETE' });
    showOk($('#member-result'), `member ${id} erased`);
  } catch (error) {
    showError($('#member-result'), error);
  }
});

// --- strategies ------------------------------------------------------------------------------------
/** Wilson score interval for k of n at 95%. */
function wilson(k, n) {
  if (n === 0) return [NaN, NaN];
  const z = 1.959964, p = k / n, d = 1 + z * z / n;
  const centre = (p + z * z / (2 * n)) / d, half = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d;
  return [centre - half, centre + half];
}

/** Newcombe's hybrid score interval for p1 - p2 from the two Wilson intervals (method 10). */
function newcombe(k1, n1, k2, n2) {
  const p1 = k1 / n1, p2 = k2 / n2, [l1, u1] = wilson(k1, n1), [l2, u2] = wilson(k2, n2);
  const d = p1 - p2;
  return [d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)];
}

const interval = ([low, high]) => (Number.isFinite(low) ? `${percent(low)} – ${percent(high)}` : '');

loaders.strategies = async () => {
  try {
    const strategies = await api('/api/strategies');
    const routing = strategies.routing || {};
    $('#current-strategy').textContent = strategies.default;
    $('#default-strategy').replaceChildren(...[...strategies.strategies].sort().map((name) =>
      new Option(name, name, false, name === strategies.default)));
    $('#routes tbody').replaceChildren(...(routing.routes || []).map((r) => row([r.when, r.strategy])));
    if (!routing.routes || routing.routes.length === 0) $('#routes tbody').replaceChildren(row(['no routes: every request uses the default', '']));
    $('#fallback').textContent = [...(routing.fallback || []), 'popularity'].filter((v, i, a) => a.indexOf(v) === i).join(' → ');
    showCfModel();
    const experiment = routing.experiment;
    $('#experiment').textContent = experiment
      ? `${experiment.name}: ${Object.entries(experiment.arms).map(([arm, share]) => `${arm} ${share}%`).join(', ')}; control ${experiment.control}; since ${text(experiment.started)}`
      : 'no experiment is running (PUT /api/strategies/experiment starts one)';
    $('#uplift tbody').replaceChildren();
    $('#uplift').hidden = !experiment;
    if (experiment) {
      const report = await api('/api/strategies/uplift');
      const control = report.arms.find((a) => a.arm === report.control) || report.arms[0];
      $('#uplift tbody').replaceChildren(...report.arms.map((a) => row([
        a.arm + (a.arm === report.control ? ' (control)' : ''), number(a.members), number(a.buyers),
        `${percent(a.conversion)} (${interval(wilson(a.buyers, a.members))})`,
        a.arm === control.arm || a.members === 0 || control.members === 0 ? ''
          : `${percent(a.conversion - control.conversion)} (${interval(newcombe(a.buyers, a.members, control.buyers, control.members))})`,
        a.revenuePerMember.toFixed(2), a.arm === control.arm ? '' : percent(a.uplift), number(a.served), number(a.attributedPurchases)])));
    }
  } catch (error) {
    showError($('#strategy-result'), error);
  }
};

const parameters = (p) => Object.entries(p || {}).map(([name, value]) => `${name} ${number(value)}`).join(', ');

/** The cf model in use and the model search that chose it (GET /api/training/cf); hidden without cf. */
async function showCfModel() {
  const panel = $('#cf-model');
  let model;
  try {
    model = await api('/api/training/cf');
  } catch (error) {
    panel.hidden = true;
    return;
  }
  panel.hidden = false;
  const details = model.details || {};
  $('#cf-summary').textContent = model.modelId
    ? `${model.modelId}: ${details.family} (${parameters(details.parameters)}), trained ${text(model.trainedAt)} on ${number(model.events)} events in ${number(details.seconds)} s`
      + (model.trainingJob ? `; training again as ${model.trainingJob}` : '')
    : 'no model yet' + (model.trainingJob ? `, training as ${model.trainingJob}` : '');
  const search = details.search;
  $('#cf-trials').hidden = !search || search.trials.length === 0;
  $('#cf-search').textContent = !model.modelId ? ''
    : !search ? 'model search off: the configured family and settings'
      : search.chosen
        ? `Chosen by validation NDCG@10 ${search.chosen.ndcg10.toFixed(4)} (trial ${search.chosen.trial})`
          + (search.runnerUp ? `; runner-up ${search.runnerUp.family} ${search.runnerUp.ndcg10.toFixed(4)} (trial ${search.runnerUp.trial})` : '')
          + `; ${search.stopped} in ${number(search.seconds)} s. ${search.validation}`
        : `no search trial: ${search.stopped}. ${search.validation}`;
  const chosen = search && search.chosen ? search.chosen.trial : 0;
  $('#cf-trials tbody').replaceChildren(...(search ? search.trials : []).map((t) => {
    const line = row([t.trial, t.family, parameters(t.parameters), t.ndcg10.toFixed(4), number(t.seconds)]);
    if (t.trial === chosen) line.classList.add('chosen');
    return line;
  }));
}

$('#use-strategy').addEventListener('click', async () => {
  const strategy = $('#default-strategy').value;
  try {
    await api('/api/strategies/default', { method: 'PUT', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ strategy }) });
    showOk($('#strategy-result'), `${strategy} is the default from the next request`);
    loaders.strategies();
  } catch (error) {
    showError($('#strategy-result'), error);
  }
});

// --- evaluation and hybrid's learned blend -------------------------------------------------------------
// hybrid's model, as every strategy's model is served (GET and POST on the training route)
const HYBRID = 'hybrid';
const ndcg = (value) => (Number.isFinite(value) ? value.toFixed(4) : '');
let evaluationTimer = null;

async function showBlend() {
  try {
    const model = await api(`/api/training/${HYBRID}`);
    const details = model.details || {};
    $('#blend-serving').textContent = `serving: ${text(details.serving)}` + (model.modelId ? ` (${model.modelId}, learned ${text(model.trainedAt)})` : '')
      + (model.trainingJob ? `; learning now as ${model.trainingJob}` : '') + (details.lastFailure ? `; last try failed: ${details.lastFailure}` : '');
    const groups = ['warm', 'cold'].filter((g) => details[g]);
    $('#blend-table tbody').replaceChildren(...groups.map((g) => {
      const b = details[g];
      const who = g === 'warm' ? `warm (${details.coldHistory}+ events)` : `cold (fewer than ${details.coldHistory} events, anonymous)`;
      const shares = Object.entries(b.shares || {}).map(([name, share]) => `${name} ${percent(share)}`).join(', ') || 'nothing';
      const best = b.bestAlone ? `${b.bestAlone} ${ndcg(b.aloneNdcg10[b.bestAlone])}` : '';
      return row([who, shares, `${b.mode}${b.mode === 'rrf' ? ' k ' + b.rrfK : ''}, MMR ${b.mmrLambda}`, ndcg(b.validationNdcg10), best,
        ndcg(b.configuredNdcg10), `${number(b.validationMembers)}${b.note ? ' (' + b.note + ')' : ''}`]);
    }));
    $('#blend-table').hidden = groups.length === 0;
    $('#blend-validation').textContent = details.validation ? `validation split: ${details.validation}` : '';
  } catch (error) {
    $('#blend-table').hidden = true;
    $('#blend-serving').textContent = error.status === 404 ? 'hybrid is not installed' : error.message;
  }
}

/** An evaluation report as one table per holdout: each metric as configured, then tuned where a strategy tunes itself. */
function showEvaluation(report) {
  const target = $('#evaluation-report');
  target.replaceChildren();
  const holdouts = [...new Set(report.rows.map((r) => r.holdout))];
  for (const holdout of holdouts) {
    const rows = report.rows.filter((r) => r.holdout === holdout);
    const strategies = [...new Set(rows.map((r) => r.strategy))];
    const both = (configured, tuned, format) => (tuned ? `${format(configured)} → ${format(tuned)}` : format(configured));
    const table = el('table', { class: 'evaluation', 'data-holdout': holdout },
      el('thead', {}, el('tr', {}, ...['strategy', 'members', 'NDCG@10', 'Recall@10', 'MAP@10', 'coverage', 'mean pop. rank', 'seconds']
        .map((h) => el('th', {}, h)))));
    const body = el('tbody');
    for (const strategy of strategies) {
      const c = rows.find((r) => r.strategy === strategy && !r.tuned);
      const t = rows.find((r) => r.strategy === strategy && r.tuned);
      if (!c && !t) continue;
      const base = c || t;
      const pick = (f) => [c ? f(c) : undefined, t ? f(t) : undefined];
      body.append(row([strategy + (t ? ' (configured → tuned)' : ''), number(base.members),
        both(...pick((r) => r.ndcg10), ndcg), both(...pick((r) => r.recall10), ndcg), both(...pick((r) => r.map10), ndcg),
        both(...pick((r) => r.coverage), percent), both(...pick((r) => r.popularityRank), (v) => (Number.isFinite(v) ? v.toFixed(0) : '')),
        both(...pick((r) => r.seconds), (v) => (Number.isFinite(v) ? v.toFixed(1) : ''))]));
    }
    table.append(body);
    target.append(el('h4', {}, `${holdout} holdout`), table);
  }
  if (report.notes && report.notes.length) target.append(el('ul', { class: 'hint' }, ...report.notes.map((n) => el('li', {}, n))));
}

async function followEvaluation(id) {
  clearTimeout(evaluationTimer);
  try {
    const job = await api(`/api/jobs/${encodeURIComponent(id)}`);
    if (live(job)) {
      showOk($('#evaluation-result'), `${job.id}: ${job.state} ${job.total > 0 ? number(job.done) + ' / ' + number(job.total) + ' ' + text(job.unit) : ''} ${text(job.message)}`);
      if (!$('#evaluation').hidden) evaluationTimer = setTimeout(() => followEvaluation(id), 1000);
    } else if (job.state === 'SUCCEEDED' && job.result) {
      showOk($('#evaluation-result'), `${job.id}: done ${text(job.finished)}`);
      showEvaluation(job.result);
    } else {
      showError($('#evaluation-result'), new Error(`${job.id}: ${job.state} ${text(job.error)}`));
    }
  } catch (error) {
    showError($('#evaluation-result'), error);
  }
}

loaders.evaluation = async () => {
  await showBlend();
  // The latest evaluation (running or done) shows again when the page is opened.
  try {
    const latest = (await api('/api/jobs')).jobs.find((job) => job.kind === 'evaluate');
    if (latest) await followEvaluation(latest.id);
  } catch (error) {
    showError($('#evaluation-result'), error);
  }
};

$('#learn-blend').addEventListener('click', async () => {
  try {
    const job = await api(`/api/training/${HYBRID}`, { method: 'POST' });
    showOk($('#blend-result'), `learning as ${job.id}; the previous blend serves meanwhile`);
    showBlend();
  } catch (error) {
    showError($('#blend-result'), error);
  }
});

$('#evaluation-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const request = { members: Number(form.members.value || 0), tuned: form.tuned.checked };
  if (form.split.value) request.split = form.split.value;
  try {
    const job = await api('/api/evaluations', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });
    $('#evaluation-report').replaceChildren();
    followEvaluation(job.id);
  } catch (error) {
    showError($('#evaluation-result'), error);
  }
});

// --- imports and jobs --------------------------------------------------------------------------------
const live = (job) => job.state === 'RUNNING' || job.state === 'QUEUED';
function jobRow(job) {
  const bar = el('progress');
  if (job.total > 0) { bar.max = job.total; bar.value = job.done; }
  const cells = [`${text(job.title)} (${job.id})`, job.state,
    el('span', {}, bar, ` ${number(job.done)}${job.total > 0 ? ' / ' + number(job.total) : ''} ${text(job.unit)}`),
    job.error || job.message];
  const tr = row(cells);
  if (can('admin')) {
    const cancel = el('button', { onclick: () => api(`/api/jobs/${encodeURIComponent(job.id)}`, { method: 'DELETE' }).then(loaders.jobs, alert) }, 'Cancel');
    cancel.disabled = !live(job);
    tr.append(el('td', {}, cancel));
  }
  return tr;
}

// A browser's EventSource cannot send the key, so the list is polled each second while a job runs.
loaders.jobs = async () => {
  clearTimeout(jobTimer);
  try {
    const jobs = (await api('/api/jobs')).jobs;
    $('#job-table tbody').replaceChildren(...jobs.map(jobRow));
    if (jobs.some(live) && !$('#jobs').hidden) jobTimer = setTimeout(loaders.jobs, 1000);
  } catch (error) {
    $('#job-table tbody').replaceChildren(row([error.message]));
  }
};

$('#import-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const file = form.file.files[0];
  const query = new URLSearchParams();
  if (form.preset.value) query.set('preset', form.preset.value);
  if (form.map.value) query.set('map', form.map.value);
  const type = /\.(nd)?jsonl?(\.gz)?$/i.test(file.name) ? 'application/x-ndjson' : 'text/csv';
  try {
    const job = await api(`/api/imports?${query}`, { method: 'POST', headers: { 'Content-Type': type }, body: file });
    showOk($('#import-result'), `started ${job.id}`);
    loaders.jobs();
  } catch (error) {
    showError($('#import-result'), error);
  }
});

// --- search and segments -----------------------------------------------------------------------------
$('#search-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const body = await api(`/api/search?n=10&q=${encodeURIComponent(event.target.q.value)}`);
    $('#search-results tbody').replaceChildren(...body.hits.map((hit) =>
      row([hit.itemId, hit.title, hit.price === undefined ? '' : `${hit.price} ${text(hit.currency)}`, Number(hit.score).toFixed(3)])));
  } catch (error) {
    $('#search-results tbody').replaceChildren(row([error.message]));
  }
});

loaders.segments = async () => {
  try {
    const segments = (await api('/api/segments')).segments;
    $('#segment-table tbody').replaceChildren(...segments.map((s) => row([s.name || s.id, s.kind, number(s.size)])));
  } catch (error) {
    $('#segment-table tbody').replaceChildren(row([error.message]));
  }
};

// --- chat tester and handoff queue ----------------------------------------------------------------------
let chatSession = null;

$('#chat-open').addEventListener('submit', async (event) => {
  event.preventDefault();
  const member = event.target.member.value.trim();
  try {
    const opened = await api('/api/chat/sessions', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(member ? { member } : {}) });
    chatSession = opened.id;
    showOk($('#chat-session'), `conversation ${opened.id}${opened.memberId ? ' as ' + opened.memberId : ''}`);
    $('#chat-log').replaceChildren();
    for (const control of $('#chat-form').elements) control.disabled = false;
  } catch (error) {
    showError($('#chat-session'), error);
  }
});

$('#chat-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = event.target.text;
  const said = input.value;
  input.value = '';
  $('#chat-log').append(el('p', { class: 'said' }, said));
  try {
    const reply = await api(`/api/chat/sessions/${encodeURIComponent(chatSession)}/messages`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: said }) });
    const meta = `${text(reply.intent)} ${Number.isFinite(reply.confidence) ? reply.confidence.toFixed(2) : ''}${reply.abstained ? ', abstained' : ''}${reply.handoff ? ', handed off' : ''}`;
    $('#chat-log').append(el('p', { class: 'answer' }, text(reply.text), el('br'), el('span', { class: 'hint' }, meta),
      ...(reply.sources || []).map((s) => el('span', { class: 'hint' }, ` [${text(s.title || s.id)}]`))));
    if (reply.handoff) loaders.chat();
  } catch (error) {
    $('#chat-log').append(el('p', { class: 'error' }, error.message));
  }
});

loaders.chat = async () => {
  try {
    const handoffs = (await api('/api/chat/handoffs')).handoffs;
    $('#handoffs tbody').replaceChildren(...handoffs.map((h) => row([h.sessionId, h.memberId, h.queued, h.reason])));
    if (handoffs.length === 0) $('#handoffs tbody').replaceChildren(row(['no one is waiting']));
  } catch (error) {
    $('#handoffs tbody').replaceChildren(row([error.message]));
  }
};

// --- campaigns and their reports ---------------------------------------------------------------------------
async function showReport(id) {
  try {
    const report = await api(`/api/campaigns/${encodeURIComponent(id)}/report`);
    $('#campaign-report').replaceChildren(
      el('h3', {}, `Report: ${id} (${report.complete ? 'final, at the horizon' : 'interim'})`),
      el('p', {}, text(report.verdict)),
      el('table', {}, el('thead', {}, row(['group', 'members', 'conversions', 'rate (95% Wilson)', 'revenue / member'])),
        el('tbody', {}, ...report.groups.map((g) => row([g.group, number(g.members), number(g.conversions),
          `${percent(g.conversionRate)} (${g.conversionInterval ? interval([g.conversionInterval.lower, g.conversionInterval.upper]) : ''})`,
          Number(g.revenuePerMember).toFixed(2)])))),
      el('table', {}, el('thead', {}, row(['group', 'against', 'uplift (95% Newcombe)', 'p', 'significant'])),
        el('tbody', {}, ...report.comparisons.map((c) => row([c.group, c.against,
          `${percent(c.absoluteUplift)} (${c.absoluteInterval ? interval([c.absoluteInterval.lower, c.absoluteInterval.upper]) : ''})`,
          Number(c.pValue).toFixed(3), c.significant ? 'yes' : 'no'])))),
      ...(report.notes || []).map((n) => el('p', { class: 'hint' }, n)));
  } catch (error) {
    showError($('#campaign-report'), error);
  }
}

loaders.campaigns = async () => {
  try {
    const campaigns = (await api('/api/campaigns')).campaigns;
    $('#campaign-table tbody').replaceChildren(...campaigns.map((c) => row([`${text(c.name)} (${c.id})`, c.channel, c.state,
      number((c.runs || []).length), el('button', { onclick: () => showReport(c.id) }, 'Report')])));
    if (campaigns.length === 0) $('#campaign-table tbody').replaceChildren(row(['no campaigns yet (POST /api/campaigns)']));
  } catch (error) {
    $('#campaign-table tbody').replaceChildren(row([error.message]));
  }
};

// --- start -------------------------------------------------------------------------------------------------
refreshHealth();
setInterval(refreshHealth, 10000);
if (sessionStorage.getItem('affinity.key')) signIn(sessionStorage.getItem('affinity.key')); else signOut();
