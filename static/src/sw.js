// The service worker (served as /sw.js, scope "/"): the room page opens
// without network once it has been opened on this device. The build
// (build.mjs) fills in __PRECACHE__ (the room's entry, every chunk it may
// load, the stylesheet and the messages, under their content-hashed names)
// and __SW_VERSION__ (a hash of that list: a new build is a new worker and
// drops the old assets).
// - /static/dist/…: cache first (the names change with the content; the
//   server's Vary: Accept-Encoding is ignored: the body kept is the decoded
//   file whichever encoding carried it);
// - a room page (/w/<id>): network first, the copy kept from its last visit
//   when the network fails or takes over PAGE_TIMEOUT_MS;
// - anything else, API JSON included, is never touched.

/* global __PRECACHE__, __SW_VERSION__ */
const PRECACHE = __PRECACHE__;
const ASSETS = `cocrea-assets-${__SW_VERSION__}`;
const PAGES = "cocrea-pages";
const PAGE_TIMEOUT_MS = 4000;
const ROOM_PAGE = /^\/w\/[^/]+$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(ASSETS)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => name.startsWith("cocrea-assets-") && name !== ASSETS).map((name) => caches.delete(name))),
      )
      .then(() => self.clients.claim()),
  );
});

const fromNetworkWithin = (request, ms) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    fetch(request).then(
      (response) => {
        clearTimeout(timer);
        resolve(response);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });

const keepPage = async (path, response) => {
  // Only a real room page: not a redirect, an error page or a login prompt.
  if (!response.ok || response.redirected || response.type !== "basic") return;
  const cache = await caches.open(PAGES);
  await cache.put(path, response);
};

const roomPage = async (request, path) => {
  try {
    const response = await fromNetworkWithin(request, PAGE_TIMEOUT_MS);
    await keepPage(path, response.clone());
    return response;
  } catch (error) {
    const cache = await caches.open(PAGES);
    const kept = await cache.match(path);
    if (kept) return kept;
    throw error;
  }
};

const asset = async (request) => {
  const cache = await caches.open(ASSETS);
  const kept = await cache.match(request, { ignoreVary: true, ignoreSearch: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
};

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/dist/")) {
    event.respondWith(asset(request));
  } else if (request.mode === "navigate" && ROOM_PAGE.test(url.pathname)) {
    event.respondWith(roomPage(request, url.pathname));
  }
});

// The page asks to keep itself: its first visit came before the worker.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  const port = event.ports && event.ports[0];
  if (data.type !== "keep-page" || typeof data.path !== "string" || !ROOM_PAGE.test(data.path)) return;
  event.waitUntil(
    fetch(data.path, { credentials: "same-origin" })
      .then((response) => keepPage(data.path, response))
      .then(
        () => port && port.postMessage({ ok: true }),
        () => port && port.postMessage({ ok: false }),
      ),
  );
});
