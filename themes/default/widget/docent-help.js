/*! docent-help.js: contextual help for an application's screens, from a docent help site.
 *
 * An application page includes this one file from the help site:
 *   <script src="https://help.example.org/docent-help.js" defer></script>
 * and marks each screen title with its screen ID:
 *   <h1 data-help="patient-search">Patient Search</h1>
 * Beside each such element the widget puts a help link to /help/ID/ at once, then, when the help
 * map (help-map.json, fetched as data) has loaded, a help button that opens a popover with the
 * screen's summary, "Open the guide" and "Learn More" links.
 *
 * Rules it keeps: one global (DocentHelp); patches nothing; Shadow DOM with constructed
 * stylesheets (no inline styles, no inline scripts, no eval, no script element, no Trusted Types
 * policy needed); sends the help site no cookie and no Referer; the map is data, checked field by
 * field, and inserted as text only; links must be http(s) on the help site; any failure leaves
 * the plain link, and no error reaches the page.
 */
(function (win, doc) {
  "use strict";
  if (win.DocentHelp) return;

  let ATTR = "data-help";
  let ID = /^[a-z0-9-]+$/;
  let WORDS = {
    en: ["Help", "Open the guide", "Learn More", "Close", " (opens in a new tab)"],
    es: ["Ayuda", "Abrir la guía", "Más información", "Cerrar", " (se abre en una pestaña nueva)"],
    fr: ["Aide", "Ouvrir le guide", "En savoir plus", "Fermer", " (s’ouvre dans un nouvel onglet)"],
    pt: ["Ajuda", "Abrir o guia", "Saiba mais", "Fechar", " (abre numa nova aba)"],
  };
  let CSS =
    ":host{all:initial!important;display:inline-block!important;position:relative!important;" +
    "vertical-align:middle!important;" +
    "margin:0 .3em!important;line-height:1!important}" +
    ".b{box-sizing:border-box;display:inline-flex;align-items:center;justify-content:center;width:24px;" +
    "height:24px;margin:0;padding:0;border:0;border-radius:50%;background:none;cursor:pointer;" +
    "text-decoration:none;vertical-align:middle}" +
    ".i{display:flex;align-items:center;justify-content:center;width:20px;height:20px;border-radius:50%;" +
    "background:#0a58ca;color:#fff;font:700 14px/1 system-ui,sans-serif}" +
    ".b:focus-visible,.p:focus-visible,.p a:focus-visible,.x:focus-visible{outline:2px solid #0a58ca;outline-offset:2px}" +
    ".p{box-sizing:border-box;position:absolute;top:calc(100% + 6px);inset-inline-start:0;z-index:2147483647;" +
    "width:min(22rem,calc(100vw - 16px));margin:0;padding:12px 14px;border:1px solid #6e7781;" +
    "border-radius:8px;background:#fff;color:#1f2328;box-shadow:0 4px 16px rgba(0,0,0,.25);" +
    "font:400 15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;text-align:start;" +
    "white-space:normal;overflow-wrap:anywhere}" +
    ".p:popover-open{position:fixed;inset:auto}" +
    ".t{margin:0 0 6px;margin-inline-end:28px;font-weight:700}.s{margin:0 0 10px}" +
    ".l{margin:0;display:flex;flex-wrap:wrap;gap:6px 16px}a{color:#0a58ca;text-decoration:underline}" +
    ".x{position:absolute;top:6px;inset-inline-end:6px;width:24px;height:24px;padding:0;border:0;border-radius:4px;" +
    "background:none;color:inherit;font:20px/1 system-ui,sans-serif;cursor:pointer}" +
    ".v{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}" +
    ":host([data-dark]) .i{background:#8ab4f8;color:#0b1a33}" +
    ":host([data-dark]) .p{background:#1d2127;color:#e6edf3;border-color:#8b949e}" +
    ":host([data-dark]) a{color:#8ab4f8}" +
    ":host([data-dark]) :focus-visible{outline-color:#8ab4f8!important}" +
    "@media (forced-colors:active){.i{border:1px solid ButtonText}}";

  let me = doc.currentScript;
  let src = me && me.src;
  if (!src) {
    let all = doc.querySelectorAll('script[src*="docent-help"]');
    src = all.length ? all[all.length - 1].src : "";
  }
  let BASE, ORIGIN;
  try {
    BASE = new URL(".", src).href;
    ORIGIN = new URL(BASE).origin;
  } catch (e) {
    return;
  }
  let POPOVER = typeof HTMLElement.prototype.showPopover === "function";

  let status = "idle";
  let screens = null;
  let mapLang = "";
  let sheet = null;
  let widgets = [];
  let open = null;
  let pending = false;

  /** Runs `fn` so that nothing it throws reaches the host page's error handlers. */
  function guard(fn) {
    return function (e) {
      try {
        return fn(e);
      } catch (x) {
        /* the help link keeps working */
      }
    };
  }

  /** An element with attributes and text children; never parses HTML. */
  function h(tag, attrs, kids) {
    let el = doc.createElement(tag);
    for (let k in attrs) if (attrs[k] != null) el.setAttribute(k, attrs[k]);
    (kids || []).forEach(function (kid) {
      if (kid) el.append(kid);
    });
    return el;
  }

  /** A URL on the help site, or "" (other origins and schemes such as javascript: are refused). */
  function siteUrl(u) {
    try {
      let url = new URL(String(u), BASE);
      return /^https?:$/.test(url.protocol) && url.origin === ORIGIN ? url.href : "";
    } catch (e) {
      return "";
    }
  }

  /** The host's language for an element: the primary subtag of the nearest `lang` (`es-MX`, `PT-br` -> es, pt). */
  function hostLang(el) {
    return ((el.closest("[lang]") || {}).lang || "").trim().toLowerCase().split(/[-_]/)[0];
  }

  function words(el) {
    let lang = hostLang(el);
    return Object.prototype.hasOwnProperty.call(WORDS, lang) ? [lang, WORDS[lang]] : ["en", WORDS.en];
  }

  /** Whether the host draws this element on a dark background (or the system is dark and so is the page). */
  function isDark(el) {
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      let c = getComputedStyle(n).backgroundColor;
      let m = /^rgba?\(/.test(c) && c.match(/[\d.]+/g);
      if (m && (m.length < 4 || +m[3] > 0.5)) return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2] < 128;
    }
    return (
      !!win.matchMedia &&
      win.matchMedia("(prefers-color-scheme: dark)").matches &&
      /dark/.test(getComputedStyle(doc.documentElement).colorScheme || "")
    );
  }

  function own(o, key) {
    return !!o && typeof o === "object" && Object.prototype.hasOwnProperty.call(o, key) && o[key];
  }

  /**
   * The map's entry for a screen in the host's language (`languages[lang]`, an untranslated
   * page's entry saying `fallback`), else in the site's default language; null when unusable.
   * `lang` is the language the entry's text is in.
   */
  function entry(id, lang) {
    let e = own(screens, id);
    let local = lang && lang !== mapLang && checked(own(own(e, "languages"), lang));
    if (local) {
      local.lang = own(e.languages[lang], "fallback") === true ? mapLang : lang;
      return local;
    }
    let main = checked(e);
    if (main) main.lang = mapLang;
    return main;
  }

  /** One entry, checked field by field; null when unusable. */
  function checked(e) {
    if (!e || typeof e !== "object" || typeof e.title !== "string" || typeof e.summary !== "string") return null;
    let url = siteUrl(e.url);
    if (!url) return null;
    let videos = (Array.isArray(e.videos) ? e.videos : [])
      .map(function (v) {
        let u = v && typeof v.name === "string" && siteUrl(v.url);
        return u ? { name: v.name, url: u } : null;
      })
      .filter(Boolean);
    return { title: e.title, heading: typeof e.heading === "string" ? e.heading : "", summary: e.summary, url: url, videos: videos };
  }

  function icon() {
    return h("span", { class: "i", "aria-hidden": "true" }, ["?"]);
  }

  function link(href, text, hint, extra) {
    let a = h("a", extra || {}, [text, hint ? h("span", { class: "v" }, [hint]) : null]);
    a.href = href;
    a.target = "_blank";
    // The host's URL (a patient's ID, say) must not reach the help site as a Referer.
    a.rel = "noopener noreferrer";
    a.referrerPolicy = "no-referrer";
    return a;
  }

  /** Adds the help control beside one element: a plain link first, a button once the map allows. */
  function add(el, id) {
    let host = doc.createElement("docent-help");
    let root = host.attachShadow({ mode: "open" });
    if (sheet) root.adoptedStyleSheets = [sheet];
    let ui = words(el);
    host.setAttribute("lang", ui[0]);
    let w = { el: el, id: id, lang: hostLang(el), host: host, root: root, ui: ui[1], control: null, pop: null, pos: null };
    w.control = link(BASE + "help/" + id + "/", icon(), null, { class: "b", "aria-label": label(w, null) });
    root.append(w.control);
    if (/^(A|BUTTON|INPUT|SELECT|TEXTAREA|IMG|LABEL|OPTION|IFRAME|VIDEO|AUDIO)$/.test(el.tagName)) el.after(host);
    else el.append(host);
    if (isDark(el)) host.setAttribute("data-dark", "");
    widgets.push(w);
    upgrade(w);
  }

  function label(w, e) {
    let own = (w.el.getAttribute("data-help-title") || w.el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 80);
    return w.ui[0] + ": " + (own || (e && e.title) || w.id);
  }

  /** Swaps the link for a button and popover when the map has a usable entry. */
  function upgrade(w) {
    let e = status === "ready" && !w.pop && entry(w.id, w.lang);
    if (!e) return;
    let had = w.root.activeElement === w.control;
    let button = h("button", {
      type: "button",
      class: "b",
      "aria-label": label(w, e),
      "aria-expanded": "false",
      "aria-controls": "p",
      "aria-haspopup": "dialog",
    }, [icon()]);
    let lang = e.lang || null;
    let links = [link(e.url, w.ui[1], w.ui[4])];
    e.videos.forEach(function (v, i) {
      links.push(link(v.url, e.videos.length > 1 ? w.ui[2] + " " + (i + 1) : w.ui[2], w.ui[4], { title: v.name }));
    });
    let pop = h("div", { class: "p", id: "p", role: "dialog", "aria-labelledby": "t", "aria-describedby": "s", tabindex: "-1" }, [
      h("button", { type: "button", class: "x", "aria-label": w.ui[3] }, ["×"]),
      h("p", { class: "t", id: "t", lang: lang }, [e.heading ? e.title + " — " + e.heading : e.title]),
      h("p", { class: "s", id: "s", lang: lang }, [e.summary]),
      h("p", { class: "l" }, links),
    ]);
    if (POPOVER) pop.popover = "manual";
    else pop.hidden = true;
    button.addEventListener("click", guard(function () {
      if (open === w) close(w, true);
      else show(w);
    }));
    pop.firstChild.addEventListener("click", guard(function () {
      close(w, true);
    }));
    w.root.addEventListener("keydown", guard(function (ev) {
      if (ev.key === "Escape" && open === w) {
        ev.stopPropagation();
        close(w, true);
      }
    }));
    w.root.addEventListener("focusout", guard(function (ev) {
      let to = ev.relatedTarget;
      if (open === w && to && to !== w.host && !w.root.contains(to)) close(w, false);
    }));
    w.control.replaceWith(button, pop);
    w.control = button;
    w.pop = pop;
    if (had) button.focus();
  }

  function show(w) {
    if (open) close(open, false);
    w.host.toggleAttribute("data-dark", isDark(w.el));
    if (POPOVER) w.pop.showPopover();
    else w.pop.hidden = false;
    open = w;
    w.control.setAttribute("aria-expanded", "true");
    place();
    win.addEventListener("scroll", place, true);
    win.addEventListener("resize", place);
    doc.addEventListener("click", outside, true);
    w.pop.focus();
  }

  function close(w, refocus) {
    if (open !== w) return;
    open = null;
    if (POPOVER) w.pop.hidePopover();
    else w.pop.hidden = true;
    w.control.setAttribute("aria-expanded", "false");
    win.removeEventListener("scroll", place, true);
    win.removeEventListener("resize", place);
    doc.removeEventListener("click", outside, true);
    if (refocus) w.control.focus();
  }

  /**
   * Puts the open popover under its button (above it when there is no room), inside the
   * viewport: its start edge at the button's, which in a right-to-left page is the right edge.
   */
  let place = guard(function () {
    let w = open;
    if (!w || !POPOVER || !win.CSSStyleSheet) return;
    let r = w.control.getBoundingClientRect();
    let pw = w.pop.offsetWidth;
    let ph = w.pop.offsetHeight;
    let top = r.bottom + 6;
    if (top + ph > win.innerHeight - 8 && r.top - ph - 6 >= 8) top = r.top - ph - 6;
    let start = getComputedStyle(w.host).direction === "rtl" ? r.right - pw : r.left;
    let left = Math.max(8, Math.min(start, win.innerWidth - pw - 8));
    if (!w.pos) {
      w.pos = new CSSStyleSheet();
      w.root.adoptedStyleSheets = (sheet ? [sheet] : []).concat(w.pos);
    }
    w.pos.replaceSync(".p:popover-open{top:" + Math.round(top) + "px;left:" + Math.round(left) + "px}");
  });

  let outside = guard(function (ev) {
    let w = open;
    if (!w || ev.composedPath().indexOf(w.host) >= 0) return;
    let a = doc.activeElement;
    close(w, !a || a === doc.body || a === w.host);
  });

  /**
   * Fetches help-map.json from the help site as data: no cookies, no Referer (the host's URL may
   * hold a patient's ID), and JSON.parse, so nothing the help site serves can run in the page.
   * Across origins this needs `Access-Control-Allow-Origin` on the map (docent writes it into
   * `_headers`; see the README); without it the plain links stay.
   */
  function load() {
    if (status !== "idle") return;
    let fail = function () {
      status = "failed";
    };
    if (typeof win.fetch !== "function") return fail();
    status = "loading";
    win
      .fetch(BASE + "help-map.json", { credentials: "omit", referrerPolicy: "no-referrer", mode: "cors" })
      .then(function (r) {
        if (!r.ok) throw 0;
        return r.text();
      })
      .then(guard(use), fail)
      .then(function () {
        if (status === "loading") fail();
      }, fail);
  }

  /** Takes the map's JSON text; anything unexpected leaves the links. */
  function use(text) {
    let map = JSON.parse(text);
    let ok = map && map.format === "docent-help-map" && map.version === 1;
    if (!ok || !map.screens || typeof map.screens !== "object" || Array.isArray(map.screens)) return;
    screens = map.screens;
    mapLang = typeof map.language === "string" ? map.language : "";
    status = "ready";
    widgets.forEach(guard(upgrade));
  }

  /** Adds help beside every new `data-help` element and drops help whose element changed or left. */
  function scan() {
    pending = false;
    widgets = widgets.filter(function (w) {
      let keep = w.el.isConnected && (w.el.getAttribute(ATTR) || "").trim() === w.id;
      if (!keep) {
        if (open === w) close(w, false);
        w.host.remove();
      }
      return keep;
    });
    let done = new Set(widgets.map(function (w) { return w.el; }));
    doc.querySelectorAll("[" + ATTR + "]").forEach(guard(function (el) {
      let id = el.getAttribute(ATTR).trim();
      if (!done.has(el) && ID.test(id)) add(el, id);
    }));
    // After the page's load event, so that a slow help site never delays the application's.
    if (widgets.length) {
      if (doc.readyState === "complete") guard(load)();
      else win.addEventListener("load", guard(load));
    }
  }

  let start = guard(function () {
    if (win.CSSStyleSheet && "adoptedStyleSheets" in doc) {
      try {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
      } catch (e) {
        sheet = null;
      }
    }
    scan();
    new MutationObserver(guard(function () {
      if (!pending) {
        pending = true;
        (win.queueMicrotask || setTimeout)(guard(scan));
      }
    })).observe(doc.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: [ATTR] });
  });

  Object.defineProperty(win, "DocentHelp", {
    value: Object.freeze({
      version: 1,
      scan: guard(scan),
      get status() {
        return status;
      },
    }),
  });
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
  else start();
})(window, document);
