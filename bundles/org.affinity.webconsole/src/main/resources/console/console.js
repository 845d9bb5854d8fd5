// The Affinity console: a thin page over the REST API (/api, described at /api/openapi.json).
'use strict';

const $ = (selector) => document.querySelector(selector);
const text = (value) => (value === null || value === undefined ? '' : String(value));
const number = (value) => (typeof value === 'number' ? value.toLocaleString() : text(value));

/** The API key of this tab (sessionStorage: gone when the tab closes), asked for when the API wants one. */
function apiKey(ask) {
  let key = sessionStorage.getItem('affinity.key');
  if (!key && ask) {
    key = (window.prompt('API key (aff_...; the first admin key is printed by ./affinity key)') || '').trim();
    if (key) sessionStorage.setItem('affinity.key', key);
  }
  return key;
}

/** JSON from the API, sent with the tab's key; a failure becomes an Error carrying the API's own message. */
async function api(path, options = {}, retried = false) {
  const key = apiKey(false);
  const headers = Object.assign({}, options.headers || {}, key ? { Authorization: `Bearer ${key}` } : {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401 && !retried) {
    sessionStorage.removeItem('affinity.key');
    if (apiKey(true)) return api(path, options, true);
  }
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const message = body && (body.detail || body.error) ? (body.detail || body.error) : `${response.status} ${response.statusText}`;
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return body;
}

function row(cells) {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement('td');
    if (cell instanceof Node) td.appendChild(cell); else td.textContent = text(cell);
    tr.appendChild(td);
  }
  return tr;
}

function showError(target, error) {
  target.textContent = error.message;
  target.classList.add('error');
}

// --- overview -----------------------------------------------------------------------------
async function refreshOverview() {
  try {
    // Readiness answers 503 (problem details naming what is not ready) while starting or degraded.
    // public: anyone gets the status, the tab's key (role read) also the version and the bundles
    const key = apiKey(false);
    const response = await fetch('/api/health', { headers: key ? { Authorization: `Bearer ${key}` } : {} });
    const answer = await response.json();
    if (response.status === 503 && answer.readiness) {
      $('#health').textContent = answer.notReady ? `${answer.readiness} (not ready: ${answer.notReady.join(', ')})` : answer.readiness;
      $('#health').className = 'pill ' + answer.readiness;
    } else if (response.status !== 200) {
      throw new Error(`${response.status}`);
    } else {
      $('#health').textContent = answer.status;
      $('#health').className = 'pill ' + answer.status;
      if (answer.bundles) {
        $('#version').textContent = `version ${answer.version}, up ${Math.round(answer.uptimeSeconds)} s`;
        $('#bundles').replaceChildren(...answer.bundles.map((b) => row([b.symbolicName, b.version, b.state])));
      }
    }
  } catch (error) {
    $('#health').textContent = 'DOWN';
    $('#health').className = 'pill FAILED';
  }
  try {
    const counts = await api('/api/store');
    const cards = [['members', counts.members], ['items', counts.items], ['events', counts.events]];
    for (const [type, count] of Object.entries(counts.eventsByType || {})) cards.push([type, count]);
    $('#counts').replaceChildren(...cards.map(([label, value]) => {
      const card = document.createElement('div');
      card.className = 'card';
      card.innerHTML = `<b></b>${label}`;
      card.querySelector('b').textContent = number(value);
      return card;
    }));
  } catch (error) {
    showError($('#counts'), error);
  }
}

// --- jobs, live ----------------------------------------------------------------------------
const watched = new Map();

function jobRow(job) {
  const bar = document.createElement('progress');
  if (job.total > 0) { bar.max = job.total; bar.value = job.done; }
  const progress = document.createElement('span');
  progress.append(bar, ` ${number(job.done)}${job.total > 0 ? ' / ' + number(job.total) : ''} ${text(job.unit)}`);
  const cancel = document.createElement('button');
  cancel.textContent = 'Cancel';
  cancel.disabled = !(job.state === 'RUNNING' || job.state === 'QUEUED');
  cancel.onclick = () => api(`/api/jobs/${encodeURIComponent(job.id)}`, { method: 'DELETE' }).catch(alert);
  const tr = row([`${text(job.title)} (${job.id})`, job.state, progress, job.error || job.message, cancel]);
  tr.id = 'job-' + job.id;
  return tr;
}

function showJob(job) {
  const existing = document.getElementById('job-' + job.id);
  const fresh = jobRow(job);
  if (existing) existing.replaceWith(fresh); else $('#job-table tbody').prepend(fresh);
}

// A browser's EventSource cannot send the API key, so running jobs are polled once a second.
function watch(job) {
  if (watched.has(job.id) || !(job.state === 'RUNNING' || job.state === 'QUEUED')) return;
  const timer = setInterval(async () => {
    try {
      const status = await api(`/api/jobs/${encodeURIComponent(job.id)}`);
      showJob(status);
      if (!(status.state === 'RUNNING' || status.state === 'QUEUED')) {
        clearInterval(timer);
        watched.delete(job.id);
        refreshOverview();
      }
    } catch (error) {
      clearInterval(timer);
      watched.delete(job.id);
    }
  }, 1000);
  watched.set(job.id, timer);
}

async function refreshJobs() {
  try {
    const jobs = (await api('/api/jobs')).jobs;
    $('#job-table tbody').replaceChildren(...jobs.map(jobRow));
    jobs.forEach(watch);
  } catch (error) {
    showError($('#job-table tbody'), error);
  }
}

// --- import --------------------------------------------------------------------------------
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
    $('#import-result').textContent = `started ${job.id}`;
    showJob(job);
    watch(job);
  } catch (error) {
    showError($('#import-result'), error);
  }
});

// --- strategies ----------------------------------------------------------------------------
async function refreshStrategies() {
  try {
    const strategies = await api('/api/strategies');
    const select = $('#default-strategy');
    select.replaceChildren(...[...strategies.strategies].sort().map((name) => new Option(name, name, false,
        name === strategies.default)));
    $('#routing').textContent = JSON.stringify(strategies.routing, null, 2);
  } catch (error) {
    showError($('#routing'), error);
  }
}

$('#use-strategy').addEventListener('click', async () => {
  try {
    await api('/api/strategies/default', { method: 'PUT', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ strategy: $('#default-strategy').value }) });
    $('#strategy-result').textContent = 'in use from the next request';
    refreshStrategies();
  } catch (error) {
    showError($('#strategy-result'), error);
  }
});

// --- members -------------------------------------------------------------------------------
$('#member-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const id = encodeURIComponent(event.target.id.value.trim());
  $('#member-links').innerHTML = `<a href="/api/members/${id}/export">export everything held (JSON)</a>`;
  api(`/api/members/${id}/profile`)
    .then((body) => { $('#profile').textContent = JSON.stringify(body, null, 2); })
    .catch((error) => showError($('#profile'), error));
  api(`/api/members/${id}/recommendations?n=10`)
    .then((body) => {
      $('#recommendations').replaceChildren(...body.items.map((r) => {
        const li = document.createElement('li');
        li.textContent = `${text(r.title || r.item)} — ${text(r.explanation)}`;
        return li;
      }));
    })
    .catch((error) => showError($('#recommendations'), error));
});

// --- segments ------------------------------------------------------------------------------
async function refreshSegments() {
  try {
    const segments = (await api('/api/segments')).segments;
    $('#segment-table tbody').replaceChildren(...segments.map((s) => row([s.name || s.id, s.kind, number(s.size)])));
  } catch (error) {
    showError($('#segment-table tbody'), error);
  }
}

// --- search --------------------------------------------------------------------------------
$('#search-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const body = await api(`/api/search?n=10&q=${encodeURIComponent(event.target.q.value)}`);
    const hits = Array.isArray(body) ? body : (body.hits || body.items || []);
    $('#search-results').replaceChildren(...hits.map((hit) => {
      const li = document.createElement('li');
      li.textContent = `${text(hit.title || hit.itemId || hit.item || hit.id)} (${Number(hit.score).toFixed(3)})`;
      return li;
    }));
  } catch (error) {
    showError($('#search-results'), error);
  }
});

refreshOverview();
refreshJobs();
refreshStrategies();
refreshSegments();
setInterval(refreshOverview, 10000);
setInterval(refreshJobs, 15000);
