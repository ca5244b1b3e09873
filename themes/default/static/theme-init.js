// Applies the reader's saved colour scheme before the page paints, so dark mode never flashes.
// It also marks the page as scripted ("js"), so the stylesheet can keep room for the buttons the
// deferred script reveals (they then appear without moving the page: no layout shift), and, on
// a phone, fold the menu into the drawer docent.js opens instead of showing it after the content.
(function () {
  document.documentElement.classList.add("js");
  try {
    const saved = localStorage.getItem("docent-theme");
    if (saved === "dark" || saved === "light") document.documentElement.setAttribute("data-theme", saved);
  } catch (e) { /* storage may be blocked; follow the system */ }
})();
