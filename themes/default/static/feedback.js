// docent's "Was this page helpful?" form ([feedback] in docent.toml). Without this script the
// form posts its fields as an HTML form does; with it, "What was missing?" shows only after
// "No", a free-text field is added, and the answer is sent as one small JSON request without
// cookies or Referer (or, with `email` instead of `url`, as a prefilled email). The free text
// is scrubbed of emails, dates, phone numbers, digit runs and names by the search client's
// scrubber (search.js, `docentScrub`) before it leaves the page; without it, no text is sent.
(function () {
  "use strict";

  function value(form, name) {
    const field = form.querySelector("[name=" + name + "]:checked") || form.querySelector("[name=" + name + "]:not([type=radio])");
    return field && !field.disabled ? field.value : "";
  }

  function setUp(form) {
    const missing = form.querySelector(".feedback-missing");
    const textBox = form.querySelector(".feedback-text");
    const text = form.querySelector("textarea");
    const status = form.querySelector(".feedback-status");
    const scrub = window.docentScrub;
    if (textBox && text && scrub) {
      textBox.hidden = false;
      text.disabled = false;
    }
    const sync = function () { missing.hidden = value(form, "answer") !== "no"; };
    sync();
    form.addEventListener("change", sync);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const answer = value(form, "answer");
      if (!answer) { status.textContent = form.dataset.choose; return; }
      const no = answer === "no";
      const said = no && scrub ? scrub(value(form, "text"), 500) : "";
      const choice = no ? value(form, "choice") : "";
      const done = function (message) {
        status.textContent = message;
        form.querySelectorAll("input, textarea, button").forEach(function (f) { f.disabled = true; });
      };
      if (form.dataset.mail !== undefined) {
        const label = (form.dataset.mailLabels || "|||").split("|");
        const body = [label[0] + ": " + form.dataset.mail, label[1] + ": " + answer, choice && label[2] + ": " + choice,
          said && label[3] + ": " + said].filter(Boolean).join("\n");
        location.href = form.getAttribute("action") + "&body=" + encodeURIComponent(body);
        done(form.dataset.mailed);
        return;
      }
      const json = JSON.stringify({
        v: 1, page: value(form, "page"), answer: answer, choice: choice, text: said, language: value(form, "language"),
      });
      // text/plain and no-cors: a simple request, so no preflight; no cookies, no Referer.
      fetch(form.action, {
        method: "POST", body: json, mode: "no-cors", credentials: "omit", referrerPolicy: "no-referrer",
        headers: { "content-type": "text/plain" },
      }).then(function () { done(form.dataset.sent); }, function () { status.textContent = form.dataset.failed; });
    });
  }

  function start() { document.querySelectorAll(".feedback-form").forEach(setUp); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
