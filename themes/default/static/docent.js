// docent's theme script: the dark mode toggle, the phone header's search button and menu
// drawer, menu toggles and copy buttons. Progressive enhancement only: every page works
// without it (the header's "Menu" link then jumps to the menu below the content).
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
    const outside = [".skip-link", ".site-header", "main", ".site-footer"]
      .map(function (s) { return document.querySelector(s); })
      .filter(Boolean);
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
      outside.forEach(function (el) { el.inert = open; });
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
    setUpSearchToggle();
    setUpDrawer();
    setUpMenu();
    setUpCopyButtons();
    setUpTerms();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
