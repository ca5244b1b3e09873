// docent's search client: the header search box (a combobox with a results listbox) and the
// /search/ page. It fetches search/manifest.json, then only the index shards a query needs, and
// inserts everything as text (no innerHTML, no eval), so it runs under a strict CSP with Trusted
// Types. The tokenizer and stemmer repeat src/derive/search/text.rs exactly: change both. English
// rules are built in; another language's come with its index (the manifest's "rules", lang.rs).
(function () {
  "use strict";

  // ---- Text: the same rules as the Rust side -------------------------------------------------
  const STOP = new Set(("a an and are as at be by for from in is it its of on or that the this to was with you your").split(" "));
  const MAX_WORD = 40;
  const WORD_CHAR = /[\p{Alphabetic}\p{N}\p{M}]/u;
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

  // Lowercase, then accents off Latin letters ("Información" -> "informacion"): text.rs's `fold`.
  function norm(raw) {
    let w = raw.toLowerCase();
    return /[^\0-\x7f]/.test(w) ? w.normalize("NFD").replace(/([a-z])\p{M}+/gu, "$1").replace(/\u0153/g, "oe").replace(/\u00e6/g, "ae").normalize("NFC") : w;
  }

  // A language's analysis: stop words, filler words, stemmer, whether apostrophes split words.
  const EN = { stop: STOP, stem: stem, split: false };
  // Another language's, from its manifest's rules: in each step, the first suffix rule
  // [suffix, replacement, letters to keep] that applies (lang.rs's `stem_with_rules`).
  function analysisOf(m) {
    let r = m.rules;
    return m.lang_ || (m.lang_ = !r ? EN : { stop: new Set(r.stop), filler: new Set(r.filler), split: r.split, stem: function (w) {
      if (/^[a-z]+$/.test(w)) r.steps.forEach(function (step) {
        let x = step.find(function (x) { return w.endsWith(x[0]) && w.length - x[0].length >= x[2]; });
        if (x) w = w.slice(0, w.length - x[0].length) + x[1];
      });
      return w;
    } });
  }

  // The indexable words of a text: { term, raw (lowercase, folded), start, end } with UTF-16 offsets.
  function words(text, lang) {
    lang = lang || EN;
    let out = [], start = -1, raw = "";
    for (let i = 0; i <= text.length;) {
      const ch = i < text.length ? String.fromCodePoint(text.codePointAt(i)) : " ";
      if (WORD_CHAR.test(ch)) {
        if (start < 0) start = i;
        raw += ch;
      } else if (APOSTROPHE.test(ch) && start >= 0 && !lang.split) {
        // dropped: "user's" is "users"
      } else if (start >= 0) {
        const lower = norm(raw);
        if (lower.length >= 2 && lower.length <= MAX_WORD && !lang.stop.has(lower)) {
          out.push({ term: lang.stem(lower), raw: lower, start: start, end: i });
        }
        start = -1;
        raw = "";
      }
      i += ch.length;
    }
    return out;
  }

  // The term of one word, or null when the word is not indexed (as `words`).
  function termOf(raw, lang) {
    let lower = norm(raw);
    return lower.length >= 2 && lower.length <= MAX_WORD && !lang.stop.has(lower) ? lang.stem(lower) : null;
  }

  // Words joined by hyphens, as one word ("drop-down" -> "dropdown"): text.rs's `compounds`.
  let HYPHEN = /[-\u2010\u2011]/;
  function compounds(text, lang) {
    lang = lang || EN;
    let out = [], joined = "", parts = 0, inWord = false, afterHyphen = false;
    function end() {
      let t = parts > 1 ? termOf(joined, lang) : null;
      if (t) out.push(t);
      joined = "";
      parts = 0;
    }
    for (let i = 0; i <= text.length;) {
      let ch = i < text.length ? String.fromCodePoint(text.codePointAt(i)) : " ";
      if (WORD_CHAR.test(ch)) {
        if (!inWord) { if (!afterHyphen) end(); parts++; }
        inWord = true;
        afterHyphen = false;
        joined += ch;
      } else if (APOSTROPHE.test(ch) && inWord && !lang.split) {
        // dropped, as in `words`
      } else if (HYPHEN.test(ch) && inWord) {
        inWord = false;
        afterHyphen = true;
      } else {
        inWord = false;
        afterHyphen = false;
        end();
      }
      i += ch.length;
    }
    return out;
  }

  // Question and filler words: dropped from a query that has other words, so "where do i find my
  // clinic list" searches "find clinic list" (the index keeps them: "how" can be a page's word).
  EN.filler = new Set(("how what where when why who whom which do does did doing done can could would should will shall " +
    "may might must im ive me my mine myself we our ours us am have has had there here please hi hello thanks " +
    "want need").split(" "));

  // Every word of a query, stop words included: { raw (lowercase), term (null for a stop word),
  // hyphen (joined to the word before by a hyphen), phrase (number of its quoted phrase, or -1),
  // start, end }.
  function queryWords(query, lang) {
    let out = [], start = -1, raw = "", hyphen = false, phrase = -1, phrases = 0, prevHyphen = false;
    for (let i = 0; i <= query.length;) {
      let ch = i < query.length ? String.fromCodePoint(query.codePointAt(i)) : " ";
      if (WORD_CHAR.test(ch)) {
        if (start < 0) { start = i; hyphen = prevHyphen; }
        raw += ch;
      } else if (APOSTROPHE.test(ch) && start >= 0 && !lang.split) {
        // dropped
      } else {
        if (start >= 0) {
          let lower = norm(raw);
          if (lower.length <= MAX_WORD) out.push({ raw: lower, term: termOf(lower, lang), hyphen: hyphen, phrase: phrase, start: start, end: i });
          start = -1;
          raw = "";
        }
        prevHyphen = HYPHEN.test(ch) && out.length > 0 && out[out.length - 1].end === i;
        if (/["\u201c\u201d]/.test(ch)) phrase = phrase < 0 ? phrases++ : -1;
      }
      i += ch.length;
    }
    return out;
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
    // First the number of sections holding the term (the list may keep only the best of them).
    out.sections = read();
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

  // How far a query word may be from a term: 1 edit for 4 to 7 letters, 2 for longer, none for
  // shorter (a transposition is one edit).
  function maxEdits(term) { return term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0; }

  // The terms of the given shards that a query word matches: [term, postings, weight]. Exact
  // matches, then (for the word being typed) completions; when there are none, terms within a few
  // edits (`fuzzy`), weighted below.
  function candidates(shards, word, prefix, fuzzy) {
    let exact = [], near = [], close = [];
    let max = fuzzy ? maxEdits(word.term) : 0;
    shards.forEach(function (shard) {
      for (let k = 0; k + 1 < shard.length; k += 2) {
        const t = shard[k];
        if (t === word.term) exact.push([t, shard[k + 1], 1]);
        else if (prefix && (t.startsWith(word.term) || t.startsWith(word.raw))) near.push([t, shard[k + 1], 0.6]);
        else if (max && exact.length + near.length === 0) {
          let d = Math.min(distance(word.term, t, max), prefix && t.length > word.term.length ? distance(word.term, t.slice(0, word.term.length), max) : max + 1);
          if (d <= max) close.push([t, shard[k + 1], 0.4 / d, d]);
        }
      }
    });
    // Of many completions ("re…"), keep those in the most sections: the likeliest words.
    near.sort(function (a, b) { return b[1].length - a[1].length; });
    if (exact.length || near.length) return exact.concat(near.slice(0, 50));
    return close.sort(function (a, b) { return a[3] - b[3] || b[1].length - a[1].length; }).slice(0, 3);
  }

  // A query as slots: each slot is one word, or words that count as one (a phrase of
  // `[search] synonyms`, a hyphenated word, two words that may be written as one), with its
  // alternatives: { words (how many query words it stands for), alts: [{ terms: [word], w, exact }] }.
  // Also the quoted phrases, as lists of terms.
  function plan(query, syn, lang) {
    let all = queryWords(query, lang);
    let content = all.filter(function (w) { return w.term; });
    let meaningful = content.filter(function (w) { return !lang.filler.has(w.raw); });
    if (meaningful.length) content = meaningful;
    let last = all.length ? all[all.length - 1] : null;
    content.forEach(function (w) { w.prefix = w === last && w.end === query.length && w.phrase < 0; });
    let slots = [], phrases = [];
    for (let k = 0; k < content.length && slots.length < 8;) {
      let w = content[k], best = null;
      (syn || []).forEach(function (group) {
        group.forEach(function (p) {
          if ((!best || p.length > best.phrase.length) && p.every(function (t, j) { return content[k + j] && content[k + j].term === t; })) best = { group: group, phrase: p };
        });
      });
      if (best) {
        let covered = content.slice(k, k + best.phrase.length);
        slots.push({
          words: covered.length,
          alts: [{ terms: covered, w: 1 }].concat(best.group.filter(function (p) { return p !== best.phrase; }).map(function (p) {
            return { terms: p.map(function (t) { return { term: t, raw: t, prefix: false }; }), w: 0.9, exact: true };
          })),
        });
        k += covered.length;
        continue;
      }
      // A hyphenated run ("drop-down", "e-mail") is also searched as one word.
      let i = all.indexOf(w), from = i;
      while (from > 0 && all[from].hyphen) from--; // "e-mail": the run starts at "e", not a query word
      let run = [all[from]];
      while (all[from + run.length] && all[from + run.length].hyphen) run.push(all[from + run.length]);
      if (run.length > 1) {
        let parts = run.filter(function (r) { return r.term && content.indexOf(r) >= 0; });
        let joined = termOf(run.map(function (r) { return r.raw; }).join(""), lang);
        let alts = parts.length ? [{ terms: parts, w: 1 }] : [];
        if (joined) alts.push({ terms: [{ term: joined, raw: joined, prefix: false }], w: 1, exact: true });
        slots.push({ words: Math.max(parts.length, 1), alts: alts });
        k += Math.max(parts.length, 1);
        continue;
      }
      // Two words that may be written as one ("sign in", "web site"), when the page has the joined word.
      let next = all[i + 1], slot = { words: 1, alts: [{ terms: [w], w: 1 }] };
      if (next && next.phrase === w.phrase && next.start - w.end <= 1 && !lang.filler.has(next.raw)) {
        let one = termOf(w.raw + next.raw, lang);
        let both = content[k + 1] === next;
        if (one) {
          if (both) { slot.alts[0].terms = [w, next]; slot.words = 2; }
          slot.alts.push({ terms: [{ term: one, raw: one, prefix: false }], w: 0.9, exact: true });
        }
      }
      slots.push(slot);
      k += slot.words;
    }
    let byPhrase = [];
    all.forEach(function (w) { if (w.phrase >= 0 && w.term) (byPhrase[w.phrase] = byPhrase[w.phrase] || []).push(w.term); });
    byPhrase.forEach(function (p) { if (p && p.length > 1) phrases.push(p); });
    return { slots: slots, phrases: phrases };
  }

  // What one query word matches: Map of section key -> score, and the matched terms. A word with
  // no exact or prefix match in its shard also looks in the neighbouring shards and the shard of
  // its first two letters swapped for a close term, then for two terms it could be split into
  // ("dropdown" -> "drop" "down").
  Index.prototype.resolve = async function (m, w, exact, matched) {
    let self = this, lang = analysisOf(m);
    function load(nums) { return Promise.all(nums.map(function (s) { return self.get("t-" + m.terms[s] + ".json"); })); }
    function scores(list, out, weight) {
      list.forEach(function (c) {
        matched.add(c[0]);
        let p = self.decode(c[1]);
        // A score is stored without the term's idf (so that an edit changes only its own page's
        // terms): BM25's idf from the term's section count and the site's.
        let n = m.sections || 0, idf = Math.log(1 + (n - p.sections + 0.5) / (p.sections + 0.5));
        for (let i = 0; i < p.length; i += 3) {
          let key = p[i] * 65536 + p[i + 1], v = weight * c[2] * (1 + idf * (Math.pow(2, p[i + 2] / 5) - 1));
          if (!(out.get(key) >= v)) out.set(key, v);
        }
      });
      return out;
    }
    let nums = self.shardsFor(m, w.term, w.prefix);
    let shards = await load(nums);
    let found = candidates(shards, w, w.prefix, !exact);
    // Neighbours: the shards next to the word's when it sorts by their edge (shares 3 letters with the key).
    let lo = nums[0], hi = nums[nums.length - 1], edges = [];
    if (lo > 0 && shared(w.term, m.keys[lo]) >= 3) edges.push(lo - 1);
    if (hi + 1 < m.keys.length && shared(w.term, m.keys[hi + 1]) >= 3) edges.push(hi + 1);
    if (found.length && found[0].length > 3 && found[0][3] > 1 && edges.length) {
      // Only terms two edits away: one a single edit away may sit across the shard's edge.
      found = candidates(shards.concat(await load(edges)), w, w.prefix, true);
      nums = nums.concat(edges);
    }
    if (found.length || exact || w.term.length < 4) return scores(found, new Map(), 1);
    // At most EXTRA more shards per word, so that a miss costs a few small files, not many: a
    // neighbour when the word sorts next to its shard's edge (sharing 3 letters with the key), the
    // shard of the first two letters swapped, then the halves of splits, most even first.
    let budget = EXTRA, have = new Set(nums);
    function afford(list) {
      let fresh = list.filter(function (n, i) { return n >= 0 && n < m.terms.length && !have.has(n) && list.indexOf(n) === i; });
      if (fresh.length > budget) return false;
      budget -= fresh.length;
      fresh.forEach(function (n) { have.add(n); });
      return true;
    }
    let more = edges.concat(self.shardsFor(m, w.term[1] + w.term[0] + w.term.slice(2), false));
    more.forEach(function (n) { afford([n]); });
    found = candidates(await load(Array.from(have)), w, w.prefix, true);
    if (found.length) return scores(found, new Map(), 1);
    // Split: both halves must be terms of the site; a section holding both is a match.
    let splits = [];
    for (let k = 2; w.raw.length >= 6 && k <= w.raw.length - 2; k++) {
      let a = termOf(w.raw.slice(0, k), lang), b = termOf(w.raw.slice(k), lang);
      if (a && b) splits.push([a, b]);
    }
    let middle = w.raw.length / 2;
    splits.sort(function (x, y) { return Math.abs(x[0].length - middle) - Math.abs(y[0].length - middle); });
    splits = splits.filter(function (pair) {
      return afford(self.shardsFor(m, pair[0], false).concat(self.shardsFor(m, pair[1], false)));
    });
    let out = new Map();
    await Promise.all(splits.map(async function (pair) {
      let halves = await Promise.all(pair.map(async function (t) {
        let c = candidates(await load(self.shardsFor(m, t, false)), { term: t, raw: t }, false, false);
        return c.length ? scores(c, new Map(), 1) : null;
      }));
      if (!halves[0] || !halves[1]) return;
      halves[0].forEach(function (v, key) {
        let v2 = halves[1].get(key);
        if (v2 && !(out.get(key) >= 0.35 * (v + v2))) out.set(key, 0.35 * (v + v2));
      });
    }));
    return out;
  };

  // Extra term shards a word with no match may fetch (see `resolve`).
  let EXTRA = 3;

  // How many leading characters two strings share.
  function shared(a, b) {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return i;
  }

  // True when `text` has the terms of `phrase` one after the other.
  function hasPhrase(text, phrase, lang) {
    let t = words(text, lang).map(function (w) { return w.term; });
    for (let i = 0; i + phrase.length <= t.length; i++) {
      if (phrase.every(function (p, j) { return t[i + j] === p; })) return true;
    }
    return false;
  }

  // Runs a query; resolves to { pages: [...], terms: Set of matched terms, total }, or null when
  // `current()` says a newer query replaced this one before its result documents were fetched.
  Index.prototype.search = async function (query, role, limit, current) {
    const m = await this.manifest;
    query = String(query).slice(0, MAX_QUERY);
    let lang = analysisOf(m), q = plan(query, m.syn, lang);
    let self = this, hits = new Map(), matched = new Set(), resolved = new Map();
    // Each distinct word once; all shards in parallel.
    q.slots.forEach(function (slot) {
      slot.alts.forEach(function (alt) {
        alt.terms.forEach(function (w) {
          let key = w.term + (w.prefix ? "*" : "") + (alt.exact ? "=" : "");
          if (!resolved.has(key)) resolved.set(key, self.resolve(m, w, !!alt.exact, matched));
          w.key = key;
        });
      });
    });
    let maps = new Map();
    await Promise.all(Array.from(resolved).map(async function (e) { maps.set(e[0], await e[1]); }));
    q.slots.forEach(function (slot, n) {
      // A section's score for the slot: its best alternative, by words matched, then score.
      slot.alts.forEach(function (alt) {
        let sums = new Map();
        alt.terms.forEach(function (w) {
          maps.get(w.key).forEach(function (v, key) {
            let s = sums.get(key) || { n: 0, v: 0 };
            s.n++;
            s.v += v;
            sums.set(key, s);
          });
        });
        sums.forEach(function (s, key) {
          let count = slot.words * s.n / alt.terms.length, score = alt.w * s.v * slot.words / alt.terms.length;
          let h = hits.get(key) || { page: Math.floor(key / 65536), section: key % 65536, by: [], n: [] };
          if (!h.by[n] || count > h.n[n] || count === h.n[n] && score > h.by[n]) { h.by[n] = score; h.n[n] = count; }
          hits.set(key, h);
        });
      });
    });
    let allowed = roleFilter(m, role);
    let pages = new Map();
    hits.forEach(function (h) {
      if (allowed && !allowed(h.page, h.section)) return;
      h.count = 0;
      h.score = 0;
      h.by.forEach(function (s, n) { if (s) { h.count += h.n[n]; h.score += s; } });
      let p = pages.get(h.page) || { id: h.page, hits: [] };
      p.hits.push(h);
      pages.set(h.page, p);
    });
    let ranked = Array.from(pages.values());
    ranked.forEach(function (p) {
      p.hits.sort(function (a, b) { return b.count - a.count || b.score - a.score || a.section - b.section; });
      p.count = p.hits[0].count;
      p.score = p.hits[0].score + 0.1 * p.hits.slice(1, 4).reduce(function (s, h) { return s + h.score; }, 0);
    });
    ranked.sort(function (a, b) { return b.count - a.count || b.score - a.score || a.id - b.id; });
    if (current && !current()) return null;
    async function load(p) {
      let n = Math.floor(p.id / m.per);
      let docs = await self.get("d-" + m.docs[Math.floor(n / m.group)] + "-" + n + ".json");
      p.doc = docs[p.id - n * m.per];
    }
    if (q.phrases.length) {
      // Quoted words must be together: of the best 30 pages, those with a section that has every
      // phrase, those sections first. When no page has them, the words count apart.
      let some = ranked.slice(0, 30);
      await Promise.all(some.map(load));
      let together = some.filter(function (p) {
        let d = p.doc, inPhrase = function (h) {
          let s = d[4][h.section] || ["", "", ""], text = d[0] + " \u2029 " + s[1] + " \u2029 " + s[2];
          return q.phrases.every(function (ph) { return hasPhrase(text, ph, lang); });
        };
        p.hits.sort(function (a, b) { return inPhrase(b) - inPhrase(a); });
        return inPhrase(p.hits[0]);
      });
      if (together.length) ranked = together;
    }
    let top = ranked.slice(0, limit);
    await Promise.all(top.map(function (p) { return p.doc ? null : load(p); }));
    top.forEach(function (p) {
      let d = p.doc;
      p.title = d[0]; p.url = d[1]; p.crumb = d[2]; p.roles = d[3];
      // The matched words of this page, for `?highlight=` on the page the result opens.
      let mine = new Set();
      [d[0]].concat(d[4].map(function (s) { return s[1] + " " + s[2]; })).forEach(function (t) {
        words(t, lang).forEach(function (w) { if (matched.has(w.term) && mine.size < 10) mine.add(w.term); });
      });
      let mark = mine.size ? "?highlight=" + encodeURIComponent(Array.from(mine).join(" ")) : "";
      p.sections = p.hits.slice(0, 3).map(function (h) {
        let s = d[4][h.section] || ["", "", ""];
        return { url: p.url + mark + (s[0] ? "#" + s[0] : ""), heading: s[1] || d[0], text: s[2] };
      });
    });
    noteQuery(m, query, ranked.length > 0);
    return { pages: top, total: ranked.length, terms: matched, help: m.help, lang: lang };
  };

  // ---- Queries that found nothing (`[search] report_url`, opt-in) ------------------------------
  // Clinic staff may type patient details into a search box, so a query is scrubbed before it is
  // kept: email addresses, dates, phone numbers, runs of digits and two capitalised words in a row
  // (a name) are replaced by a placeholder. The feedback form's free text goes through this too
  // (`docentScrub`, with a longer `max`): one scrubber for everything a reader types.
  function scrub(query, max) {
    max = max || 100;
    return String(query).slice(0, Math.max(MAX_QUERY, 2 * max))
      .replace(/[^\s@]+@[^\s@]+/g, "[email]")
      .replace(/\d{1,4}[\/.\-]\d{1,2}[\/.\-]\d{1,4}/g, "[date]")
      .replace(/\+?\d[\d\s().\-]{6,}\d/g, "[phone]")
      .replace(/\d{2,}/g, "#")
      .replace(/\p{Lu}[\p{L}'\u2019\-]*\p{Ll}[\p{L}'\u2019\-]*(\s+\p{Lu}[\p{L}'\u2019\-]*\p{Ll}[\p{L}'\u2019\-]*)+/gu, "[name]")
      .replace(/\s+/g, " ").trim().slice(0, max);
  }
  let missed = { to: null, queries: [] };
  // Keeps a query that found nothing; while typing, a longer miss replaces the one it extends, and
  // a query with results drops the miss it completes.
  function noteQuery(m, query, found) {
    if (!m.report) return;
    missed.to = m.report;
    let q = scrub(query), list = missed.queries, last = list[list.length - 1];
    if (found) { if (last && q.startsWith(last)) list.pop(); return; }
    if (!q) return;
    if (last && (q.startsWith(last) || last.startsWith(q))) list[list.length - 1] = q.length >= last.length ? q : last;
    else if (list.indexOf(q) < 0 && list.length < 20) list.push(q);
  }
  // Sends the kept queries in one request, as `{"v":1,"queries":[…]}`: like `sendBeacon` it
  // outlives the page (`keepalive`), but without cookies or the page's URL (which a beacon sends).
  function sendMissed() {
    if (!missed.to || !missed.queries.length) return;
    let body = JSON.stringify({ v: 1, queries: missed.queries });
    missed.queries = [];
    try {
      fetch(new URL(missed.to, location.href), {
        method: "POST", body: body, keepalive: true, credentials: "omit", referrerPolicy: "no-referrer",
        mode: "no-cors", headers: { "content-type": "text/plain" },
      }).catch(function () {});
    } catch (e) { /* a blocked report must not break the search */ }
  }

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
    // Sections inside `::: only` blocks count for their roles only.
    const only = new Map();
    (m.only || []).forEach(function (o) { only.set(o[0] * 65536 + o[1], o[2]); });
    return function (page, section) {
      const roles = only.get(page * 65536 + section);
      if (roles && roles.indexOf(role) < 0) return false;
      return withRole.has(page) || !any.has(page);
    };
  }

  if (typeof document === "undefined") {
    // Loaded outside a browser (the parity test, bench/search-quality.mjs): expose the text rules
    // and the query logic (which needs a global `fetch` and `location`), and stop.
    globalThis.docentSearchText = { words: words, stem: stem, compounds: compounds, analysisOf: analysisOf, Index: Index, plan: plan, scrub: scrub };
    return;
  }

  window.docentScrub = scrub;

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
  function highlight(parent, text, terms, lang) {
    let at = 0;
    words(text, lang).forEach(function (w) {
      if (!terms.has(w.term)) return;
      parent.appendChild(document.createTextNode(text.slice(at, w.start)));
      parent.appendChild(el("mark", "", text.slice(w.start, w.end)));
      at = w.end;
    });
    parent.appendChild(document.createTextNode(text.slice(at)));
    return parent;
  }

  // About 160 characters of `text` around its first matched word.
  function snippet(text, terms, lang) {
    const first = words(text, lang).find(function (w) { return terms.has(w.term); });
    let start = first ? Math.max(0, first.start - 50) : 0;
    if (start > 0) { const sp = text.indexOf(" ", start); start = sp >= 0 && sp < first.start ? sp + 1 : start; }
    let end = Math.min(text.length, start + 160);
    if (end < text.length) { const e = text.lastIndexOf(" ", end); end = e > start ? e : end; }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  // The page's theme strings (its language), from `window.docentStrings` (put at the start of
  // docent.js, which runs first) by `<html lang>`; `{name}` in a
  // string is replaced by `args[name]` in one pass (a query holding "{n}" stays as typed).
  let strings = null;
  function ui(key, args) {
    if (!strings) {
      // A site's own base.html may still carry them as a JSON block, which then wins.
      const block = document.getElementById("docent-strings");
      const all = window.docentStrings || {};
      try { strings = block ? JSON.parse(block.textContent) : all[document.documentElement.lang] || {}; } catch (e) { strings = {}; }
    }
    return args ? fill(strings[key] || key, args) : strings[key] || key;
  }
  function fill(text, args) {
    return text.replace(/\{(\w+)\}/g, function (m, name) { return name in args ? String(args[name]) : m; });
  }

  function countText(r) {
    if (!r.total) return ui("search_no_results");
    let n = r.pages.reduce(function (s, p) { return s + p.sections.length; }, 0), shown = r.pages.length;
    return ui(n === 1 ? "search_results_one" : "search_results_other", { n: n }) + " " +
      ui(shown === 1 ? "search_pages_one" : "search_pages_other", { n: shown }) +
      (r.total > shown ? " " + ui("search_best", { shown: shown, total: r.total }) : "");
  }

  function noResults(parent, query, help) {
    const q = { query: query.slice(0, 80) };
    const p = el("p", "search-empty");
    if (!help) p.textContent = ui("search_no_match", q);
    else {
      // The link goes where `{link}` is in the sentence, whatever the language's word order.
      const parts = ui("search_no_match_help").split("{link}");
      const a = el("a", "", help[0]);
      a.href = help[1];
      p.append(fill(parts[0], q), a, fill(parts.slice(1).join(""), q));
    }
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
    list.setAttribute("aria-label", ui("search_results_label"));
    const empty = el("div", "search-empty-box");
    const more = el("a", "search-more", ui("search_see_all"));
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
          highlight(o.appendChild(el("span", "search-option-heading")), s.heading, r.terms, r.lang);
          if (s.text) highlight(o.appendChild(el("span", "search-option-snippet")), snippet(s.text, r.terms, r.lang), r.terms, r.lang);
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
        if (mine === seq) { status.textContent = ui("search_unavailable"); open(false); }
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
        // A search still on its way must not open the results again after Escape.
        clearTimeout(timer);
        seq++;
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
          const a = highlight(h.appendChild(el("a")), p.title, r.terms, r.lang);
          a.href = p.sections[0] ? p.sections[0].url : p.url;
          if (p.crumb) li.appendChild(el("p", "search-result-crumb", p.crumb));
          if (p.roles.length) li.appendChild(el("p", "search-result-roles", ui("search_result_roles", { roles: p.roles.join(", ") })));
          const ul = li.appendChild(el("ul", "search-result-sections"));
          p.sections.forEach(function (s) {
            const item = ul.appendChild(el("li"));
            const link = highlight(item.appendChild(el("a")), s.heading, r.terms, r.lang);
            link.href = s.url;
            if (s.text) highlight(item.appendChild(el("p", "search-snippet")), snippet(s.text, r.terms, r.lang), r.terms, r.lang);
          });
        });
        if (r.pages.length) out.appendChild(ol);
        status.textContent = role ? ui("search_status_role", { status: countText(r), role: role }) : countText(r);
      }).catch(function () {
        if (mine === seq) status.textContent = ui("search_unavailable");
      });
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); run(true); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { run(false); }, 150); });
    if (select) select.addEventListener("change", function () { run(false); });
    if (input.value) run(false);
  }

  // ---- Landing on a result: mark the words it matched -----------------------------------------
  // A result links to `/page/?highlight=term+term#heading`. The page marks those words in its
  // content; Escape removes the marks and the parameter. Without JavaScript the parameter does
  // nothing.
  function markLanding() {
    let params = new URLSearchParams(location.search);
    let wanted = new Set((params.get("highlight") || "").slice(0, MAX_QUERY).split(/\s+/).filter(Boolean));
    let root = document.querySelector("main .content") || document.querySelector("main");
    if (!wanted.size || !root) return;
    // English rules are built in; another language's come with the page's index.
    let code = document.documentElement.lang, form = document.querySelector("[data-index]");
    if (!form || /^(en\b|$)/i.test(code)) markWords(root, wanted, EN);
    else indexFor(form).manifest.then(function (m) { markWords(root, wanted, analysisOf(m)); }, function () {});
  }

  function markWords(root, wanted, lang) {
    let walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) { return n.parentElement.closest("script, style, mark, pre, code") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; },
    });
    let nodes = [];
    while (walker.nextNode() && nodes.length < 5000) nodes.push(walker.currentNode);
    let marks = [];
    nodes.forEach(function (node) {
      let text = node.data, found = words(text, lang).filter(function (w) { return wanted.has(w.term); });
      if (!found.length) return;
      let frag = document.createDocumentFragment(), at = 0;
      found.forEach(function (w) {
        frag.appendChild(document.createTextNode(text.slice(at, w.start)));
        marks.push(frag.appendChild(el("mark", "search-landing", text.slice(w.start, w.end))));
        at = w.end;
      });
      frag.appendChild(document.createTextNode(text.slice(at)));
      node.parentNode.replaceChild(frag, node);
    });
    if (!marks.length) return;
    function clear(e) {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      marks.forEach(function (mk) {
        let parent = mk.parentNode;
        if (!parent) return;
        parent.replaceChild(document.createTextNode(mk.textContent), mk);
        parent.normalize();
      });
      let url = new URL(location.href);
      url.searchParams.delete("highlight");
      history.replaceState(history.state, "", url);
      document.removeEventListener("keydown", clear);
    }
    document.addEventListener("keydown", clear);
  }

  function start() {
    markLanding();
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") sendMissed(); });
    window.addEventListener("pagehide", sendMissed);
    let header = document.querySelector(".site-search");
    let pageForm = document.querySelector(".search-page-form");
    if (header) setUpCombobox(header);
    if (pageForm) setUpSearchPage(pageForm);
    document.addEventListener("keydown", function (e) {
      const t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      const target = pageForm ? pageForm.querySelector("input") : header && header.querySelector("input");
      if (!target) return;
      if ((e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey) || (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey)) {
        e.preventDefault();
        // On a phone the header's box is folded away behind its search button: open it first.
        const opener = document.querySelector(".search-toggle");
        if (!target.getClientRects().length && opener) opener.click();
        target.focus();
        target.select();
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
