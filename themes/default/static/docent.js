// docent's theme script: the dark mode toggle, the phone header's search button and menu
// drawer, menu toggles and copy buttons. Progressive enhancement only: every page works
// without it (the header's "Menu" link then jumps to the menu below the content).
// `window.docent.refresh()` sets up content put in the page after it loaded (the preview's
// in-place updates); it skips what is already set up, so it may run any number of times.
(function () {
  "use strict";
  const root = document.documentElement;

  // The page's theme strings (its language): `window.docentStrings`, which the build puts at the
  // start of this script, by `<html lang>`.
  let strings = null;
  function ui(key) {
    if (!strings) {
      // A site's own base.html may still carry them as a JSON block, which then wins.
      const block = document.getElementById("docent-strings");
      const all = window.docentStrings || {};
      try { strings = block ? JSON.parse(block.textContent) : all[document.documentElement.lang] || {}; } catch (e) { strings = {}; }
    }
    return strings[key] || key;
  }

  function systemDark() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function isDark() {
    const t = root.getAttribute("data-theme");
    return t ? t === "dark" : systemDark();
  }

  // A pressed toggle with a stable name ("Dark mode"): pressed while dark mode is on, whether
  // the reader chose it (theme-init.js applied the saved choice before this runs) or the
  // system did. It is revealed only once its state is right.
  function setUpThemeToggle() {
    const button = document.querySelector(".theme-toggle");
    if (!button) return;
    const sync = function () { button.setAttribute("aria-pressed", isDark() ? "true" : "false"); };
    sync();
    button.hidden = false;
    button.addEventListener("click", function () {
      const next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("docent-theme", next); } catch (e) { /* not persisted */ }
      sync();
    });
    // Another tab's choice, or the system's scheme changing while the page is open.
    window.addEventListener("storage", function (e) {
      if (e.key !== "docent-theme") return;
      if (e.newValue === "dark" || e.newValue === "light") root.setAttribute("data-theme", e.newValue);
      else root.removeAttribute("data-theme");
      sync();
    });
    if (window.matchMedia) window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", sync);
  }

  // Narrow screens (the stylesheet's breakpoint): the header's buttons replace the search box and
  // the in-page menu.
  const narrow = window.matchMedia ? window.matchMedia("(max-width: 48rem)") : { matches: false, addEventListener() {} };

  // The phone header's search button shows the search box below the header and focuses it;
  // Escape (when the search has nothing else to close) and the button hide it again.
  function setUpSearchToggle() {
    const button = document.querySelector(".search-toggle");
    const form = button && document.getElementById(button.getAttribute("aria-controls"));
    const header = button && button.closest(".site-header");
    const input = form && form.querySelector("input[type=search]");
    if (!input || !header) return;
    const isOpen = function () { return header.classList.contains("search-open"); };
    const setOpen = function (open, refocus) {
      header.classList.toggle("search-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) input.focus();
      else if (refocus) button.focus();
    };
    button.hidden = false;
    button.addEventListener("click", function () { setOpen(!isOpen(), true); });
    form.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !e.defaultPrevented && isOpen() && narrow.matches) { e.preventDefault(); setOpen(false, true); }
    });
    document.addEventListener("click", function (e) {
      if (isOpen() && !form.contains(e.target) && !button.contains(e.target)) setOpen(false, false);
    });
  }

  // The menu drawer (narrow screens): a modal dialog opened by the menu button. Focus moves to
  // its close button and stays inside (Tab wraps; the rest of the page is inert); Escape, the
  // close button and a tap beside the panel close it and give focus back to the menu button.
  function setUpDrawer() {
    const button = document.querySelector(".menu-button");
    const drawer = button && document.getElementById(button.getAttribute("aria-controls"));
    const close = drawer && drawer.querySelector(".menu-close");
    if (!close) return;
    // Looked up at each use: the preview's in-place update replaces <main>.
    const outside = function () {
      return [".skip-link", ".site-header", "main", ".site-footer"]
        .map(function (s) { return document.querySelector(s); })
        .filter(Boolean);
    };
    const isOpen = function () { return drawer.classList.contains("open"); };
    const focusable = function () {
      return Array.from(drawer.querySelectorAll("a[href], button:not([hidden])"))
        .filter(function (el) { return el.getClientRects().length > 0; });
    };
    function setOpen(open, refocus) {
      drawer.classList.toggle("open", open);
      document.body.classList.toggle("drawer-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        drawer.setAttribute("role", "dialog");
        drawer.setAttribute("aria-modal", "true");
        drawer.setAttribute("aria-labelledby", "menu-button-label");
      } else {
        ["role", "aria-modal", "aria-labelledby"].forEach(function (a) { drawer.removeAttribute(a); });
      }
      outside().forEach(function (el) { el.inert = open; });
      if (open) close.focus();
      else if (refocus) button.focus();
    }
    button.hidden = false;
    close.hidden = false;
    button.addEventListener("click", function () { setOpen(true); });
    close.addEventListener("click", function () { setOpen(false, true); });
    drawer.addEventListener("click", function (e) { if (e.target === drawer && isOpen()) setOpen(false, true); });
    // A page's own link to the menu (`#menu`, an anchor every page has) opens the drawer.
    document.addEventListener("click", function (e) {
      const link = e.target.closest && e.target.closest('a[href="#menu"]');
      if (link && narrow.matches && !isOpen()) { e.preventDefault(); setOpen(true); }
    });
    document.addEventListener("keydown", function (e) {
      if (!isOpen()) return;
      if (e.key === "Escape") {
        e.preventDefault();
        setOpen(false, true);
      } else if (e.key === "Tab") {
        const items = focusable();
        const first = items[0], last = items[items.length - 1];
        if (!drawer.contains(document.activeElement)) { e.preventDefault(); first.focus(); }
        else if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
        else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
      }
    });
    // Widened to the desktop layout while open: the menu is a sidebar again, the page usable.
    narrow.addEventListener("change", function (e) { if (!e.matches && isOpen()) setOpen(false, false); });
  }

  // Marks an element as set up; false when it already was.
  function once(element) {
    if (element.hasAttribute("data-docent-ready")) return false;
    element.setAttribute("data-docent-ready", "");
    return true;
  }

  function setUpMenu() {
    const toggles = document.querySelectorAll(".menu-toggle");
    toggles.forEach(function (button) {
      if (!once(button)) return;
      const list = document.getElementById(button.getAttribute("aria-controls"));
      if (!list) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        const open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", open ? "true" : "false");
        list.hidden = !open;
      });
    });
  }

  function setUpCopyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll(".code-block").forEach(function (block) {
      const button = block.querySelector(".copy-code");
      const code = block.querySelector("code");
      if (!button || !code || !once(button)) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(code.textContent).then(function () {
          button.textContent = ui("copied");
          setTimeout(function () { button.textContent = ui("copy"); }, 2000);
        }, function () {
          button.textContent = ui("copy_failed");
        });
      });
    });
  }

  // The language menu remembers the reader's choice; the default language's home page offers
  // the chosen (else the browser's) language once, as a note the reader may dismiss. Never a
  // redirect: a shared link opens what it names.
  function setUpLanguages() {
    const get = function (key) { try { return localStorage.getItem(key); } catch (e) { return null; } };
    const set = function (key, value) { try { localStorage.setItem(key, value); } catch (e) { /* not kept */ } };
    document.querySelectorAll(".language-menu a[data-language], .language-offer a[data-language]").forEach(function (a) {
      a.addEventListener("click", function () { set("docent-language", a.getAttribute("data-language")); });
    });
    const offers = Array.prototype.slice.call(document.querySelectorAll(".language-offer[data-language]"));
    if (!offers.length || get("docent-language-offered")) return;
    const primary = function (tag) { return String(tag || "").toLowerCase().split(/[-_]/)[0]; };
    const chosen = get("docent-language");
    const wanted = (chosen ? [chosen] : []).concat(navigator.languages || [navigator.language]);
    const here = primary(root.getAttribute("lang"));
    for (const tag of wanted) {
      const code = String(tag || "").toLowerCase();
      if (!code) continue;
      if (primary(code) === here) return;
      const offer = offers.find(function (o) { return o.getAttribute("data-language").toLowerCase() === code; }) ||
        offers.find(function (o) { return primary(o.getAttribute("data-language")) === primary(code); });
      if (!offer) continue;
      offer.hidden = false;
      set("docent-language-offered", "1");
      const dismiss = offer.querySelector(".language-offer-dismiss");
      if (dismiss) dismiss.addEventListener("click", function () { offer.hidden = true; });
      return;
    }
  }

  // Tabs (`::: tabs`): headed sections become the ARIA tabs pattern. One tab in the tab order
  // (roving tabindex); arrow keys, Home and End move between tabs and select them. Choosing a
  // tab ("School nurse") chooses the tab of that title in the page's other groups, and on the
  // next pages (remembered in localStorage), so a reader picks their audience once.
  const TAB_KEY = "docent-tab";
  // Every group set up so far; one swapped out of the page (serve's in-place update) is dropped.
  let groups = [];
  function setUpTabs() {
    groups = groups.filter(function (g) { return g.box.isConnected; });
    let remembered = null;
    try { remembered = localStorage.getItem(TAB_KEY); } catch (e) { /* not remembered */ }
    function chosen(title) {
      try { localStorage.setItem(TAB_KEY, title); } catch (e) { /* not remembered */ }
      groups.forEach(function (g) {
        const i = g.tabs.findIndex(function (t) { return t.textContent === title; });
        if (i >= 0) g.select(i, false);
      });
    }
    document.querySelectorAll(".tabs").forEach(function (box) {
      const panels = Array.prototype.filter.call(box.children, function (c) { return c.classList.contains("tab-panel"); });
      if (!panels.length || !once(box)) return;
      const list = document.createElement("div");
      list.className = "tab-list";
      list.setAttribute("role", "tablist");
      const tabs = panels.map(function (panel, i) {
        const title = panel.querySelector(".tab-title");
        const tab = document.createElement("button");
        tab.type = "button";
        tab.id = box.id + "-tab-" + (i + 1);
        tab.setAttribute("role", "tab");
        tab.textContent = title ? title.textContent : String(i + 1);
        panel.id = panel.id || box.id + "-panel-" + (i + 1);
        tab.setAttribute("aria-controls", panel.id);
        panel.setAttribute("role", "tabpanel");
        panel.setAttribute("aria-labelledby", tab.id);
        panel.tabIndex = 0;
        list.appendChild(tab);
        return tab;
      });
      function select(n, focus) {
        tabs.forEach(function (tab, i) {
          const on = i === n;
          tab.setAttribute("aria-selected", on ? "true" : "false");
          tab.tabIndex = on ? 0 : -1;
          panels[i].hidden = !on;
        });
        if (focus) tabs[n].focus();
      }
      list.addEventListener("click", function (e) {
        const n = tabs.indexOf(e.target.closest("[role=tab]"));
        if (n >= 0) { select(n, false); chosen(tabs[n].textContent); }
      });
      list.addEventListener("keydown", function (e) {
        const n = tabs.indexOf(document.activeElement);
        if (n < 0) return;
        const to = { ArrowRight: n + 1, ArrowLeft: n - 1, Home: 0, End: tabs.length - 1 }[e.key];
        if (to === undefined) return;
        e.preventDefault();
        const next = (to + tabs.length) % tabs.length;
        select(next, true);
        chosen(tabs[next].textContent);
      });
      box.insertBefore(list, panels[0]);
      // A link to a tab's title (`#school-nurse`) or to something inside a tab opens that tab.
      const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      let start = target ? panels.findIndex(function (p) { return p.contains(target); }) : -1;
      if (start < 0) start = tabs.findIndex(function (t) { return t.textContent === remembered; });
      select(Math.max(start, 0), false);
      groups.push({ box: box, tabs: tabs, select: select });
    });
  }

  // Figures: the image's link to its largest copy becomes a button that opens it in a dialog
  // (Escape or the close button closes it; focus returns to the button). The page has one
  // dialog, made on first need (set-up may run again on new content).
  let figureDialog = null;
  function setUpFigures() {
    const links = document.querySelectorAll("a.figure-zoom");
    if (!links.length || typeof HTMLDialogElement !== "function") return;
    if (!figureDialog) figureDialog = makeFigureDialog();
    const { dialog, close, big, caption } = figureDialog;
    links.forEach(function (link) {
      const img = link.querySelector("img");
      if (!img) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "figure-zoom";
      button.setAttribute("aria-haspopup", "dialog");
      button.setAttribute("aria-label", ui("figure_enlarge").replace("{alt}", img.alt));
      button.dataset.full = link.getAttribute("href");
      button.appendChild(img);
      link.replaceWith(button);
      button.addEventListener("click", function () {
        figureDialog.opener = button;
        big.src = button.dataset.full;
        // A drawing has no pixels to run out of: shown as large as the dialog allows.
        big.classList.toggle("figure-dialog-vector", /\.svg($|[?#])/i.test(button.dataset.full));
        big.alt = img.alt;
        const figcaption = button.closest("figure") && button.closest("figure").querySelector("figcaption");
        caption.textContent = figcaption ? figcaption.textContent : img.alt;
        dialog.showModal();
        close.focus();
      });
    });
  }
  function makeFigureDialog() {
    const dialog = document.createElement("dialog");
    dialog.className = "figure-dialog";
    const close = document.createElement("button");
    close.type = "button";
    close.className = "figure-dialog-close";
    close.textContent = ui("figure_close");
    const big = document.createElement("img");
    const caption = document.createElement("p");
    caption.id = "figure-dialog-caption";
    dialog.append(close, big, caption);
    dialog.setAttribute("aria-labelledby", caption.id);
    document.body.appendChild(dialog);
    const made = { dialog: dialog, close: close, big: big, caption: caption, opener: null };
    close.addEventListener("click", function () { dialog.close(); });
    // A click on the backdrop (outside the dialog's box) closes it too.
    dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
    dialog.addEventListener("close", function () { if (made.opener) made.opener.focus(); });
    return made;
  }

  // Glossary terms: without JavaScript each is a link to its glossary entry; here it becomes a
  // button that shows the explanation written beside it (hidden until then), by click, tap,
  // Enter or Space. Escape closes it and gives focus back; so does a click elsewhere or focus
  // leaving the term. The explanation is placed over the text, so nothing below moves.
  const open = [];
  let listening = false;
  function setUpTerms() {
    function close(term, refocus) {
      term.def.hidden = true;
      term.button.setAttribute("aria-expanded", "false");
      term.def.style.transform = "";
      if (refocus) term.button.focus();
    }
    function closeAll(except) {
      open.splice(0).forEach(function (t) { if (t !== except) close(t, false); });
      if (except) open.push(except);
    }
    document.querySelectorAll(".term").forEach(function (wrap) {
      const link = wrap.querySelector(".term-link");
      const def = wrap.querySelector(".term-def");
      if (!link || !def || !once(wrap)) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "term-button";
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", def.id);
      button.setAttribute("aria-describedby", def.id);
      while (link.firstChild) button.appendChild(link.firstChild);
      link.replaceWith(button);
      const term = { button: button, def: def, wrap: wrap };
      button.addEventListener("click", function () {
        if (!def.hidden) { close(term, false); return; }
        closeAll(term);
        def.hidden = false;
        button.setAttribute("aria-expanded", "true");
        // Keep it on the screen, in either writing direction.
        const box = def.getBoundingClientRect();
        const room = document.documentElement.clientWidth - 8;
        const shift = box.right > room ? room - box.right : box.left < 8 ? 8 - box.left : 0;
        if (shift) def.style.transform = "translateX(" + Math.max(shift, 8 - box.left) + "px)";
      });
      wrap.addEventListener("keydown", function (e) {
        if (e.key === "Escape" && !def.hidden) { e.preventDefault(); close(term, true); }
      });
      wrap.addEventListener("focusout", function (e) {
        if (!def.hidden && !wrap.contains(e.relatedTarget)) close(term, false);
      });
    });
    if (listening) return;
    listening = true;
    document.addEventListener("click", function (e) {
      open.slice().forEach(function (t) {
        if (!t.wrap.contains(e.target)) { close(t, false); open.splice(open.indexOf(t), 1); }
      });
    });
  }

  function setUpContent() {
    open.splice(0);
    setUpMenu();
    setUpCopyButtons();
    setUpLanguages();
    setUpTabs();
    setUpFigures();
    setUpTerms();
  }
  function start() {
    setUpThemeToggle();
    setUpSearchToggle();
    setUpDrawer();
    setUpContent();
  }
  window.docent = { refresh: setUpContent };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
