// docent's offline reading ([offline] in docent.toml): registers the service worker (sw.js,
// written with the build) and runs the "Save for offline use" buttons, which ask the worker to
// save every page of a module. Progressive enhancement: without it the site works online.
(function () {
  "use strict";
  const script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) return;
  const registered = navigator.serviceWorker.register(script.dataset.worker, { scope: script.dataset.scope });
  registered.catch(function () { /* a refused worker leaves the site as it is online */ });

  // One question to the active worker; resolves with its answer.
  function ask(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve, reject) {
        const channel = new MessageChannel();
        channel.port1.onmessage = function (e) { if (e.data && e.data.error) reject(new Error(e.data.error)); else resolve(e.data); };
        registration.active.postMessage(message, [channel.port2]);
      });
    });
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? String(values[k]) : m; });
  }

  function setUp(box) {
    const button = box.querySelector(".offline-save-button");
    const videos = box.querySelector(".offline-videos input");
    const status = box.querySelector(".offline-status");
    const module = box.dataset.module;
    box.hidden = false;
    const check = function () {
      ask({ type: "status", module: module, videos: !!(videos && videos.checked) }).then(function (r) {
        if (r.saved && !status.textContent) status.textContent = box.dataset.ready;
      }, function () {});
    };
    check();
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = box.dataset.saving;
      ask({ type: "save", module: module, videos: !!(videos && videos.checked) }).then(function (r) {
        status.textContent = fill(r.failed ? box.dataset.partly : box.dataset.saved, r);
      }, function () {
        status.textContent = box.dataset.failed;
      }).then(function () { button.disabled = false; });
    });
  }

  function start() { document.querySelectorAll(".offline-save").forEach(setUp); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
