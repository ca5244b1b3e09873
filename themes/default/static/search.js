// docent's search client: the header search box (a combobox with a results listbox) and the
// /search/ page. It fetches search/manifest.json, then only the index shards a query needs, and
// inserts everything as text (no innerHTML, no eval), so it runs under a strict CSP with Trusted
// Types. The tokenizer and stemmer repeat src/derive/search/text.rs exactly: change both.
(function () {
  "use strict";

  // ---- Text: the same rules as the Rust side -------------------------------------------------
  const STOP = new Set(("a an and are as at be by for from in is it its of on or that the this to was with you your").split(" "));
  const MAX_WORD = 40;
  const WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;
  const APOSTROPHE = /['\u2019]/;

  function undouble(b) {
    let n = b.length, c = b[n - 1];
    return n >= 4 && c === b[n - 2] && !/[aeiouylsfz]/.test(c) ? b.slice(0, -1) : b;
  }

  function stem(w) {
    if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
    if (w.endsWith("sses")) w = w.slice(0, -2);
    else if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
    else if (w.endsWith("es") && /(x|ch|sh|ss|zz)$/.test(w.slice(0, -2))) w = w.slice(0, -2);
    else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
    if (w.endsWith("ied") && w.length > 4) w = w.slice(0, -3) + "y";
    else {
      const suffixes = ["ing", "ed"];
      for (let i = 0; i < suffixes.length; i++) {
        const base = w.slice(0, -suffixes[i].length);
        if (w.endsWith(suffixes[i]) && base.length >= 3 && /[aeiouy]/.test(base)) { w = undouble(base); break; }
      }
    }
    if (w.length > 3 && w.endsWith("e") && !w.endsWith("ee")) w = w.slice(0, -1);
    return w;
  }

  // The indexable words of a text: { term, raw (lowercase), start, end } with UTF-16 offsets.
  function words(text) {
    let out = [], start = -1, raw = "";
    for (let i = 0; i <= text.length;) {
      const ch = i < text.length ? String.fromCodePoint(text.codePointAt(i)) : " ";
      if (WORD_CHAR.test(ch)) {
        if (start < 0) start = i;
        raw += ch;
      } else if (APOSTROPHE.test(ch) && start >= 0) {
        // dropped: "user's" is "users"
      } else if (start >= 0) {
        const lower = raw.toLowerCase();
        if (lower.length >= 2 && lower.length <= MAX_WORD && !STOP.has(lower)) {
          out.push({ term: stem(lower), raw: lower, start: start, end: i });
        }
        start = -1;
        raw = "";
      }
      i += ch.length;
    }
    return out;
  }

  if (typeof document === "undefined") {
    // Loaded outside a browser (the parity test): expose the text rules and stop.
    globalThis.docentSearchText = { words: words, stem: stem };
    return;
  }

  // ---- The index -------------------------------------------------------------------------------
  const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  const MAX_QUERY = 200;
  const indexes = new Map();

  function Index(url) {
    this.url = new URL(url, location.href);
    this.files = new Map();
    this.postings = new Map();
    this.manifest = this.get("manifest.json");
  }
  Index.prototype.get = function (name) {
    if (!this.files.has(name)) {
      const p = fetch(new URL(name, this.url)).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.text();
      }).then(function (t) { return JSON.parse(t); });
      this.files.set(name, p);
      p.catch(() => this.files.delete(name));
    }
    return this.files.get(name);
  };
  // Shard numbers holding `term`, or, when `prefix`, the terms starting with it: one shard for a
  // two-letter prefix, two for longer ones (the next key press narrows the range anyway).
  Index.prototype.shardsFor = function (m, term, prefix) {
    let keys = m.keys, lo = 0, hi = keys.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (keys[mid] <= term) lo = mid; else hi = mid - 1;
    }
    const out = [lo];
    while (prefix && out.length < (term.length >= 3 ? 2 : 1) && lo + out.length < keys.length && keys[lo + out.length].startsWith(term)) {
      out.push(lo + out.length);
    }
    return out;
  };
  Index.prototype.decode = function (s) {
    if (this.postings.has(s)) return this.postings.get(s);
    let out = [], i = 0, page = 0;
    function read() {
      let n = 0, mul = 1, d;
      do { d = DIGITS.indexOf(s[i++]); n += (d & 31) * mul; mul *= 32; } while (d >= 32 && i < s.length);
      return n;
    }
    while (i < s.length) {
      page += read();
      const section = read();
      out.push(page, section, DIGITS.indexOf(s[i++]));
    }
    this.postings.set(s, out);
    return out;
  };

  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let prev = [], cur = [], before = [];
    for (let j = 0; j <= b.length; j++) prev[j] = j;
    for (let i = 1; i <= a.length; i++) {
      cur = [i];
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], before[j - 2] + 1);
      }
      before = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  // The terms of a shard that a query word matches: [term, postings, weight].
  function candidates(shards, word, prefix) {
    const exact = [], near = [], fuzzy = [];
    const max = word.term.length >= 7 ? 2 : word.term.length >= 4 ? 1 : 0;
    shards.forEach(function (shard) {
      for (let k = 0; k + 1 < shard.length; k += 2) {
        const t = shard[k];
        if (t === word.term) exact.push([t, shard[k + 1], 1]);
        else if (prefix && (t.startsWith(word.term) || t.startsWith(word.raw))) near.push([t, shard[k + 1], 0.6]);
        else if (max && exact.length + near.length === 0) {
          let d = distance(word.term, prefix ? t.slice(0, word.term.length) : t, max);
          if (d <= max) fuzzy.push([t, shard[k + 1], 0.4 / d, d]);
        }
      }
    });
    // Of many completions ("re…"), keep those in the most sections: the likeliest words.
    near.sort(function (a, b) { return b[1].length - a[1].length; });
    if (exact.length || near.length) return exact.concat(near.slice(0, 50));
    return fuzzy.sort(function (a, b) { return a[3] - b[3] || b[1].length - a[1].length; }).slice(0, 3);
  }

  // Runs a query; resolves to { pages: [...], terms: Set of matched terms, total }, or null when
  // `current()` says a newer query replaced this one before its result documents were fetched.
  Index.prototype.search = async function (query, role, limit, current) {
    const m = await this.manifest;
    query = String(query).slice(0, MAX_QUERY);
    const all = words(query), seen = new Set(), list = [];
    all.forEach(function (w, i) {
      w.prefix = i === all.length - 1 && w.end === query.length && query.length > 0;
      if (!seen.has(w.term + w.prefix) && list.length < 8) { seen.add(w.term + w.prefix); list.push(w); }
    });
    const self = this, hits = new Map(), matched = new Set();
    await Promise.all(list.map(async function (w, n) {
      const nums = self.shardsFor(m, w.term, w.prefix);
      const shards = await Promise.all(nums.map(function (s) { return self.get("t-" + m.terms[s] + ".json"); }));
      candidates(shards, w, w.prefix).forEach(function (c) {
        matched.add(c[0]);
        const p = self.decode(c[1]);
        for (let i = 0; i < p.length; i += 3) {
          const key = p[i] * 65536 + p[i + 1];
          const h = hits.get(key) || { page: p[i], section: p[i + 1], by: [] };
          h.by[n] = Math.max(h.by[n] || 0, c[2] * Math.pow(2, p[i + 2] / 5));
          hits.set(key, h);
        }
      });
    }));
    const allowed = roleFilter(m, role);
    const pages = new Map();
    hits.forEach(function (h) {
      if (allowed && !allowed(h.page)) return;
      h.count = 0;
      h.score = 0;
      h.by.forEach(function (s) { if (s) { h.count++; h.score += s; } });
      const p = pages.get(h.page) || { id: h.page, hits: [] };
      p.hits.push(h);
      pages.set(h.page, p);
    });
    const ranked = Array.from(pages.values());
    ranked.forEach(function (p) {
      p.hits.sort(function (a, b) { return b.count - a.count || b.score - a.score || a.section - b.section; });
      p.count = p.hits[0].count;
      p.score = p.hits[0].score + 0.1 * p.hits.slice(1, 4).reduce(function (s, h) { return s + h.score; }, 0);
    });
    ranked.sort(function (a, b) { return b.count - a.count || b.score - a.score || a.id - b.id; });
    const top = ranked.slice(0, limit);
    if (current && !current()) return null;
    await Promise.all(top.map(async function (p) {
      let n = Math.floor(p.id / m.per);
      const docs = await self.get("d-" + m.docs[Math.floor(n / m.group)] + "-" + n + ".json");
      let d = docs[p.id - n * m.per];
      p.title = d[0]; p.url = d[1]; p.crumb = d[2]; p.roles = d[3];
      p.sections = p.hits.slice(0, 3).map(function (h) {
        const s = d[4][h.section] || ["", "", ""];
        return { url: p.url + (s[0] ? "#" + s[0] : ""), heading: s[1] || d[0], text: s[2] };
      });
    }));
    return { pages: top, total: ranked.length, terms: matched, help: m.help };
  };

  function roleFilter(m, role) {
    if (!role) return null;
    const withRole = new Set(), any = new Set();
    m.roles.forEach(function (r) {
      let s = r[1], i = 0, id = 0;
      while (i < s.length) {
        let n = 0, mul = 1, d;
        do { d = DIGITS.indexOf(s[i++]); n += (d & 31) * mul; mul *= 32; } while (d >= 32 && i < s.length);
        id += n;
        any.add(id);
        if (r[0] === role) withRole.add(id);
      }
    });
    return function (page) { return withRole.has(page) || !any.has(page); };
  }

  function indexFor(form) {
    const url = form.getAttribute("data-index");
    if (!indexes.has(url)) indexes.set(url, new Index(url));
    return indexes.get(url);
  }

  // ---- Showing results (text nodes and <mark> only) ----------------------------------------------
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // Appends `text` to `parent`, marking the words whose term the query matched.
  function highlight(parent, text, terms) {
    let at = 0;
    words(text).forEach(function (w) {
      if (!terms.has(w.term)) return;
      parent.appendChild(document.createTextNode(text.slice(at, w.start)));
      parent.appendChild(el("mark", "", text.slice(w.start, w.end)));
      at = w.end;
    });
    parent.appendChild(document.createTextNode(text.slice(at)));
    return parent;
  }

  // About 160 characters of `text` around its first matched word.
  function snippet(text, terms) {
    const first = words(text).find(function (w) { return terms.has(w.term); });
    let start = first ? Math.max(0, first.start - 50) : 0;
    if (start > 0) { const sp = text.indexOf(" ", start); start = sp >= 0 && sp < first.start ? sp + 1 : start; }
    let end = Math.min(text.length, start + 160);
    if (end < text.length) { const e = text.lastIndexOf(" ", end); end = e > start ? e : end; }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  function countText(r) {
    if (!r.total) return "No results";
    let n = r.pages.reduce(function (s, p) { return s + p.sections.length; }, 0);
    return n + (n === 1 ? " result" : " results") + " on " + r.pages.length + (r.pages.length === 1 ? " page" : " pages") +
      (r.total > r.pages.length ? " (best " + r.pages.length + " of " + r.total + ")" : "");
  }

  function noResults(parent, query, help) {
    const p = el("p", "search-empty", "No pages match “" + query.slice(0, 80) + "”. Try other words");
    if (help) {
      p.appendChild(document.createTextNode(", or ask for help: "));
      const a = el("a", "", help[0]);
      a.href = help[1];
      p.appendChild(a);
    }
    p.appendChild(document.createTextNode("."));
    parent.appendChild(p);
  }

  // ---- The header search box: the ARIA 1.2 combobox pattern -----------------------------------
  function setUpCombobox(form) {
    const input = form.querySelector("input[type=search]");
    if (!input) return;
    const popup = el("div", "search-popup");
    popup.id = "site-search-popup";
    popup.hidden = true;
    const list = el("div", "search-listbox");
    list.id = "site-search-listbox";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search results");
    const empty = el("div", "search-empty-box");
    const more = el("a", "search-more", "See all results");
    more.href = form.action; // a real link from the start (crawlers, Lighthouse); the query is added later
    const status = el("div", "visually-hidden");
    status.setAttribute("role", "status");
    popup.append(list, empty, more);
    form.append(popup, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    let options = [], active = -1, seq = 0, timer = 0;

    function open(yes) {
      popup.hidden = !yes;
      input.setAttribute("aria-expanded", yes ? "true" : "false");
      if (!yes) setActive(-1);
    }
    function setActive(i) {
      if (options[active]) options[active].setAttribute("aria-selected", "false");
      active = i;
      if (options[i]) {
        options[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }
    function render(r, query) {
      list.replaceChildren();
      empty.replaceChildren();
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      r.pages.forEach(function (p, g) {
        const group = el("div", "search-group");
        group.setAttribute("role", "group");
        const label = el("div", "search-group-title", p.title);
        label.id = "site-search-g" + g;
        group.setAttribute("aria-labelledby", label.id);
        group.appendChild(label);
        p.sections.forEach(function (s) {
          const o = el("div", "search-option");
          o.id = "site-search-o" + options.length;
          o.setAttribute("role", "option");
          o.setAttribute("aria-selected", "false");
          o.dataset.url = s.url;
          highlight(o.appendChild(el("span", "search-option-heading")), s.heading, r.terms);
          if (s.text) highlight(o.appendChild(el("span", "search-option-snippet")), snippet(s.text, r.terms), r.terms);
          o.addEventListener("mousedown", function (e) { e.preventDefault(); });
          o.addEventListener("click", function () { location.assign(s.url); });
          group.appendChild(o);
          options.push(o);
        });
        list.appendChild(group);
      });
      list.hidden = !options.length;
      if (!r.total) noResults(empty, query, r.help);
      more.href = form.action + "?q=" + encodeURIComponent(query);
      status.textContent = countText(r);
      open(true);
    }
    function run() {
      let query = input.value.slice(0, MAX_QUERY);
      const mine = ++seq;
      if (!words(query).length) { open(false); status.textContent = ""; return; }
      indexFor(form).search(query, "", 6, function () { return mine === seq; }).then(function (r) {
        if (r && mine === seq) render(r, query);
      }).catch(function () {
        if (mine === seq) { status.textContent = "Search is not available right now."; open(false); }
      });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 50); });
    input.addEventListener("focus", function () { indexFor(form); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (popup.hidden) { if (input.value) run(); return; }
        e.preventDefault();
        if (!options.length) return;
        const step = e.key === "ArrowDown" ? 1 : -1;
        setActive(active < 0 ? (step > 0 ? 0 : options.length - 1) : (active + step + options.length) % options.length);
      } else if (e.key === "Enter" && active >= 0 && !popup.hidden) {
        e.preventDefault();
        location.assign(options[active].dataset.url);
      } else if (e.key === "Escape") {
        if (!popup.hidden) { e.preventDefault(); open(false); } else if (input.value) { e.preventDefault(); input.value = ""; }
      }
    });
    form.addEventListener("focusout", function (e) {
      if (!form.contains(e.relatedTarget)) open(false);
    });
  }

  // ---- The /search/ page ----------------------------------------------------------------------
  function setUpSearchPage(form) {
    const input = form.querySelector("input[type=search]");
    const select = form.querySelector("select");
    let page = form.closest(".search-page");
    const status = page.querySelector(".search-status");
    const out = page.querySelector(".search-results");
    const params = new URLSearchParams(location.search);
    input.value = (params.get("q") || "").slice(0, MAX_QUERY);
    if (select) select.value = params.get("role") || "";
    if (select && select.value !== (params.get("role") || "")) select.value = "";
    let seq = 0, timer = 0;

    function run(push) {
      let query = input.value.slice(0, MAX_QUERY), role = select ? select.value : "";
      const mine = ++seq;
      const url = new URL(location.href);
      url.search = "";
      if (query) url.searchParams.set("q", query);
      if (role) url.searchParams.set("role", role);
      history[push ? "pushState" : "replaceState"](null, "", url);
      if (!words(query).length) { out.replaceChildren(); status.textContent = ""; return; }
      indexFor(form).search(query, role, 30, function () { return mine === seq; }).then(function (r) {
        if (!r || mine !== seq) return;
        out.replaceChildren();
        if (!r.total) noResults(out, query, r.help);
        const ol = el("ol", "search-result-list");
        r.pages.forEach(function (p) {
          const li = ol.appendChild(el("li", "search-result"));
          const h = li.appendChild(el("h2", "search-result-title"));
          const a = highlight(h.appendChild(el("a")), p.title, r.terms);
          a.href = p.sections[0] ? p.sections[0].url : p.url;
          if (p.crumb) li.appendChild(el("p", "search-result-crumb", p.crumb));
          if (p.roles.length) li.appendChild(el("p", "search-result-roles", "For: " + p.roles.join(", ")));
          const ul = li.appendChild(el("ul", "search-result-sections"));
          p.sections.forEach(function (s) {
            const item = ul.appendChild(el("li"));
            const link = highlight(item.appendChild(el("a")), s.heading, r.terms);
            link.href = s.url;
            if (s.text) highlight(item.appendChild(el("p", "search-snippet")), snippet(s.text, r.terms), r.terms);
          });
        });
        if (r.pages.length) out.appendChild(ol);
        status.textContent = countText(r) + (role ? " for " + role : "");
      }).catch(function () {
        if (mine === seq) status.textContent = "Search is not available right now.";
      });
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); run(true); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { run(false); }, 150); });
    if (select) select.addEventListener("change", function () { run(false); });
    if (input.value) run(false);
  }

  function start() {
    const header = document.querySelector(".site-search");
    const pageForm = document.querySelector(".search-page-form");
    if (header) setUpCombobox(header);
    if (pageForm) setUpSearchPage(pageForm);
    document.addEventListener("keydown", function (e) {
      const t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      const target = pageForm ? pageForm.querySelector("input") : header && header.querySelector("input");
      if (!target) return;
      if ((e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey) || (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey)) {
        e.preventDefault();
        target.focus();
        target.select();
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
