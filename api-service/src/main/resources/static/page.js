"use strict";
// The page a person of a tenant works in. It talks only to the read API with the person's key, which stays in this
// page and its sessionStorage and is sent only as a bearer token; a link may carry "#key=...&q=...&view=..." in its
// fragment (browsers never send a fragment to the server), which is read once and then removed from the address bar.
// Every piece of data is inserted as text (textContent, text nodes), never as HTML.

const $ = id => document.getElementById(id);

/** An element with properties (or attributes for names with a dash) and children; strings become text nodes. */
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (name.includes("-")) node.setAttribute(name, value === true ? "" : String(value));
    else node[name] = value;
  }
  for (const child of children.flat(Infinity)) {
    if (child == null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const tag = (label, kind) => el("span", { className: "tag " + (kind || "") }, label);
const key = () => $("key").value.trim();
const announce = message => { $("status").textContent = message; };

// ---- calls to the read API --------------------------------------------------------------------------------------

let pending = 0;
function busy(delta) {
  pending += delta;
  document.body.dataset.pending = String(pending);
  if (pending > 0) document.body.dataset.state = "busy";
  else if (document.body.dataset.state === "busy") document.body.dataset.state = "done";
}

async function api(method, path, body) {
  busy(1);
  try {
    const init = { method, headers: { Authorization: "Bearer " + key() } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!response.ok) {
      throw new Error((json && (json.detail || json.title)) || (response.status + " " + response.statusText));
    }
    return json;
  } finally {
    busy(-1);
  }
}

function failed(error) {
  $("error").textContent = error.message;
  document.body.dataset.state = "error";
}

/** Runs an action of the page, showing its failure instead of throwing. */
async function attempt(action) {
  try {
    $("error").textContent = "";
    await action();
    if (pending === 0 && document.body.dataset.state !== "error") document.body.dataset.state = "done";
  } catch (error) {
    failed(error);
  }
}

const query = params => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value != null && value !== "") search.set(name, value);
  return search.toString();
};

// ---- shared pieces ------------------------------------------------------------------------------------------------

let stats = null;
let categories = [];

async function loadStats() {
  stats = await api("GET", "/v1/stats");
  categories = Object.keys(stats.byCategory).sort();
  fillOptions($("f-source"), Object.keys(stats.bySource).sort());
  fillOptions($("f-category"), categories);
  $("category-names").replaceChildren(...categories.map(name => el("option", { value: name })));
  $("stats").replaceChildren(statsView(stats));
  return stats;
}

function fillOptions(select, values) {
  const chosen = select.value;
  select.replaceChildren(el("option", { value: "" }, "any"), ...values.map(v => el("option", { value: v }, v)));
  select.value = values.includes(chosen) ? chosen : "";
}

function statsView(s) {
  const block = (title, entries) => el("div", {}, el("h3", {}, title),
      el("dl", { className: "pairs" }, entries.map(([name, n]) => [el("dt", {}, name), el("dd", {}, String(n))])));
  return el("div", { className: "stats" },
      block("Documents", [["documents", s.total]]),
      block("By status", Object.entries(s.byStatus)),
      block("By category", Object.entries(s.byCategory).concat([["uncategorized", s.uncategorized]])),
      block("By source", Object.entries(s.bySource)));
}

/** The search snippet: ts_headline marks matches with <b>...</b>; they become <b> elements, the rest stays text. */
function snippet(value) {
  const node = el("div", { className: "snippet" });
  (value || "").split(/(<b>.*?<\/b>)/s).forEach(part => {
    if (part.startsWith("<b>") && part.endsWith("</b>")) node.append(el("b", {}, part.slice(3, -4)));
    else if (part) node.append(document.createTextNode(part));
  });
  return node;
}

const when = value => value ? new Date(value).toLocaleString() : "";
const percent = confidence => confidence == null ? "" : Math.round(confidence * 100) + " %";

/** Selection of a list of rows with checkboxes, keyed by external id. */
class Selection {
  constructor(list, counter, all) {
    this.ids = new Set();
    this.list = list;
    this.counter = counter;
    all.addEventListener("change", () => {
      for (const box of list.querySelectorAll("input[type=checkbox]:not(:disabled)")) this.set(box, all.checked);
    });
    this.all = all;
  }
  set(box, on) {
    box.checked = on;
    const row = box.closest("li");
    if (on) this.ids.add(row.dataset.id); else this.ids.delete(row.dataset.id);
    row.classList.toggle("selected", on);
    this.show();
  }
  toggle(row) {
    const box = row.querySelector("input[type=checkbox]");
    if (box && !box.disabled) this.set(box, !box.checked);
  }
  clear() {
    this.ids.clear();
    this.all.checked = false;
    this.show();
  }
  forget(ids) {
    ids.forEach(id => this.ids.delete(id));
    this.show();
  }
  show() {
    this.counter.textContent = this.ids.size + " selected";
  }
  checkbox(item) {
    return el("input", { type: "checkbox", "aria-label": "Select " + (item.title || item.externalId),
      onchange: event => this.set(event.target, event.target.checked) });
  }
}

// ---- Documents: list with filters and keyset "more", or search with highlighted snippets -------------------------

let documentsNext = null;

function documentRow(item) {
  return el("li", { "data-id": item.externalId },
      el("span", { className: "title" }, item.title || item.externalId),
      tag(item.category || "uncategorized"), tag(item.classificationStatus, item.classificationStatus),
      item.source ? tag(item.source) : null,
      el("span", { className: "id" }, item.externalId),
      item.snippet != null ? snippet(item.snippet) : null);
}

function documentsRequest(cursor) {
  const q = $("q").value.trim();
  if (q) return "/v1/search?" + query({ q, limit: 20, cursor });
  const updated = $("f-updated").value;
  return "/v1/documents?" + query({ source: $("f-source").value, category: $("f-category").value,
    status: $("f-status").value, updatedAfter: updated ? new Date(updated).toISOString() : "", limit: 50, cursor });
}

async function loadDocuments(more) {
  const page = await api("GET", documentsRequest(more ? documentsNext : null));
  const rows = page.items.map(documentRow);
  if (more) $("results").append(...rows); else $("results").replaceChildren(...rows);
  documentsNext = page.nextCursor;
  $("documents-more").hidden = !documentsNext;
  const shown = $("results").children.length;
  $("documents-summary").textContent = shown === 0 ? "No matches."
      : shown + (shown === 1 ? " document" : " documents") + " shown" + (documentsNext ? "; more available." : ".");
  if (more && rows.length) rows[0].tabIndex = -1, rows[0].focus();
}

// ---- Review queue -----------------------------------------------------------------------------------------------

let reviewNext = null;
let reviewCategories = [];
let review;

function reviewRow(item) {
  const row = el("li", { "data-id": item.externalId, tabIndex: -1, "aria-label": (item.title || item.externalId)
      + ", suggested " + (item.category || "no category") + ", confidence " + percent(item.confidence) });
  const choose = el("select", { "aria-label": "Change category of " + (item.title || item.externalId) },
      el("option", { value: "" }, "change category…"), reviewCategories.map(c => el("option", { value: c }, c)));
  choose.addEventListener("change", () => choose.value && decide(row, choose.value));
  row.append(review.checkbox(item),
      el("span", { className: "title" }, item.title || item.externalId),
      el("span", {}, "suggested ", tag(item.category || "uncategorized"), " ",
          el("span", { className: "confidence" }, percent(item.confidence))),
      el("button", { type: "button", onclick: () => decide(row, null) }, "Confirm"), choose,
      el("span", { className: "id" }, item.source + " · " + item.externalId));
  return row;
}

async function loadReview(more) {
  if (!more) {
    reviewCategories = categories.slice(0, 9);
    $("review-categories").replaceChildren(...reviewCategories.flatMap((c, i) =>
        [i ? " " : "", el("span", {}, el("kbd", {}, String(i + 1)), " " + c)]));
    review.clear();
  }
  const page = await api("GET", "/v1/documents?" + query({ status: "needs_review", limit: 50,
    cursor: more ? reviewNext : null }));
  const rows = page.items.map(reviewRow);
  if (more) $("queue").append(...rows); else $("queue").replaceChildren(...rows);
  reviewNext = page.nextCursor;
  $("review-more").hidden = !reviewNext;
  rovingFocus($("queue"));
  reviewEmpty();
}

function reviewEmpty() {
  if ($("queue").children.length === 0 && !reviewNext) $("review-result").textContent ||= "Nothing to review.";
}

/** One row is in the Tab order (the current one); j/k move it. */
function rovingFocus(list, current) {
  const rows = [...list.children];
  rows.forEach(row => { row.tabIndex = -1; });
  const target = current && current.isConnected ? current : rows[0];
  if (target) target.tabIndex = 0;
  return target;
}

function move(row, step) {
  const next = step > 0 ? row.nextElementSibling : row.previousElementSibling;
  if (next) rovingFocus($("queue"), next).focus();
}

/**
 * Confirms one document (category null) or classifies it (which confirms it too). The row leaves the queue at once
 * and the focus moves to the next, so a person can go on typing; a failure reloads the queue and says why.
 */
function decide(row, category) {
  const id = row.dataset.id;
  const next = row.nextElementSibling || row.previousElementSibling;
  const hadFocus = row.contains(document.activeElement);
  row.remove();
  review.forget([id]);
  if (next) { rovingFocus($("queue"), next); if (hadFocus) next.focus(); }
  const request = category == null ? api("POST", "/v1/documents/confirm", { externalIds: [id] })
      : api("POST", "/v1/documents/classify", { externalIds: [id], category });
  attempt(async () => {
    try {
      await request;
    } catch (error) {
      await loadReview(false);
      if (hadFocus && $("queue").firstElementChild) $("queue").firstElementChild.focus();
      throw error;
    }
    announce((category == null ? "Confirmed " : "Set to " + category + ": ") + (row.querySelector(".title").textContent));
    if ($("queue").children.length === 0 && reviewNext) await loadReview(false);
    reviewEmpty();
  });
}

function reviewKeys(event) {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.target.closest("input, select, button, textarea")) return;
  const row = event.target.closest("#queue > li");
  if (!row) return;
  const k = event.key;
  if (k === "j" || k === "ArrowDown") move(row, 1);
  else if (k === "k" || k === "ArrowUp") move(row, -1);
  else if (k === "c") decide(row, null);
  else if (k === "x" || k === " ") review.toggle(row);
  else if (/^[1-9]$/.test(k) && reviewCategories[Number(k) - 1]) decide(row, reviewCategories[Number(k) - 1]);
  else return;
  event.preventDefault();
}

async function reviewBulk(path, body, verb) {
  const ids = [...review.ids];
  if (ids.length === 0) { $("review-result").textContent = "Select documents first (x or the checkboxes)."; return; }
  const result = await api("POST", path, Object.assign({ externalIds: ids }, body));
  $("review-result").textContent = verb + ": matched " + result.matched + ", changed " + result.changed + ".";
  ids.forEach(id => { const row = $("queue").querySelector(`li[data-id="${CSS.escape(id)}"]`); if (row) row.remove(); });
  review.clear();
  rovingFocus($("queue"));
  stats = null;
}

// ---- Trash ----------------------------------------------------------------------------------------------------------

let trashNext = null;
let trash;

function provenance(d) {
  if (!d) return "";
  const by = { source: "by its source", sync: "by a sync's sweep", user: "by a user" }[d.deletedBy] || d.deletedBy;
  const parts = ["Deleted " + by + " " + when(d.deletedAt)];
  if (d.reason) parts.push(d.reason);
  if (d.syncId && d.deletedBy === "sync") parts.push("sync " + d.syncId);
  if (d.jobId) parts.push("job " + d.jobId);
  if (d.keyId) parts.push("key " + d.keyId);
  if (d.purged) parts.push("erased: cannot be restored");
  return parts.join(" · ");
}

function trashRow(item) {
  const d = item.deletion || {};
  const box = trash.checkbox(item);
  box.disabled = !!d.purged;
  return el("li", { "data-id": item.externalId, "data-deleted-by": d.deletedBy },
      box, el("span", { className: "title" }, item.title || item.externalId),
      tag(d.deletedBy === "sync" ? "sync sweep" : d.deletedBy === "user" ? "user" : "source event"),
      el("button", { type: "button", disabled: !!d.purged, onclick: () => attempt(() => restore([item.externalId])),
        "aria-label": "Restore " + (item.title || item.externalId) }, "Restore"),
      el("span", { className: "provenance" }, provenance(d)),
      el("span", { className: "id" }, item.source + " · " + item.externalId));
}

async function loadTrash(more) {
  if (!more) trash.clear();
  const page = await api("GET", "/v1/documents?" + query({ deleted: "true", limit: 50, cursor: more ? trashNext : null }));
  const rows = page.items.map(trashRow);
  if (more) $("trash").append(...rows); else $("trash").replaceChildren(...rows);
  trashNext = page.nextCursor;
  $("trash-more").hidden = !trashNext;
  if ($("trash").children.length === 0) $("trash-result").textContent ||= "The trash is empty.";
}

async function restore(ids) {
  if (ids.length === 0) { $("trash-result").textContent = "Select documents first."; return; }
  const result = await api("POST", "/v1/documents/restore", { externalIds: ids });
  $("trash-result").textContent = "Restored: matched " + result.matched + ", changed " + result.changed
      + ", erased (not restorable) " + result.purged + ".";
  ids.forEach(id => { const row = $("trash").querySelector(`li[data-id="${CSS.escape(id)}"]`); if (row) row.remove(); });
  trash.forget(ids);
  stats = null;
}

// ---- Sources and syncs, delete-all ----------------------------------------------------------------------------------

async function loadSources() {
  const listing = await api("GET", "/v1/sources");
  $("sources").tBodies[0].replaceChildren(...listing.items.map(source => {
    const s = source.lastSync;
    return el("tr", { "data-source": source.source, "data-sync": s ? s.syncId : null },
        el("th", { scope: "row" }, source.source), el("td", {}, String(source.documents)),
        el("td", {}, s ? s.state : "no full sync"), el("td", {}, s ? String(s.received) : ""),
        el("td", {}, s ? String(s.applied) : ""), el("td", {}, s ? String(s.unchanged) : ""),
        el("td", {}, s ? String(s.deleted) : ""), el("td", {}, s ? when(s.createdAt) : ""));
  }));
  const held = listing.items.flatMap(source => source.unfinished.filter(s => s.state === "needs_confirmation")
      .map(sync => heldSync(source.source, sync)));
  $("held").replaceChildren(...held);
}

function heldSync(source, sync) {
  const list = el("ul", { className: "rows", "aria-label": "Documents this sync would delete" });
  const more = el("button", { type: "button", className: "more", hidden: true }, "More");
  const result = el("p", { "aria-live": "polite" });
  let next = null;
  const load = async append => {
    const page = await api("GET", "/v1/syncs/" + encodeURIComponent(sync.syncId) + "/deletions?"
        + query({ limit: 50, cursor: append ? next : null }));
    const rows = page.items.map(d => el("li", { "data-id": d.externalId },
        el("span", { className: "title" }, d.title || d.externalId), el("span", { className: "id" }, d.externalId)));
    if (append) list.append(...rows); else list.replaceChildren(...rows);
    next = page.nextCursor;
    more.hidden = !next;
  };
  more.addEventListener("click", () => attempt(() => load(true)));
  const confirm = el("button", { type: "button", className: "danger" }, "Confirm these deletions");
  confirm.addEventListener("click", () => attempt(async () => {
    const moved = await api("POST", "/v1/syncs/" + encodeURIComponent(sync.syncId) + "/confirm-deletions");
    confirm.disabled = true;
    result.textContent = "Confirmed: the sync is " + moved.state + "; its sweep deletes these documents now.";
    const row = $("sources").querySelector(`tr[data-sync="${CSS.escape(sync.syncId)}"]`);
    if (row) row.cells[2].textContent = moved.state;
  }));
  const panel = el("section", { className: "held", "data-sync": sync.syncId, "aria-label": "Held sync of " + source },
      el("h3", {}, "A full sync of " + source + " is waiting for your confirmation"),
      el("p", {}, "It would delete " + (sync.toDelete == null ? "some" : sync.toDelete) + " documents that the source "
          + "no longer listed (sync " + sync.syncId + ", started " + when(sync.createdAt) + "); they are listed below."),
      confirm, result, list, more);
  attempt(() => load(false));
  return panel;
}

let deleteAllPoll = null;

async function deleteAll() {
  if ($("delete-all-confirm").value.trim() !== "delete all") return;
  const job = await api("DELETE", "/v1/documents");
  $("delete-all-confirm").value = "";
  $("delete-all-go").disabled = true;
  $("delete-all-job").hidden = false;
  await followJob(job.jobId);
}

async function followJob(jobId) {
  clearTimeout(deleteAllPoll);
  const job = await api("GET", "/v1/jobs/" + encodeURIComponent(jobId));
  const progress = $("delete-all-progress");
  progress.max = Math.max(job.total || 0, 1);
  progress.value = job.state === "done" ? progress.max : job.done;
  $("delete-all-text").textContent = "Delete-all " + job.state + ": " + job.done + " of " + (job.total ?? "?")
      + " documents deleted.";
  document.body.dataset.job = job.state;
  if (job.state === "pending" || job.state === "running") {
    deleteAllPoll = setTimeout(() => attempt(() => followJob(jobId)), 500);
  } else {
    stats = null;
    if (current === "sources") await loadSources();
  }
}

// ---- Health ---------------------------------------------------------------------------------------------------------

function age(from, now) {
  const seconds = Math.max(0, Math.round((new Date(now) - new Date(from)) / 1000));
  if (seconds < 120) return seconds + " s ago";
  if (seconds < 7200) return Math.round(seconds / 60) + " min ago";
  if (seconds < 172800) return Math.round(seconds / 3600) + " h ago";
  return Math.round(seconds / 86400) + " days ago";
}

async function loadHealth() {
  const [fresh, s] = await Promise.all([api("GET", "/v1/freshness"), loadStats()]);
  const pair = (name, value) => [el("dt", {}, name), el("dd", {}, value)];
  $("freshness").replaceChildren(
      ...pair("Last applied write", fresh.lastAppliedAt ? when(fresh.lastAppliedAt) + " (" + age(fresh.lastAppliedAt, fresh.now) + ")" : "none yet"),
      ...pair("Unfinished full syncs", String(fresh.unfinishedSyncs)),
      ...pair("Oldest unfinished sync", fresh.oldestUnfinishedSyncSince
          ? "started " + when(fresh.oldestUnfinishedSyncSince) + " (" + age(fresh.oldestUnfinishedSyncSince, fresh.now) + ")" : "none"),
      ...pair("Sync events not applied yet", String(fresh.syncEventsNotApplied)));
  $("health-stats").replaceChildren(statsView(s));
}

// ---- views and start ------------------------------------------------------------------------------------------------

const views = {
  documents: async () => { await loadStats(); await loadDocuments(false); },
  review: async () => { if (!stats) await loadStats(); $("review-result").textContent = ""; await loadReview(false); },
  trash: async () => { $("trash-result").textContent = ""; await loadTrash(false); },
  sources: () => loadSources(),
  health: () => loadHealth(),
};
let current = "documents";

function show(view, focus) {
  current = views[view] ? view : "documents";
  sessionStorage.setItem("view", current);
  for (const button of document.querySelectorAll("nav button")) {
    if (button.dataset.view === current) button.setAttribute("aria-current", "page");
    else button.removeAttribute("aria-current");
  }
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== "view-" + current;
  if (focus) $("h-" + current).focus();
  document.body.dataset.view = current;
  if (key()) return attempt(views[current]);
}

function wire() {
  review = new Selection($("queue"), $("review-selected"), $("review-all"));
  trash = new Selection($("trash"), $("trash-selected"), $("trash-all"));
  $("key-form").addEventListener("submit", event => {
    event.preventDefault();
    sessionStorage.setItem("key", key());
    stats = null;
    show(current, false);
  });
  document.querySelectorAll("nav button").forEach(button =>
      button.addEventListener("click", () => show(button.dataset.view, true)));
  $("search").addEventListener("submit", event => { event.preventDefault(); attempt(() => loadDocuments(false)); });
  $("documents-more").addEventListener("click", () => attempt(() => loadDocuments(true)));
  $("queue").addEventListener("keydown", reviewKeys);
  $("review-more").addEventListener("click", () => attempt(() => loadReview(true)));
  $("review-confirm").addEventListener("click", () => attempt(() => reviewBulk("/v1/documents/confirm", {}, "Confirmed")));
  $("review-classify").addEventListener("click", () => attempt(() => {
    const category = $("review-category").value.trim();
    if (!category) { $("review-result").textContent = "Type or pick a category first."; return Promise.resolve(); }
    return reviewBulk("/v1/documents/classify", { category }, "Classified as " + category);
  }));
  $("review-delete").addEventListener("click", () => attempt(() => reviewBulk("/v1/documents/delete", {}, "Deleted")));
  $("trash-restore").addEventListener("click", () => attempt(() => restore([...trash.ids])));
  $("trash-more").addEventListener("click", () => attempt(() => loadTrash(true)));
  $("delete-all-confirm").addEventListener("input", () => {
    $("delete-all-go").disabled = $("delete-all-confirm").value.trim() !== "delete all";
  });
  $("delete-all").addEventListener("submit", event => { event.preventDefault(); attempt(deleteAll); });
  $("health-refresh").addEventListener("click", () => attempt(loadHealth));
}

function start() {
  wire();
  const fragment = new URLSearchParams(location.hash.slice(1));
  $("key").value = fragment.get("key") || sessionStorage.getItem("key") || "";
  if (fragment.get("key")) sessionStorage.setItem("key", fragment.get("key"));
  $("q").value = fragment.get("q") || "";
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  show(fragment.get("view") || sessionStorage.getItem("view") || "documents", false);
}

start();
