// physio's service worker, version __VERSION__ (served by pwa.views.service_worker).
//
// Keeps the portal readable offline: today's page and its pictures, and the videos the
// client has played (within a size cap). A log saved offline is queued in IndexedDB
// with its idempotency key and sent again once the phone is back online; the server
// stores a key once (pwa.models.LogReceipt), so a repeated send is never a second log.
"use strict";

const CONFIG = {{ config|safe }};
const VERSION = "__VERSION__";
const SHELL_CACHE = "physio-shell-" + VERSION;
const PAGE_CACHE = "physio-pages";
const VIDEO_CACHE = "physio-videos";
const KEEP = [SHELL_CACHE, PAGE_CACHE, VIDEO_CACHE];
const LOG_URL = /\/portal\/exercises\/\d+\/log\/\d+\/$/;
const DB_NAME = "physio-offline";
const STORE = "logs";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) =>
      // One missing file must not stop the worker from installing.
      Promise.all(CONFIG.shell.map((url) => cache.add(url).catch(() => null)))
    ).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => !KEEP.includes(n)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
      .then(() => replayQueue())
  );
});

// --- the queue of logs made offline ----------------------------------------------

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function withStore(mode, work) {
  return openDb().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
    tx.onerror = () => reject(tx.error);
  }));
}

const queued = () => withStore("readonly", (store) => store.getAll());
const enqueue = (entry) => withStore("readwrite", (store) => store.put(entry));
const dequeue = (key) => withStore("readwrite", (store) => store.delete(key));

function newKey() {
  return self.crypto.randomUUID();
}

async function tellPages(message) {
  const pages = await self.clients.matchAll({ type: "window" });
  pages.forEach((page) => page.postMessage(message));
}

let replaying = null;

function replayQueue() {
  // One replay at a time: two at once would send each log twice (harmless, but wasteful).
  if (!replaying) {
    replaying = doReplay().finally(() => { replaying = null; });
  }
  return replaying;
}

async function doReplay() {
  const entries = (await queued()).sort((a, b) => a.made - b.made);
  let sent = 0;
  for (const entry of entries) {
    // Replayed as a plain form post: the server answers with a redirect and leaves its
    // word ("saved", or why it could not save) as a message on the client's next page.
    const headers = {};
    for (const name of ["content-type", "x-csrftoken", "idempotency-key"]) {
      if (entry.headers[name]) headers[name] = entry.headers[name];
    }
    let response;
    try {
      response = await fetch(entry.url, {
        method: "POST",
        body: entry.body,
        headers,
        credentials: "same-origin",
        redirect: "manual",
      });
    } catch (error) {
      return sent; // still offline: keep the rest for later
    }
    // The server has answered (saved, or refused with a reason shown on the page):
    // either way this send is done. Only a server error keeps it for another try.
    if (response.status >= 500) return sent;
    await dequeue(entry.key);
    sent += 1;
    await tellPages({ type: "log-sent", target: entry.target, key: entry.key });
  }
  return sent;
}

function offlineCard(target, label) {
  const id = (target || "").replace(/[^A-Za-z0-9_-]/g, "");
  const html =
    '<div class="portal-log border rounded p-2 mb-2 portal-log-queued" id="' + id + '">' +
    '<h3 class="h6 mb-2">' + label + ' <span class="badge text-bg-warning">Waiting to send</span></h3>' +
    '<p class="mb-0" role="status">Saved on this phone. It will be sent when you are back online.</p>' +
    "</div>";
  return new Response(html, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function sendLog(request) {
  const body = await request.clone().text();
  const headers = {};
  for (const name of ["content-type", "x-csrftoken", "hx-request", "hx-target", "hx-current-url"]) {
    const value = request.headers.get(name);
    if (value) headers[name] = value;
  }
  // The page gave the send its key; a send without one (no script) gets one here.
  const key = request.headers.get("idempotency-key") || newKey();
  headers["idempotency-key"] = key;
  try {
    const response = await fetch(request.url, {
      method: "POST", body, headers, credentials: "same-origin", redirect: "manual",
    });
    replayQueue();
    return response;
  } catch (error) {
    await enqueue({ key, url: request.url, body, headers, target: headers["hx-target"] || "", made: Date.now() });
    if (self.registration.sync) {
      self.registration.sync.register("physio-logs").catch(() => null);
    }
    if (!headers["hx-request"]) {
      return Response.redirect(CONFIG.today, 303);
    }
    return offlineCard(headers["hx-target"], "Your log");
  }
}

self.addEventListener("sync", (event) => {
  if (event.tag === "physio-logs") event.waitUntil(replayQueue());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "replay") event.waitUntil(replayQueue());
  if (data.type === "keep-video" && data.url) event.waitUntil(keepVideo(data.url));
  if (data.type === "keep-pages") event.waitUntil(keepPages(data.pages || [], data.fragments || []));
  if (data.type === "forget") {
    event.waitUntil(Promise.all([caches.delete(PAGE_CACHE), caches.delete(VIDEO_CACHE)]));
  }
});

// --- pages, pictures and videos ---------------------------------------------------

function cacheKey(request) {
  // An htmx request answers with a fragment, a plain one with the page: keep them apart.
  const url = new URL(request.url);
  if (request.headers.get("hx-request")) url.searchParams.set("__fragment", "1");
  return url.toString();
}

async function networkFirst(request) {
  const cache = await caches.open(PAGE_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic" && !response.redirected) {
      cache.put(cacheKey(request), response.clone());
    }
    return response;
  } catch (error) {
    const kept = await cache.match(cacheKey(request));
    if (kept) return kept;
    if (request.mode === "navigate") {
      const today = await cache.match(CONFIG.today);
      if (today) return today;
    }
    throw error;
  }
}

async function keepPages(pages, fragments) {
  // The page on screen, its pictures, and the log forms of its rounds, fetched while
  // online so that they open offline too (the first visit was not yet the worker's).
  const cache = await caches.open(PAGE_CACHE);
  const requests = pages.map((url) => new Request(url, { credentials: "same-origin" }))
    .concat(fragments.map((url) => new Request(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })));
  await Promise.all(requests.map(async (request) => {
    const url = new URL(request.url);
    if (url.origin !== self.location.origin) return;
    try {
      const response = await fetch(request);
      if (response.ok && !response.redirected) await cache.put(cacheKey(request), response);
    } catch (error) { /* offline: keep what we have */ }
  }));
  await tellPages({ type: "kept" });
}

async function cacheFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") cache.put(request, response.clone());
  return response;
}

async function videoSizes(cache) {
  const entries = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    entries.push({
      request,
      bytes: Number(response.headers.get("content-length")) || 0,
      kept: Number(response.headers.get("x-physio-kept")) || 0,
    });
  }
  return entries;
}

async function keepVideo(url) {
  const cache = await caches.open(VIDEO_CACHE);
  if (await cache.match(url)) return;
  let response;
  try {
    response = await fetch(url, { credentials: "same-origin" });
  } catch (error) {
    return;
  }
  const bytes = Number(response.headers.get("content-length")) || 0;
  if (!response.ok || response.status !== 200 || !bytes || bytes > CONFIG.videoMaxBytes) return;
  // Oldest kept first out, until the new one fits under the cap.
  const entries = (await videoSizes(cache)).sort((a, b) => a.kept - b.kept);
  let total = entries.reduce((sum, entry) => sum + entry.bytes, 0);
  while (entries.length && total + bytes > CONFIG.videoCacheBytes) {
    const oldest = entries.shift();
    await cache.delete(oldest.request);
    total -= oldest.bytes;
  }
  const headers = new Headers(response.headers);
  headers.set("x-physio-kept", String(Date.now()));
  const body = await response.blob();
  await cache.put(url, new Response(body, { status: 200, headers }));
}

async function video(request) {
  const cache = await caches.open(VIDEO_CACHE);
  const kept = await cache.match(request.url);
  if (!kept) return fetch(request);
  const range = request.headers.get("range");
  if (!range) return kept;
  // Players ask for byte ranges: answer them from the kept copy.
  const blob = await kept.blob();
  const match = /bytes=(\d+)-(\d*)/.exec(range);
  const start = match ? Number(match[1]) : 0;
  const end = match && match[2] ? Number(match[2]) : blob.size - 1;
  return new Response(blob.slice(start, end + 1), {
    status: 206,
    headers: {
      "Content-Type": kept.headers.get("content-type") || "video/mp4",
      "Content-Range": "bytes " + start + "-" + end + "/" + blob.size,
      "Content-Length": String(end - start + 1),
      "Accept-Ranges": "bytes",
    },
  });
}

function isPortalPage(url) {
  return url.pathname === CONFIG.today || url.pathname === CONFIG.home ||
    url.pathname === CONFIG.todaySection || LOG_URL.test(url.pathname);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    if (LOG_URL.test(url.pathname)) event.respondWith(sendLog(request));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith(CONFIG.staticPrefix)) {
    event.respondWith(cacheFirst(request, SHELL_CACHE));
  } else if (url.pathname.startsWith(CONFIG.mediaPrefix)) {
    if (request.destination === "video" || request.headers.get("range")) {
      event.respondWith(video(request));
    } else {
      event.respondWith(networkFirst(request)); // pictures and posters
    }
  } else if (isPortalPage(url)) {
    event.respondWith(networkFirst(request));
  }
});
