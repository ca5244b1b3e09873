// docent's video page script: chapter and transcript links seek the player, `#t=95`,
// `#t=1:35` and `#t=1m35s` start the video there, and the transcript marks the cue being
// spoken (aria-current="time"). Progressive enhancement: without it the links are plain
// links to the page and the player works on its own.
(function () {
  "use strict";
  const player = document.getElementById("player");
  if (!player) return;
  const cues = Array.from(document.querySelectorAll(".transcript a[data-seek]")).map((link) => ({
    link,
    start: parseFloat(link.dataset.seek),
  }));

  // Seconds from "95", "95.5", "1:35", "1:02:03" or "1h2m35s"; NaN when it is none of these.
  function parseTime(text) {
    text = String(text).trim();
    if (/^\d+(\.\d+)?$/.test(text)) return parseFloat(text);
    if (/^\d+(:\d{2}){1,2}$/.test(text)) return text.split(":").reduce((acc, part) => acc * 60 + Number(part), 0);
    const units = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
    if (units && text !== "") return (Number(units[1] || 0) * 60 + Number(units[2] || 0)) * 60 + Number(units[3] || 0);
    return NaN;
  }

  function timeFromHash() {
    const match = /^#t=([^&]+)/.exec(location.hash);
    return match ? parseTime(decodeURIComponent(match[1])) : NaN;
  }

  function seek(seconds, play) {
    if (!isFinite(seconds)) return;
    const go = () => {
      player.currentTime = Math.min(seconds, isFinite(player.duration) ? player.duration : seconds);
      if (play) player.play().catch(() => { /* playback needs another click; the position is set */ });
    };
    if (player.readyState >= 1) go();
    else player.addEventListener("loadedmetadata", go, { once: true });
  }

  let current = null;
  function highlight() {
    const t = player.currentTime;
    let found = null;
    for (const cue of cues) {
      if (cue.start <= t + 0.05) found = cue;
      else break;
    }
    if (found === current) return;
    if (current) current.link.removeAttribute("aria-current");
    if (found) found.link.setAttribute("aria-current", "time");
    current = found;
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[data-seek]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    history.replaceState(null, "", link.getAttribute("href"));
    seek(parseFloat(link.dataset.seek), true);
  });
  window.addEventListener("hashchange", () => seek(timeFromHash(), true));
  player.addEventListener("timeupdate", highlight);
  player.addEventListener("seeked", highlight);
  seek(timeFromHash(), false);
})();
