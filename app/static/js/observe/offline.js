// Offline support for the form: register the service worker (root scope), ask it to cache
// this observation's page and JSON, and ask the browser to keep our storage.

/** Register /sw.js and warm its cache; sets data-offline-ready="1" on root when done. */
export async function registerServiceWorker(root) {
  // Best effort: without persistence the browser may evict IndexedDB under storage pressure.
  navigator.storage?.persist?.().catch(() => {});
  if (!("serviceWorker" in navigator)) return;
  try {
    await navigator.serviceWorker.register("/sw.js", { scope: "/" });
    const registration = await navigator.serviceWorker.ready;
    const urls = (root.dataset.offlineUrls || "").split(" ").filter(Boolean);
    await warm(registration.active, urls);
    root.dataset.offlineReady = "1";
  } catch (error) {
    console.warn("offline support unavailable", error);
  }
}

function warm(worker, urls) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    worker.postMessage({ type: "warm", urls }, [channel.port2]);
    setTimeout(resolve, 10000); // never hang the page on a busy worker
  });
}
