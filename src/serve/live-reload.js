// docent serve's live-reload client. `docent serve` adds it to the pages it serves; built sites
// never contain it. It listens to /__docent/events: `reload` reloads the page and keeps the
// scroll position, `css` swaps stylesheets without a reload, `problems` shows the build's errors
// in an overlay (as text), `clear` removes it, and a `hello` from a restarted server reloads.
(() => {
  "use strict";
  const scrollKey = "docent-serve-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    const restore = () => window.scrollTo(0, Number(saved) || 0);
    if (document.readyState === "complete") restore();
    else window.addEventListener("load", restore, { once: true });
  }

  let server = null;
  const events = new EventSource("/__docent/events");
  events.addEventListener("hello", (e) => {
    if (server !== null && server !== e.data) reload();
    server = e.data;
  });
  events.addEventListener("reload", reload);
  events.addEventListener("css", (e) => swapStylesheets(JSON.parse(e.data)));
  events.addEventListener("problems", (e) => showProblems(JSON.parse(e.data)));
  events.addEventListener("clear", () => showProblems([]));

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  }

  /** `swaps` is a list of [old path, new path]; a link whose path is an old one gets the new one. */
  function swapStylesheets(swaps) {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      for (const [from, to] of swaps) {
        if (url.pathname !== from) continue;
        const next = new URL(to, location.href);
        if (from === to) next.searchParams.set("docent-reload", String(Date.now()));
        link.href = next.pathname + next.search;
      }
    }
    document.documentElement.dataset.docentCss = String((Number(document.documentElement.dataset.docentCss) || 0) + 1);
  }

  /** Shows `problems` (a list of {text}) in an overlay, as text; an empty list removes it. */
  function showProblems(problems) {
    let box = document.getElementById("docent-serve-problems");
    if (problems.length === 0) {
      box?.remove();
      return;
    }
    if (!box) {
      box = document.createElement("section");
      box.id = "docent-serve-problems";
      box.setAttribute("role", "alert");
      box.setAttribute("aria-label", "Build problems");
      Object.assign(box.style, {
        position: "fixed", inset: "auto 0 0 0", maxHeight: "60vh", overflow: "auto", zIndex: "2147483647",
        margin: "0", padding: "1rem", background: "#2b0000", color: "#fff", font: "14px/1.4 monospace",
        borderTop: "4px solid #ff5c5c",
      });
      document.body.append(box);
    }
    const title = document.createElement("h2");
    title.textContent = "docent: the last change has problems; showing the last good build";
    title.style.font = "bold 16px sans-serif";
    const items = problems.map((p) => {
      const pre = document.createElement("pre");
      pre.style.whiteSpace = "pre-wrap";
      pre.textContent = p.text;
      return pre;
    });
    box.replaceChildren(title, ...items);
  }
})();
