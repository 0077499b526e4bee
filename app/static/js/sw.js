// TETT PÅ service worker (served at /sw.js so its scope is the whole site).
//
// - The app shell (CSS, JS modules) is cached at install, cache-first, in a cache named by
//   VERSION: the server fills in a hash of the files, so a deploy replaces the shell.
// - Observation pages and their JSON are network-first with a cache fallback, so online
//   people always see the server's copy and offline people still get the form.
// - Nothing that writes (PUT/POST) is touched: the page's own queue handles those.

const VERSION = "dev";
const SHELL = /*SHELL*/[]/*END*/;
const SHELL_CACHE = `tettpaa-shell-${VERSION}`;
const DATA_CACHE = "tettpaa-data-v1";
const NETWORK_TIMEOUT_MS = 6000;
const DATA_PATHS = [
  /^\/observe\/[0-9a-f-]{36}(\/summary)?$/,
  /^\/api\/v1\/observations\/[0-9a-f-]{36}$/,
  /^\/api\/v1\/instruments\/[\w.@-]+$/,
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      // One missing file must not stop the rest of the shell from being cached.
      .then((cache) => Promise.all(SHELL.map((url) => cache.add(url).catch(() => null))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((k) => k.startsWith("tettpaa-shell-") && k !== SHELL_CACHE).map((k) => caches.delete(k)),
      ))
      .then(() => self.clients.claim()),
  );
});

// ?cycle=2 and #anchors show the same page: cache it once, by path.
function dataKey(url) {
  const u = new URL(url, self.location.origin);
  return u.origin + u.pathname;
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

async function remember(key, response) {
  // Only real pages: a redirect means the session ended (login page), an error is not data.
  if (response.ok && !response.redirected) {
    const cache = await caches.open(DATA_CACHE);
    await cache.put(key, response.clone());
  }
  return response;
}

async function networkFirst(request) {
  const key = dataKey(request.url);
  try {
    return await remember(key, await withTimeout(fetch(request), NETWORK_TIMEOUT_MS));
  } catch (error) {
    const cached = await caches.match(key, { cacheName: DATA_CACHE });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(SHELL_CACHE)).put(request, response.clone());
  return response;
}

async function deleteDatabases() {
  let names = ["tettpaa-observe"];
  try {
    const listed = await Promise.race([   // some WebKit builds never answer databases()
      indexedDB.databases?.() ?? [],
      new Promise((resolve) => setTimeout(() => resolve([]), 1000)),
    ]);
    names = names.concat(listed.map((d) => d.name).filter((n) => n?.startsWith("tettpaa-observe-")));
  } catch {
    // no indexedDB.databases(): the pages delete their own database at sign-out
  }
  await Promise.all(names.map((name) => new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  })));
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/logout") {
    // Someone else may use this tablet next: forget the cached observation pages and the
    // observations' databases (the page clears them too; this covers a sign-out elsewhere).
    event.waitUntil(Promise.all([caches.delete(DATA_CACHE), deleteDatabases()]));
    return;
  }
  if (request.method !== "GET") return;
  if (SHELL.includes(url.pathname)) event.respondWith(cacheFirst(request));
  else if (DATA_PATHS.some((re) => re.test(url.pathname))) event.respondWith(networkFirst(request));
});

// The page asks for its observation to be cached even before this worker controlled it.
self.addEventListener("message", (event) => {
  if (event.data?.type !== "warm") return;
  const urls = event.data.urls || [];
  event.waitUntil(
    Promise.all(urls.map((url) =>
      fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then((response) => remember(dataKey(url), response))
        .catch(() => null),
    )).then(() => event.ports[0]?.postMessage({ ok: true })),
  );
});
