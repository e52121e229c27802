// The review page: one flagged field at a time, decided from the keyboard. All reads and
// writes go to this server's /api (same store functions as `digitize review`).
"use strict";

const $ = (id) => document.getElementById(id);
const state = { queue: [], skipped: new Set(), history: [], field: null };
const ident = (it) => `${it.document}\u0000${it.key}`;

async function api(path, body) {
  const opts = body ? { method: "POST", headers: { "Content-Type": "application/json" },
                        body: JSON.stringify(body) } : {};
  const resp = await fetch(path, opts);
  const data = await resp.json().catch(() => ({ error: `${resp.status} ${resp.statusText}` }));
  if (!resp.ok) throw new Error(data.error || resp.statusText);
  return data;
}

function say(text, kind) {
  $("msg").textContent = text;
  $("msg").className = kind || "";
}

function filters() {
  const q = new URLSearchParams();
  if ($("doc_type").value) q.set("doc_type", $("doc_type").value);
  if ($("dossier").value) q.set("dossier", $("dossier").value);
  return q;
}

function fillSelect(sel, values) {
  const keep = sel.value;
  sel.length = 1;
  for (const v of values) sel.add(new Option(v, v));
  sel.value = values.includes(keep) ? keep : "";
}

async function loadQueue() {
  const data = await api(`/api/queue?${filters()}`);
  fillSelect($("doc_type"), data.doc_types);
  fillSelect($("dossier"), data.dossiers);
  state.queue = data.items;
  $("bar").max = Math.max(data.total, 1);
  $("bar").value = data.settled;
  $("count").textContent = `settled ${data.settled} / ${data.total}`;
  document.body.dataset.settled = data.settled;
  document.body.dataset.total = data.total;
}

async function showNext() {
  await loadQueue();
  const next = state.queue.find((it) => !state.skipped.has(ident(it)));
  if (!next) {
    state.field = null;
    $("where").textContent = "";
    $("key").textContent = state.skipped.size
      ? `nothing left here: ${state.skipped.size} skipped (they come back next session)`
      : "nothing left to review";
    $("form").hidden = true;
    $("box").hidden = true;
    $("page").removeAttribute("src");
    $("crop").removeAttribute("src");
    return;
  }
  await show(next);
}

async function show(it) {
  const q = new URLSearchParams({ document: it.document, key: it.key });
  const f = await api(`/api/field?${q}`);
  state.field = f;
  $("form").hidden = false;
  const src = f.source ? ` · ${f.source.file} page ${f.source.page}` : "";
  $("where").textContent = `${f.document} · ${f.doc_type} · dossier ${f.dossier}${src}`;
  $("label").textContent = f.label;
  $("key").textContent = f.key;
  $("machine").textContent = asTyped(f, f.machine_value) ?? "(none)";
  $("confidence").textContent = f.confidence.toFixed(2);
  $("reasons").textContent = f.reasons.join(", ") || "-";
  $("line").textContent = f.line || "";
  $("settled").textContent = f.reviewed_by ? `by ${f.reviewed_by} at ${f.reviewed_at}` : "not yet";
  const input = $("value");
  input.value = asTyped(f, f.value) ?? "";
  input.focus();
  input.select();
  $("box").hidden = true;
  $("page").src = `/image/page.png?${q}`;
  $("crop").src = `/image/crop.png?${q}`;
  const body = $("context").tBodies[0];
  body.replaceChildren();
  for (const c of f.context) {
    const row = body.insertRow();
    row.className = c.flagged ? "flagged" : (c.reviewed_by ? "reviewed" : "");
    row.insertCell().textContent = c.label;
    row.title = c.key;
    row.insertCell().textContent = c.value;
  }
}

// the box is placed in percent of the OCR image, so it follows the picture at any width
function placeBox() {
  const f = state.field;
  if (!f || !f.bbox || !f.page_size) return;
  const [w, h] = f.page_size;
  const [x0, y0, x1, y1] = f.bbox;
  const box = $("box");
  Object.assign(box.style, { left: `${(x0 / w) * 100}%`, top: `${(y0 / h) * 100}%`,
                             width: `${((x1 - x0) / w) * 100}%`, height: `${((y1 - y0) / h) * 100}%` });
  box.hidden = false;
}

// dates are stored ISO and shown, like typed, as dd/mm/yyyy
function asTyped(f, value) {
  const m = f.kind === "date" && typeof value === "string" && value.match(/^(\d{4})-(\d\d)-(\d\d)$/);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

async function setName(e) {
  if (e) e.preventDefault();
  const name = $("reviewer").value.trim();
  try {
    await api("/api/reviewer", { name });
  } catch (err) { say(err.message, "error"); $("reviewer").focus(); return false; }
  document.body.dataset.reviewer = name;
  say(`decisions are recorded as ${name}`, "ok");
  $("value").focus();
  return true;
}

async function decide(action) {
  const f = state.field;
  if (!f) return;
  if (!document.body.dataset.reviewer) {
    say("give your name first (top right): it is recorded on each decision", "error");
    $("reviewer").focus();
    return;
  }
  if (action === "absent" && f.confident &&
      !window.confirm(`The machine read "${asTyped(f, f.machine_value)}" with confidence ${f.confidence.toFixed(2)}. Absent on the paper?`)) {
    return;
  }
  try {
    await api("/api/decide", { document: f.document, key: f.key, action, value: $("value").value,
                               seen: f.seen });
  } catch (err) {
    say(err.message, "error");
    if (err.message.includes("changed since")) await show({ document: f.document, key: f.key });
    $("value").focus();
    return;
  }
  state.history.push({ document: f.document, key: f.key });
  await showNext();
  // said once the next field is on screen: the message marks the page as settled
  say(`${action === "absent" ? "marked absent" : action === "accept" ? "accepted" : "saved"}: ${f.key}`, "ok");
}

function save() {
  const f = state.field;
  if (!f) return;
  const typed = $("value").value.trim();
  if (typed === (asTyped(f, f.value) ?? "")) {
    if (f.reviewed_by) { next(); return; }  // unchanged and already settled: keep it
    decide("accept");
  } else {
    decide("correct");
  }
}

async function next() {
  const f = state.field;
  if (f) state.history.push({ document: f.document, key: f.key });
  await showNext();
}

async function skip() {
  const f = state.field;
  if (!f) return;
  state.skipped.add(ident(f));
  await next();
  say(`skipped: ${f.key}`, "");
}

async function back() {
  const prev = state.history.pop();
  if (!prev) { say("this is the first field", ""); return; }
  state.skipped.delete(ident(prev));
  await show(prev);
  say(`back to: ${prev.key}`, "");
}

async function undo() {
  let it;
  try {
    it = await api("/api/undo", {});
  } catch (err) { say(err.message, "error"); return; }
  state.skipped.delete(ident(it));
  await loadQueue();
  await show(it);
  say(`undone: ${it.key} waits for a decision again`, "ok");
}

function zoom() {
  $("pageinner").classList.toggle("zoomed");
  const box = $("box");
  if (!box.hidden) box.scrollIntoView({ block: "center", inline: "center" });
}

const SHORTCUTS = { KeyA: () => decide("accept"), KeyX: () => decide("absent"), KeyS: skip, KeyB: back,
                    KeyU: undo, KeyZ: zoom };

document.addEventListener("DOMContentLoaded", () => {
  $("reviewer").value = document.body.dataset.reviewer;
  $("whoform").addEventListener("submit", setName);
  $("undo").addEventListener("click", undo);
  $("pageinner").addEventListener("click", zoom);
  if (!document.body.dataset.reviewer) {
    say("Who is reviewing? Type your name at the top right and press Enter: it is recorded on each decision.", "");
    setTimeout(() => $("reviewer").focus(), 0);
  }
  $("page").addEventListener("load", placeBox);
  $("form").addEventListener("submit", (e) => { e.preventDefault(); save(); });
  $("accept").addEventListener("click", () => decide("accept"));
  $("absent").addEventListener("click", () => decide("absent"));
  $("skip").addEventListener("click", skip);
  $("back").addEventListener("click", back);
  for (const id of ["doc_type", "dossier"]) {
    $(id).addEventListener("change", () => { state.history = []; say("", ""); showNext(); });
  }
  document.addEventListener("keydown", (e) => {
    const act = e.altKey && !e.ctrlKey && !e.metaKey && SHORTCUTS[e.code];
    if (act) { e.preventDefault(); act(); }
  });
  showNext().catch((err) => say(err.message, "error"));
});
