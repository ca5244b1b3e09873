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

  function start() {
    setUpThemeToggle();
    setUpMenu();
    setUpCopyButtons();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
