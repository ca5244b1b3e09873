// docent's theme script: the dark mode toggle, menu toggles and copy buttons.
// Progressive enhancement only: every page works without it.
(function () {
  "use strict";
  const root = document.documentElement;

  // The page's theme strings (its language), from the JSON block the page carries.
  let strings = null;
  function ui(key) {
    if (!strings) {
      const block = document.getElementById("docent-strings");
      try { strings = JSON.parse(block ? block.textContent : "{}"); } catch (e) { strings = {}; }
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

  function setUpThemeToggle() {
    const button = document.querySelector(".theme-toggle");
    if (!button) return;
    const sync = function () { button.setAttribute("aria-pressed", isDark() ? "true" : "false"); };
    button.hidden = false;
    sync();
    button.addEventListener("click", function () {
      const next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("docent-theme", next); } catch (e) { /* not persisted */ }
      sync();
    });
  }

  function setUpMenu() {
    const toggles = document.querySelectorAll(".menu-toggle");
    toggles.forEach(function (button) {
      const list = document.getElementById(button.getAttribute("aria-controls"));
      if (!list) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        const open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", open ? "true" : "false");
        list.hidden = !open;
        button.closest("li").classList.toggle("open", open);
      });
    });
  }

  function setUpCopyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll(".code-block").forEach(function (block) {
      const button = block.querySelector(".copy-code");
      const code = block.querySelector("code");
      if (!button || !code) return;
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

  // Tabs (`::: tabs`): headed sections become the ARIA tabs pattern. One tab in the tab order
  // (roving tabindex); arrow keys, Home and End move between tabs and select them. Choosing a
  // tab ("School nurse") chooses the tab of that title in the page's other groups, and on the
  // next pages (remembered in localStorage), so a reader picks their audience once.
  const TAB_KEY = "docent-tab";
  function setUpTabs() {
    const groups = [];
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
      if (!panels.length) return;
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
      groups.push({ tabs: tabs, select: select });
    });
  }

  // Figures: the image's link to its largest copy becomes a button that opens it in a dialog
  // (Escape or the close button closes it; focus returns to the button).
  function setUpFigures() {
    const links = document.querySelectorAll("a.figure-zoom");
    if (!links.length || typeof HTMLDialogElement !== "function") return;
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
    let opener = null;
    close.addEventListener("click", function () { dialog.close(); });
    // A click on the backdrop (outside the dialog's box) closes it too.
    dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
    dialog.addEventListener("close", function () { if (opener) opener.focus(); });
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
        opener = button;
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

  // Glossary terms: without JavaScript each is a link to its glossary entry; here it becomes a
  // button that shows the explanation written beside it (hidden until then), by click, tap,
  // Enter or Space. Escape closes it and gives focus back; so does a click elsewhere or focus
  // leaving the term. The explanation is placed over the text, so nothing below moves.
  function setUpTerms() {
    const open = [];
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
      if (!link || !def) return;
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
    document.addEventListener("click", function (e) {
      open.slice().forEach(function (t) {
        if (!t.wrap.contains(e.target)) { close(t, false); open.splice(open.indexOf(t), 1); }
      });
    });
  }

  function start() {
    setUpThemeToggle();
    setUpMenu();
    setUpCopyButtons();
    setUpTabs();
    setUpFigures();
    setUpTerms();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
