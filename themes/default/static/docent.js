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

  // Glossary terms: without JavaScript each is a link to its glossary entry; here it becomes a
  // button that shows the explanation written beside it (hidden until then), by click, tap,
  // Enter or Space. Escape closes it and gives focus back; so does a click elsewhere or focus
  // leaving the term. The explanation is placed over the text, so nothing below moves.
  function setUpTerms() {
    const open = [];
    function close(term, refocus) {
      term.def.hidden = true;
      term.button.setAttribute("aria-expanded", "false");
      term.def.style.left = "";
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
        const overflow = def.getBoundingClientRect().right - (document.documentElement.clientWidth - 8);
        if (overflow > 0) def.style.left = -Math.min(overflow, wrap.getBoundingClientRect().left - 8) + "px";
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
    setUpTerms();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
