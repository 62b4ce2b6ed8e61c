// The dashboard: plain browser JavaScript on the scheduler's REST API and its run stream.
'use strict';

// the run states, their order, chart colours and text tones come from the scheduler (GET /api/run-states)
let STATES = [];
const COLORS = {};
const TONES = {};
const FINAL = {};
const MAX_RUN_ROWS = 200;
const $ = (id) => document.getElementById(id);

let token = sessionStorage.getItem('scheduler-token');
let stream = null;
let runs = new Map();
// the live stream keeps at most this many runs; the oldest updated go first
const MAX_LIVE_RUNS = 1000;

async function api(path, options = {}) {
  const headers = Object.assign({ 'Content-Type': 'application/json' }, options.headers || {});
  if (token) headers.Authorization = 'Bearer ' + token;
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) {
    askForToken();
    throw new Error('the API asks for a token');
  }
  const text = await response.text();
  const body = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const error = new Error(body.error || response.statusText);
    error.violations = body.violations || [];
    throw error;
  }
  return body;
}

function askForToken() {
  const dialog = $('login');
  if (!dialog.open) dialog.showModal();
}

$('login-form').addEventListener('submit', () => {
  token = $('token').value;
  sessionStorage.setItem('scheduler-token', token);
  refreshAll();
  connectStream();
});

function text(value) {
  return value === undefined || value === null ? '' : String(value);
}

function cell(row, value, className) {
  const td = row.insertCell();
  td.textContent = text(value);
  if (className) td.className = className;
  return td;
}

/** "2026-03-29T03:00+02:00" as "2026-03-29 03:00 (+02:00)": the wall-clock time and its offset, as the API gives them. */
function localTime(offsetDateTime) {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(.*)$/.exec(offsetDateTime);
  return match ? `${match[1]} ${match[2]} (${match[3] === 'Z' ? 'UTC' : match[3]})` : offsetDateTime;
}

/**
 * An instant in this browser's locale, on the clock of {@code zone} (an IANA id; the browser's own
 * when absent), the zone always named: "12/7/2026, 2:30:00 AM GMT+1".
 */
function shortTime(iso, zone) {
  if (!iso) return '';
  try {
    return new Date(iso).toLocaleString(undefined, { timeZone: zone || undefined, timeZoneName: 'short' });
  } catch (e) {
    return new Date(iso).toLocaleString(undefined, { timeZoneName: 'short' }); // a zone this browser does not know
  }
}

/** A {@code <time>} element showing {@code iso} as {@link shortTime} does, the instant itself in its datetime. */
function timeElement(iso, zone) {
  const element = document.createElement('time');
  element.dateTime = iso;
  element.textContent = shortTime(iso, zone);
  return element;
}

/** A cron expression in words, for the common shapes; the expression itself otherwise. */
function cronInWords(cron) {
  const parts = cron.trim().split(/\s+/);
  const [sec, min, hour] = parts;
  const every = (field, unit) => field.startsWith('*/') ? `every ${field.slice(2)} ${unit}` : null;
  if (parts.length >= 6 && parts.slice(3, 6).every((p) => p === '*' || p === '?')) {
    if ([sec, min, hour].every((p) => p === '*')) return 'every second';
    if (every(sec, 'seconds') && min === '*' && hour === '*') return every(sec, 'seconds');
    if (sec === '0' && every(min, 'minutes') && hour === '*') return every(min, 'minutes');
    if (sec === '0' && min === '0' && hour === '*') return 'every hour';
    if (sec === '0' && /^\d+$/.test(min) && /^\d+$/.test(hour)) return `daily at ${hour.padStart(2, '0')}:${min.padStart(2, '0')}`;
  }
  return cron;
}

/** "[paused by alice 12/7/2026, 10:00:00 AM: why]": the pause's note, who and when, as far as they were given. */
function pausedLabel(pause) {
  if (!pause) return '[paused] ';
  return `[paused${pause.by ? ' by ' + pause.by : ''}${pause.at ? ' ' + shortTime(pause.at) : ''}${pause.note ? ': ' + pause.note : ''}] `;
}

/** "[COMPLETED] ": shown first for a schedule with nothing left to fire; kept listed until deleted. */
function stateLabel(view) {
  return view.state === 'COMPLETED' ? '[COMPLETED] ' : '';
}

/** " · backfill 120 of 500" (or "done"), and how many its overlap policy skipped: how far the schedule's latest backfill has got. */
function backfillLabel(view) {
  const b = view.backfill;
  if (!b) return '';
  const skipped = b.skipped ? ` (${b.skipped} skipped, ${b.overlap})` : '';
  return (b.done ? ` · backfill of ${b.times} done` : ` · backfill ${b.fired + (b.skipped || 0)} of ${b.times}`) + skipped;
}

/** " · 3 of 5 runs": how far a schedule with maxRuns is through them. */
function runsLabel(view) {
  const max = view.definition.maxRuns;
  return max ? ` · ${view.fireCount} of ${max} runs` : '';
}

function describeTrigger(trigger) {
  if (trigger.specs) return trigger.specs.map(describeTrigger).join(' + ');
  if (trigger.fixedDelayMs) return `${trigger.fixedDelayMs} ms after each run ends${trigger.endAt ? `, until ${shortTime(trigger.endAt)}` : ''}`;
  if (trigger.cron) return `${cronInWords(trigger.cron)} (${trigger.cron}, ${trigger.timeZone})`;
  if (trigger.intervalMs) return `every ${trigger.intervalMs} ms`;
  return `once at ${shortTime(trigger.at)}`;
}

// the page of schedules shown: the API lists at most this many a request, filtered and paged on the server
const SCHEDULES_PER_PAGE = 100;
let scheduleOffset = 0;

async function refreshSchedules() {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData($('schedule-filters'))) if (value) params.set(name, value);
  params.set('offset', String(scheduleOffset));
  params.set('limit', String(SCHEDULES_PER_PAGE));
  const body = await api('/api/schedules?' + params);
  if (body.total && scheduleOffset >= body.total) {
    // the page emptied (deletes, or a narrower filter): go back to the last one that has schedules
    scheduleOffset = Math.floor((body.total - 1) / SCHEDULES_PER_PAGE) * SCHEDULES_PER_PAGE;
    return refreshSchedules();
  }
  $('s-page').textContent = body.total
    ? `${scheduleOffset + 1}–${scheduleOffset + body.schedules.length} of ${body.total}` : 'none match';
  $('s-prev').disabled = scheduleOffset === 0;
  $('s-next').disabled = scheduleOffset + SCHEDULES_PER_PAGE >= body.total;
  const rows = $('schedule-rows');
  rows.replaceChildren();
  for (const view of body.schedules) {
    if (view.definition) scheduleRow(rows, view); else invalidRow(rows, view);
  }
}

/** A stored record that is no schedule (any producer can write the topic): its problems, and Delete, which mends it. */
function invalidRow(rows, view) {
  const row = rows.insertRow();
  row.dataset.id = view.id;
  cell(row, view.id);
  cell(row, '[INVALID] ' + (view.problems || []).map((p) => `${p.field}: ${p.message}`).join('; '), 'tone-failed');
  for (let i = 0; i < 4; i++) cell(row, '');
  row.insertCell().append(button('Delete', `Delete ${view.id}`, async () => {
    if (confirm(`Delete the record ${view.id}?`)) {
      await api(`/api/schedules/${encodeURIComponent(view.id)}`, { method: 'DELETE' });
    }
  }));
}

function scheduleRow(rows, view) {
  const d = view.definition;
  const row = rows.insertRow();
  row.dataset.id = d.id;
  cell(row, d.id);
  cell(row, stateLabel(view) + (d.paused ? pausedLabel(d.pause) : '') + describeTrigger(d.trigger) + runsLabel(view) + backfillLabel(view)
    + (view.writtenBy ? ` · by ${view.writtenBy}` : ''));
  cell(row, d.taskType);
  cell(row, shortTime(view.nextFireTimes[0], d.trigger.timeZone));
  cell(row, view.summary.lastState || '', stateClass(view.summary.lastState));
  cell(row, Object.entries(view.summary.counts || {}).map(([k, v]) => `${k} ${v}`).join(', '));
  const actions = row.insertCell();
  actions.append(
    d.paused
      ? button('Resume', `Resume ${d.id}`, () => api(`/api/schedules/${encodeURIComponent(d.id)}/resume`, { method: 'POST' }))
      : button('Pause', `Pause ${d.id}`, async () => {
        const note = prompt(`Pause ${d.id}: why? (kept with the schedule until it is resumed; may be left empty)`, '');
        if (note === null) return; // cancelled
        await api(`/api/schedules/${encodeURIComponent(d.id)}/pause`,
          { method: 'POST', body: JSON.stringify(note ? { note } : {}) });
      }),
    button('Trigger now', `Trigger ${d.id} now`,
      () => api(`/api/schedules/${encodeURIComponent(d.id)}/trigger`, { method: 'POST' })),
    button('Backfill', `Backfill ${d.id}`, async () => {
      const from = prompt(`Backfill ${d.id}: fire every time of its trigger from (ISO instant, included)`, '');
      if (!from) return;
      const to = prompt(`Backfill ${d.id}: up to (ISO instant, excluded)`, new Date().toISOString());
      if (!to) return;
      const overlap = prompt(`Backfill ${d.id}: overlap policy. BUFFER_ALL runs them one after another; ALLOW_ALL all at once; `
        + 'SKIP fires the first only; BUFFER_ONE the first two; CANCEL_OTHER the first two, the second cancelling the first; '
        + 'TERMINATE_OTHER each, terminating the one before', 'BUFFER_ALL');
      if (!overlap) return;
      const answer = await api(`/api/schedules/${encodeURIComponent(d.id)}/backfill`,
        { method: 'POST', body: JSON.stringify({ from, to, overlap }) });
      showFeedback(`Backfill ${answer.backfillId} of ${d.id}: ${answer.times} times, overlap ${overlap}.`, false);
    }),
    button('Edit', `Edit ${d.id}`, async () => editSchedule(d)),
    button('Delete', `Delete ${d.id}`, async () => {
      if (confirm(`Delete schedule ${d.id}? Its trigger state goes with it.`)) {
        await api(`/api/schedules/${encodeURIComponent(d.id)}`, { method: 'DELETE' });
      }
    }));
}

// what the caller's token may do (GET /api/me): a button its role does not allow is not shown (the API would answer 403)
const ROLES = ['READ', 'OPERATE', 'ADMIN'];
const NEEDS = { Pause: 'OPERATE', Resume: 'OPERATE', 'Trigger now': 'OPERATE', Backfill: 'OPERATE', Cancel: 'OPERATE',
  Rerun: 'OPERATE', Redrive: 'OPERATE', Discard: 'OPERATE', Edit: 'ADMIN', Delete: 'ADMIN' };
let role = null;
const allows = (needed) => ROLES.indexOf(role || 'READ') >= ROLES.indexOf(needed);

/** Asks who the token is; shows its name and role, and hides the form and buttons the role may not use. */
async function loadMe() {
  const me = await api('/api/me');
  role = me.role;
  $('who').textContent = me.name ? `${me.name} · ${me.role}` : '';
  $('who').hidden = !me.name;
  $('form-title').hidden = !allows('ADMIN');
  $('schedule-form').hidden = !allows('ADMIN');
  $('dl-redrive-all').hidden = !allows('OPERATE');
  $('notify-form').hidden = !allows('ADMIN');
}

function button(label, ariaLabel, action, after = refreshSchedules, feedback = showFeedback) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.hidden = NEEDS[label] !== undefined && !allows(NEEDS[label]);
  b.setAttribute('aria-label', ariaLabel);
  b.addEventListener('click', async (event) => {
    event.stopPropagation(); // a button in a run's row does not also open the run
    try {
      await action();
      await after();
    } catch (e) {
      feedback(e.message, true);
    }
  });
  return b;
}

/** A Cancel button for a run that has not ended: queued, running, waiting for a retry or buffered. */
function cancelButton(run) {
  return button('Cancel', `Cancel run ${run.eventId}`, async () => {
    if (!confirm(`Cancel run ${run.eventId}? A queued run never starts; a running one is told to stop.`)) return;
    await api(`/api/runs/${encodeURIComponent(run.eventId)}/cancel`, { method: 'POST' });
    showRunFeedback(`Cancel of ${run.eventId} requested; it ends CANCELLED once an executor applies it.`, false);
  }, refreshRuns, showRunFeedback);
}

/** A Rerun button for a run that has ended after it fired: its task again, as a new run. */
function rerunButton(run) {
  return button('Rerun', `Rerun ${run.eventId}`, async () => {
    const answer = await api(`/api/runs/${encodeURIComponent(run.eventId)}/rerun`, { method: 'POST' });
    showRunFeedback(`Rerun of ${run.eventId} published as ${answer.eventId}.`, false);
  }, refreshRuns, showRunFeedback);
}

/** What may be done to a run in its state: cancel it while it has not ended, rerun it once it has (if it fired). */
function runActions(run) {
  if (FINAL[run.state] === false) return [cancelButton(run)];
  return run.firedAt ? [rerunButton(run)] : [];
}

function showRunFeedback(message, isError) {
  const feedback = $('run-feedback');
  feedback.textContent = message;
  feedback.className = isError ? 'error' : '';
}

// The definition being edited, as the API gave it: Save keeps every field the form does not show
// (task key, retry, time limits, labels, paused, and whatever later versions add) instead of dropping it.
let editing = null;

function triggerKind(trigger) {
  return trigger.specs ? 'specs' : trigger.fixedDelayMs ? 'delay' : trigger.cron ? 'cron' : trigger.intervalMs ? 'interval' : 'at';
}

function editSchedule(d) {
  editing = d;
  $('f-id').value = d.id;
  $('f-type').value = d.taskType;
  $('f-kind').value = triggerKind(d.trigger);
  if (d.trigger.cron) { $('f-cron').value = d.trigger.cron; $('f-tz').value = d.trigger.timeZone; }
  if (d.trigger.intervalMs) $('f-interval').value = d.trigger.intervalMs;
  if (d.trigger.at) $('f-at').value = d.trigger.at;
  if (d.trigger.specs) $('f-specs').value = JSON.stringify(d.trigger.specs);
  if (d.trigger.fixedDelayMs) $('f-delay').value = d.trigger.fixedDelayMs;
  $('f-end').value = d.trigger.endAt || '';
  $('f-max-runs').value = d.maxRuns == null ? '' : d.maxRuns;
  $('f-jitter').value = d.jitterMs == null ? '' : d.jitterMs;
  $('f-calendars').value = (d.calendars || []).join(', ');
  $('f-misfire').value = d.misfirePolicy;
  $('f-overlap').value = d.overlap;
  $('f-catch-up').value = d.catchUpWindowMs == null ? '' : d.catchUpWindowMs;
  $('f-payload').value = d.payload == null ? '' : JSON.stringify(d.payload, null, 2);
  updateKind();
  preview();
  $('f-id').focus();
}

/** The JSON typed in a field, or an error naming it as the API would. */
function jsonField(id, name, empty) {
  try {
    const value = JSON.parse($(id).value || empty);
    $(id).classList.remove('invalid');
    return value;
  } catch (e) {
    $(id).classList.add('invalid');
    throw new Error(`${name}: is not valid JSON`);
  }
}

function formDefinition() {
  const kind = $('f-kind').value;
  const endAt = $('f-end').value || null;
  const trigger = kind === 'cron' ? { cron: $('f-cron').value, timeZone: $('f-tz').value, endAt }
    : kind === 'interval' ? { intervalMs: Number($('f-interval').value), endAt }
      : kind === 'specs' ? { specs: jsonField('f-specs', 'trigger.specs', '[]') }
        : kind === 'delay' ? { fixedDelayMs: Number($('f-delay').value), endAt } : { at: $('f-at').value };
  const payload = jsonField('f-payload', 'payload', 'null');
  const shown = { id: $('f-id').value || undefined, taskType: $('f-type').value, trigger, payload,
    misfirePolicy: $('f-misfire').value, overlap: $('f-overlap').value,
    catchUpWindowMs: $('f-catch-up').value === '' ? null : Number($('f-catch-up').value),
    maxRuns: $('f-max-runs').value === '' ? null : Number($('f-max-runs').value),
    jitterMs: $('f-jitter').value === '' ? null : Number($('f-jitter').value),
    calendars: $('f-calendars').value.split(',').map((name) => name.trim()).filter((name) => name) };
  // under another id it is a new schedule, made from the form alone
  const base = editing && editing.id === shown.id ? editing : {};
  const baseTrigger = base.trigger && triggerKind(base.trigger) === kind ? base.trigger : {};
  return { ...base, ...shown, trigger: { ...baseTrigger, ...trigger } };
}

function showFeedback(message, isError) {
  const feedback = $('form-feedback');
  feedback.textContent = message;
  feedback.className = isError ? 'error' : '';
}

let previewTimer = null;
// bumped by Save, so a preview asked for before it cannot overwrite what Save answered
let formWrites = 0;
function preview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(async () => {
    const writes = formWrites;
    try {
      const answer = await api('/api/schedules/preview', { method: 'POST', body: JSON.stringify(formDefinition()) });
      if (writes !== formWrites) return;
      const warnings = (answer.warnings || []).map((w) => ` Note: ${w.field}: ${w.message}`).join('');
      // a cron's times on its own clock, the zone named, so a daylight saving change shows as it will happen
      const times = !answer.nextFireTimes.length ? 'No time to come: ' + answer.note + '.'
        : answer.localFireTimes ? `Next fire times (${answer.timeZone}): ` + answer.localFireTimes.map(localTime).join(' · ')
          : 'Next fire times: ' + answer.nextFireTimes.map(shortTime).join(' · ');
      const then = answer.nextFireTimes.length && answer.note ? `, ${answer.note}` : '';
      const left = answer.remainingRuns == null ? '' : ` (${answer.remainingRuns} of its max runs left)`;
      const excluded = answer.excludedTimes && answer.excludedTimes.length
        ? '. Excluded by its calendars: ' + answer.excludedTimes.map(shortTime).join(' · ') : '';
      // with jitter, how much later than its time each fires
      const due = !answer.nextDueTimes ? '' : '. With jitter, each fires later by: ' + answer.nextDueTimes
        .map((t, i) => `${((Date.parse(t) - Date.parse(answer.nextFireTimes[i])) / 1000).toFixed(1)} s`).join(' · ');
      showFeedback(times + then + left + excluded + due + warnings, false);
    } catch (e) {
      if (writes !== formWrites) return;
      showFeedback((e.violations && e.violations.length)
        ? e.violations.map((v) => `${v.field}: ${v.message}`).join('; ') : e.message, true);
    }
  }, 250);
}

function updateKind() {
  const kind = $('f-kind').value;
  for (const [id, shown] of [['f-cron', kind === 'cron'], ['f-tz', kind === 'cron'],
    ['f-interval', kind === 'interval'], ['f-at', kind === 'at'], ['f-specs', kind === 'specs'], ['f-delay', kind === 'delay'],
    ['f-end', kind === 'cron' || kind === 'interval' || kind === 'delay']]) {
    $(id).disabled = !shown;
  }
}

$('f-kind').addEventListener('change', () => { updateKind(); preview(); });
$('schedule-form').addEventListener('input', preview);
$('schedule-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  clearTimeout(previewTimer);
  formWrites++;
  try {
    const definition = formDefinition();
    if (!definition.id) throw new Error('id: is required');
    await api(`/api/schedules/${encodeURIComponent(definition.id)}`, { method: 'PUT', body: JSON.stringify(definition) });
    showFeedback(`Saved ${definition.id}.`, false);
    await refreshSchedules();
  } catch (e) {
    showFeedback((e.violations && e.violations.length)
      ? e.violations.map((v) => `${v.field}: ${v.message}`).join('; ') : e.message, true);
  }
});

function runFilters() {
  const params = new URLSearchParams();
  for (const [key, id] of [['scheduleId', 'r-schedule'], ['status', 'r-status'], ['from', 'r-from'],
    ['eventIdPrefix', 'r-event']]) {
    if ($(id).value) params.set(key, $(id).value);
  }
  return params;
}

function matchesFilters(run) {
  const f = runFilters();
  return (!f.get('scheduleId') || run.scheduleId === f.get('scheduleId'))
    && (!f.get('status') || run.state === f.get('status'))
    && (!f.get('eventIdPrefix') || run.eventId.startsWith(f.get('eventIdPrefix')));
}

// the runs' order: by latest change (the live list's), or by a time column; newest first unless asked
let runSort = { by: 'UPDATED', ascending: false };
const SORT_FIELDS = { SCHEDULED: 'scheduledAt', FINISHED: 'finishedAt' };

/** Runs in the chosen order; a run without the time sorted on comes last, as the API puts it. */
function compareRuns(a, b) {
  if (runSort.by === 'UPDATED') return runSort.ascending ? a.updateSequence - b.updateSequence : b.updateSequence - a.updateSequence;
  const field = SORT_FIELDS[runSort.by];
  const x = a[field] ? Date.parse(a[field]) : null;
  const y = b[field] ? Date.parse(b[field]) : null;
  if (x === y) return b.updateSequence - a.updateSequence;
  if (x === null) return 1;
  if (y === null) return -1;
  return runSort.ascending ? x - y : y - x;
}

for (const header of document.querySelectorAll('#runs th[data-sort]')) {
  header.querySelector('button').addEventListener('click', () => {
    runSort = runSort.by === header.dataset.sort ? { by: runSort.by, ascending: !runSort.ascending }
      : { by: header.dataset.sort, ascending: false };
    for (const other of document.querySelectorAll('#runs th[data-sort]')) {
      other.setAttribute('aria-sort', other === header ? (runSort.ascending ? 'ascending' : 'descending') : 'none');
    }
    refresh('runs', refreshRuns);
  });
}

async function refreshRuns() {
  const params = runFilters();
  params.set('limit', String(MAX_RUN_ROWS));
  params.set('sort', runSort.by);
  params.set('order', runSort.ascending ? 'asc' : 'desc');
  const body = await api('/api/runs?' + params);
  // a change streamed while the page was being fetched is newer than the page: keep it
  runs = new Map(body.runs.map((r) => {
    const streamed = runs.get(r.eventId);
    return [r.eventId, streamed && streamed.updateSequence > r.updateSequence ? streamed : r];
  }));
  renderRuns();
}

function renderRuns() {
  const rows = $('run-rows');
  rows.replaceChildren();
  const sorted = [...runs.values()].sort(compareRuns).slice(0, MAX_RUN_ROWS);
  for (const run of sorted) {
    const row = rows.insertRow();
    row.dataset.eventId = run.eventId;
    row.tabIndex = 0;
    cell(row, run.eventId);
    cell(row, run.scheduleId);
    cell(row, run.state, stateClass(run.state));
    cell(row, run.attempt);
    cell(row, shortTime(run.scheduledAt));
    cell(row, shortTime(run.finishedAt));
    cell(row, run.executorId);
    row.insertCell().append(...runActions(run));
    const open = () => showRun(run.eventId);
    row.addEventListener('click', open);
    row.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
  }
}

// the run whose detail is open, and the timer that tails its log while it runs
let shownRun = null;
let logTail = null;
const LOG_TAIL_MS = 1000;

async function showRun(eventId) {
  const run = await api('/api/runs/' + encodeURIComponent(eventId));
  shownRun = eventId;
  $('detail-id').textContent = eventId;
  $('detail-body').textContent = JSON.stringify(run, null, 2);
  $('detail-actions').replaceChildren(...runActions(run));
  renderRunSummary(run);
  $('detail-log').replaceChildren();
  $('detail-log-state').textContent = 'loading…';
  $('run-detail').hidden = false;
  // below a long table it would open out of sight: bring it into view, and the keyboard with it
  $('run-detail').scrollIntoView({ block: 'nearest' });
  $('run-detail').focus({ preventScroll: true });
  await tailRunLog(eventId);
}

/** What an operator asks first of a run: its state, its times, where it ran and why it failed. */
function renderRunSummary(run) {
  const facts = [['Schedule', run.scheduleId], ['Task', `${text(run.taskType)} (key ${text(run.taskKey)})`],
    ['State', run.state], ['Attempt', run.attempt], ['Scheduled', timeElement(run.scheduledAt)],
    ['Started', run.startedAt ? timeElement(run.startedAt) : ''], ['Finished', run.finishedAt ? timeElement(run.finishedAt) : ''],
    ['Executor', run.executorId], ['Error', run.error ? `${text(run.error.type)}: ${text(run.error.message)}` : ''],
    ['Rerun of', run.rerunOf]];
  const list = $('detail-summary');
  list.replaceChildren();
  for (const [name, value] of facts) {
    if (value === null || value === undefined || value === '') continue;
    const term = document.createElement('dt');
    term.textContent = name;
    const description = document.createElement('dd');
    if (value instanceof Node) description.append(value); else description.textContent = text(value);
    if (name === 'State') description.className = stateClass(run.state);
    list.append(term, description);
  }
}

/**
 * The run's log as the tracker has it, fetched again every second while the run is live or an
 * attempt's log is not complete, for as long as this run's detail stays open.
 */
async function tailRunLog(eventId) {
  clearTimeout(logTail);
  if (shownRun !== eventId || $('run-detail').hidden) return;
  let body;
  try {
    body = await api('/api/runs/' + encodeURIComponent(eventId) + '/logs');
  } catch (e) {
    $('detail-log-state').textContent = 'not available: ' + e.message;
    return;
  }
  if (shownRun !== eventId) return; // another run was opened meanwhile
  renderRunLog(body);
  const live = !body.ended || body.attempts.some((a) => !a.complete);
  $('detail-log-state').textContent = live ? 'live, following' : (body.attempts.length ? '' : 'nothing logged');
  if (live) logTail = setTimeout(() => tailRunLog(eventId), LOG_TAIL_MS);
}

/** Each attempt's lines: time with its zone, level, logger and message, plain text only. */
function renderRunLog(body) {
  const lines = [];
  for (const attempt of body.attempts) {
    lines.push(`── attempt ${attempt.attempt} on ${text(attempt.executorId)}${attempt.complete ? '' : ' (running)'}`);
    for (const line of attempt.lines) {
      lines.push(`${shortTime(line.at)}  ${line.level.padEnd(5)}  ${line.logger === 'task' ? '' : line.logger + ': '}${line.message}`);
    }
    if (attempt.droppedLines > 0) lines.push(`… ${attempt.droppedLines} more lines not kept (an attempt keeps 1,000 lines, 64 KiB)`);
  }
  const log = $('detail-log');
  const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
  log.textContent = lines.join('\n');
  if (atEnd) log.scrollTop = log.scrollHeight; // follow the tail unless the reader scrolled up
}

$('schedule-filters').addEventListener('submit', (event) => {
  event.preventDefault();
  scheduleOffset = 0;
  refresh('schedules', refreshSchedules);
});
$('s-prev').addEventListener('click', () => {
  scheduleOffset = Math.max(0, scheduleOffset - SCHEDULES_PER_PAGE);
  refresh('schedules', refreshSchedules);
});
$('s-next').addEventListener('click', () => {
  scheduleOffset += SCHEDULES_PER_PAGE;
  refresh('schedules', refreshSchedules);
});

$('run-filters').addEventListener('submit', (event) => { event.preventDefault(); refresh('runs', refreshRuns); });

/** The dead letters the filters ask for, newest first, each with what may be done to it. */
async function refreshDeadLetters() {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData($('dl-filters'))) if (value) params.set(name, value);
  params.set('limit', String(MAX_RUN_ROWS));
  const body = await api('/api/dead-letters?' + params);
  $('dl-total').textContent = `${body.total} ${$('dl-state').selectedOptions[0].text}`;
  const rows = $('dl-rows');
  rows.replaceChildren();
  for (const letter of body.deadLetters) {
    const row = rows.insertRow();
    row.dataset.id = letter.id;
    cell(row, shortTime(letter.deadLetteredAt));
    cell(row, letter.eventId || `(unreadable, key ${text(letter.key)})`);
    cell(row, letter.taskType);
    cell(row, letter.attempt || '');
    cell(row, `${text(letter.errorType)}: ${text(letter.errorMessage)}`);
    cell(row, letter.action ? `${letter.action}${letter.redrivenAs ? ' as ' + letter.redrivenAs : ''}` : 'waiting');
    const actions = row.insertCell();
    actions.append(button('View', `View dead letter ${letter.id}`, () => showDeadLetter(letter.id), async () => {}, showDeadLetterFeedback));
    if (!letter.action && letter.redrivable) {
      actions.append(button('Redrive', `Redrive dead letter ${letter.id}`,
        () => deadLetterAction('redrive', { ids: [letter.id] }), refreshDeadLettersSoon, showDeadLetterFeedback));
    }
    if (!letter.action) {
      actions.append(button('Discard', `Discard dead letter ${letter.id}`,
        () => deadLetterAction('discard', { ids: [letter.id] }), refreshDeadLettersSoon, showDeadLetterFeedback));
    }
  }
}

/** After a redrive or discard: the list now, and again in a second, once this instance has read what was done. */
async function refreshDeadLettersSoon() {
  await refreshDeadLetters();
  setTimeout(() => refresh('dead letters', refreshDeadLetters), 1000);
}

async function deadLetterAction(action, request) {
  const answer = await api(`/api/dead-letters/${action}`, { method: 'POST', body: JSON.stringify(request) });
  const done = answer.redriven ? answer.redriven.map((r) => `${r.id} as ${r.eventId}`) : answer.discarded;
  const refused = answer.refused.map((r) => `${r.id}: ${r.reason}`);
  showDeadLetterFeedback(`${action === 'redrive' ? 'Redriven' : 'Discarded'}: ${done.join(', ') || 'none'}.`
    + (refused.length ? ` Refused: ${refused.join('; ')}.` : ''), refused.length > 0 && done.length === 0);
}

async function showDeadLetter(id) {
  const letter = await api('/api/dead-letters/' + encodeURIComponent(id));
  $('dl-detail-id').textContent = id;
  $('dl-detail-body').textContent = JSON.stringify(letter, null, 2);
  $('dl-detail').hidden = false;
  $('dl-detail').scrollIntoView({ block: 'nearest' });
}

function showDeadLetterFeedback(message, isError) {
  const feedback = $('dl-feedback');
  feedback.textContent = message;
  feedback.className = isError ? 'error' : '';
}

$('dl-filters').addEventListener('submit', (event) => {
  event.preventDefault();
  refresh('dead letters', refreshDeadLetters);
});
$('dl-redrive-all').addEventListener('click', async () => {
  const filter = {};
  for (const name of ['taskType', 'errorType']) {
    const value = $('dl-filters').elements[name].value;
    if (value) filter[name] = value;
  }
  if (!confirm('Redrive every waiting dead letter that matches (at most 1,000)? Each runs once more as a new run.')) return;
  try {
    await deadLetterAction('redrive', { filter });
    await refreshDeadLettersSoon();
  } catch (e) {
    showDeadLetterFeedback(e.message, true);
  }
});

function connectStream() {
  if (stream) stream.close();
  stream = new EventSource('/api/stream' + (token ? '?access_token=' + encodeURIComponent(token) : ''));
  stream.onopen = () => { $('stream-state').textContent = 'live'; };
  stream.onerror = () => { $('stream-state').textContent = 'reconnecting…'; };
  stream.addEventListener('run', (event) => {
    const run = JSON.parse(event.data);
    if (matchesFilters(run)) {
      runs.set(run.eventId, run);
      if (runs.size > MAX_LIVE_RUNS) {
        [...runs.values()].sort((a, b) => a.updateSequence - b.updateSequence).slice(0, runs.size - MAX_LIVE_RUNS)
          .forEach((old) => runs.delete(old.eventId));
      }
      renderRuns();
    }
  });
}

// the overview's charts (uPlot), made at the first refresh and given new data at each later one
let runsPlot = null;
let lagPlot = null;

/** The last hour from GET /api/overview, worked out on the server from every run it keeps: charts with axes, units and legends. */
async function refreshOverview() {
  const body = await api('/api/overview');
  const minutes = body.minutes.map((m) => Date.parse(m.start) / 1000);
  runsPlot = chart(runsPlot, 'runs-chart', 'runs per minute',
    STATES.map((s) => ({ label: s, stroke: COLORS[s], width: 2, points: { show: false } })),
    [minutes, ...STATES.map((s) => body.minutes.map((m) => m.counts[s] || 0))]);
  lagPlot = chart(lagPlot, 'lag-chart', 'fire lag, ms',
    // points too: a minute with fires between minutes without any would draw no line
    [{ label: 'p50', stroke: '#1f6fb3', width: 2, points: { show: true } }, { label: 'p99', stroke: '#b3261e', width: 2, points: { show: true } }],
    [minutes, body.minutes.map((m) => m.lagP50Ms), body.minutes.map((m) => m.lagP99Ms)]);
  $('lag-summary').textContent = body.lag.fires
    ? `p50 ${body.lag.p50Ms} ms, p99 ${body.lag.p99Ms} ms over ${body.lag.fires} fires` : 'no fires in the last hour';
  $('executors').replaceChildren(...body.executors.map((e) => {
    const li = document.createElement('li');
    li.append(`${e.id} — last result `, timeElement(e.lastResultAt));
    return li;
  }));
}

/** A time chart of {@code series} over the minutes in {@code data[0]}, made in {@code id} at first, then only given new data. */
function chart(existing, id, yLabel, series, data) {
  if (existing) {
    existing.setData(data);
    return existing;
  }
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return new uPlot({
    width: Math.max(280, $(id).clientWidth || 560),
    height: 200,
    series: [{ label: 'minute', value: (u, v) => (v == null ? '' : shortTime(new Date(v * 1000).toISOString())) }, ...series],
    axes: [{ label: `time (${zone})` }, { label: yLabel }],
  }, data, $(id));
}

async function refreshHealth() {
  const badge = $('health');
  try {
    const response = await fetch('/health');
    const health = await response.json();
    badge.textContent = `${health.status} · Kafka ${health.kafkaReachable ? 'reachable' : 'unreachable'} · tracker ${health.trackerCaughtUp ? 'caught up' : 'catching up'}`;
    badge.className = health.status === 'UP' ? 'up' : 'down';
  } catch (e) {
    badge.textContent = 'scheduler unreachable';
    badge.className = 'down';
  }
}

/** Failed refreshes by what failed, shown at the top of the page until that refresh next succeeds. */
const failures = new Map();

function showFailures() {
  const box = $('page-errors');
  box.textContent = [...failures.entries()].map(([what, message]) => `Could not load ${what}: ${message}.`).join(' ');
  box.hidden = failures.size === 0;
}

/** Runs the refresh {@code load} of {@code what}: a failure is shown on the page (and in the console) until it next succeeds. */
function refresh(what, load) {
  return load().then(() => {
    if (failures.delete(what)) showFailures();
  }, (error) => {
    failures.set(what, error.message);
    showFailures();
    console.error(`dashboard: ${what} failed: ${error.message}`);
  });
}

/** Loads the run states once: until they arrive the overview has nothing to draw with. */
async function loadRunStates() {
  const states = await api('/api/run-states');
  for (const s of states) {
    COLORS[s.state] = s.color;
    TONES[s.state] = s.tone;
    FINAL[s.state] = s.final;
    $('r-status').append(new Option(s.state, s.state));
    $('s-last').append(new Option(s.state, s.state));
  }
  STATES = states.map((s) => s.state);
}

/** The class that colours a state's text by its tone (ok, failed, skipped, active). */
const stateClass = (state) => (state && TONES[state] ? 'tone-' + TONES[state] : '');

/** The notify rules, each with what it watches and where it sends. */
async function refreshNotifyRules() {
  const body = await api('/api/notify-rules');
  const rows = $('notify-rows');
  rows.replaceChildren();
  for (const rule of body.notifyRules) {
    const row = rows.insertRow();
    row.dataset.name = rule.name;
    cell(row, rule.name);
    cell(row, [rule.scheduleId ? `schedule ${rule.scheduleId}` : '', rule.taskType ? `task type ${rule.taskType}` : '']
      .filter(Boolean).join(', ') || 'every run');
    cell(row, [rule.on.length ? `${rule.on.join(', ')}${rule.after > 1 ? `, ${rule.after} in a row` : ''}` : '',
      rule.longerThanMs ? `running over ${rule.longerThanMs / 1000} s` : ''].filter(Boolean).join('; '));
    cell(row, rule.webhook);
    cell(row, rule.pauseOnFailure ? 'yes' : 'no');
    row.insertCell().append(button('Delete', `Delete alert ${rule.name}`, async () => {
      if (!confirm(`Delete alert ${rule.name}?`)) return;
      await api(`/api/notify-rules/${encodeURIComponent(rule.name)}`, { method: 'DELETE' });
    }, refreshNotifyRules, showNotifyFeedback));
  }
}

function showNotifyFeedback(message, isError) {
  $('notify-feedback').textContent = message;
  $('notify-feedback').className = isError ? 'error' : '';
}

$('notify-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData($('notify-form'));
  const rule = { on: form.getAll('on'), after: Number(form.get('after') || 1), webhook: form.get('webhook'),
    pauseOnFailure: form.get('pauseOnFailure') === 'on' };
  if (form.get('longerThanSeconds')) rule.longerThanMs = Number(form.get('longerThanSeconds')) * 1000;
  for (const key of ['scheduleId', 'taskType']) if (form.get(key)) rule[key] = form.get(key);
  try {
    await api(`/api/notify-rules/${encodeURIComponent(form.get('name'))}`, { method: 'PUT', body: JSON.stringify(rule) });
    showNotifyFeedback(`Saved alert ${form.get('name')}.`, false);
    await refreshNotifyRules();
  } catch (e) {
    showNotifyFeedback((e.violations && e.violations.length)
      ? e.violations.map((v) => `${v.field}: ${v.message}`).join('; ') : e.message, true);
  }
});

function refreshAll() {
  refreshHealth();
  if (!STATES.length) {
    // a 401 here asks for the token, whose submit calls refreshAll again
    refresh('run states', async () => { await loadMe(); await loadRunStates(); }).then(() => { if (STATES.length) refreshAll(); });
    return;
  }
  refresh('schedules', refreshSchedules);
  refresh('runs', refreshRuns);
  refresh('overview', refreshOverview);
  refresh('dead letters', refreshDeadLetters);
  refresh('alerts', refreshNotifyRules);
}

updateKind();
refreshAll();
connectStream();
setInterval(refreshHealth, 5000);
setInterval(() => refresh('schedules', refreshSchedules), 5000);
setInterval(() => refresh('overview', refreshOverview), 15000);
setInterval(() => refresh('dead letters', refreshDeadLetters), 15000);
