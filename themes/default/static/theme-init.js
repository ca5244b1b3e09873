// Applies the reader's saved colour scheme before the page paints, so dark mode never flashes.
(function () {
  try {
    var saved = localStorage.getItem("docent-theme");
    if (saved === "dark" || saved === "light") document.documentElement.setAttribute("data-theme", saved);
  } catch (e) { /* storage may be blocked; follow the system */ }
})();
