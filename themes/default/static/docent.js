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

  function start() {
    setUpThemeToggle();
    setUpMenu();
    setUpCopyButtons();
    setUpLanguages();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
