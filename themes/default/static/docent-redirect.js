// Redirect pages (/help/ID/, old URLs): go to the canonical URL at once and replace this page in
// the history, so Back returns to where the reader came from. The meta refresh does the same
// without JavaScript.
(function () {
  "use strict";
  const link = document.querySelector('link[rel="canonical"]');
  if (link && link.href) location.replace(link.href);
})();
