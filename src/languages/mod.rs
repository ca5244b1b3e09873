//! Languages: which Markdown files are translations, and the site as each language shows it.
//!
//! A translation sits beside its source with the language code before `.md`
//! (`login/reset.es.md`, `login/_index.es.md`, `guide/index.es.md`). `split` moves translations
//! out of `Site::pages` (which then holds the default language's pages only) into
//! `Site::translations`, each pointing at the page it translates; `view` gives another
//! language's site: every default page, replaced by its translation where there is one and
//! marked `fallback` where there is not. The rest of the pipeline runs on each view as it
//! runs on the default site, so every language has its menu, home page, sections, search index
//! and help redirects. `resolve` gives a view's pages their addresses under `/CODE/`.
//!
//! Identity: a translation has its source's place (URL path, menu position) and front matter,
//! key by key overridden by the keys it writes itself, except `slug` (the URL path stays the
//! source's, so that switching language only changes the `/CODE/` prefix). A link written in a
//! translation resolves as if written in its source, so `other.md` goes to the same
//! language's `other` page (or its fallback). `status.rs` tells which translations are missing
//! or outdated. Pure: no I/O.

pub mod status;

use crate::config::{Config, TextDirection};
use crate::content::{Page, Site, Translation};
use crate::diagnostics::{Diagnostic, Span};
use std::collections::{BTreeMap, HashMap};

/// The site's languages other than the default, in code order.
pub fn other_languages(config: &Config) -> Vec<&str> {
    config.languages.keys().map(String::as_str).filter(|code| *code != config.language).collect()
}

/// Every language of the site, the default first.
pub fn all_languages(config: &Config) -> Vec<&str> {
    let mut all = vec![config.language.as_str()];
    all.extend(other_languages(config));
    all
}

/// A language's name in itself, for the language menu: `[languages.CODE] name`, else the
/// name of a common language (`fr` -> `Français`), else the code.
pub fn language_name<'a>(config: &'a Config, code: &'a str) -> &'a str {
    config.languages.get(code).and_then(|l| l.name.as_deref()).unwrap_or_else(|| {
        let primary = code.split(['-', '_']).next().unwrap_or(code).to_ascii_lowercase();
        ENDONYMS.iter().find(|(c, _)| *c == primary).map_or(code, |(_, name)| name)
    })
}

const ENDONYMS: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("de", "Deutsch"),
    ("en", "English"),
    ("es", "Español"),
    ("fa", "فارسی"),
    ("fr", "Français"),
    ("he", "עברית"),
    ("hi", "हिन्दी"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("nl", "Nederlands"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("ru", "Русский"),
    ("tl", "Tagalog"),
    ("uk", "Українська"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
];

/// Writing direction of a language: its `dir`, else right-to-left for the scripts that need it
/// (`strings::direction_for`).
pub fn direction(config: &Config, code: &str) -> TextDirection {
    crate::strings::direction_for(code, config)
}

/// The language code written before `.md` in a file name and the name without it:
/// `login/reset.es.md` -> (`login/reset.md`, `es`). Any dotted last part is returned; the
/// caller decides whether it is a language.
pub fn language_suffix(rel: &str) -> Option<(String, &str)> {
    let stem = rel.strip_suffix(".md")?;
    let (name, code) = stem.rsplit_once('.')?;
    let file = name.rsplit('/').next().unwrap_or(name);
    if file.is_empty() || code.is_empty() || code.contains('/') {
        return None;
    }
    Some((format!("{name}.md"), code))
}

/// Moves the translations among `site.pages` into `site.translations`. Problems: a
/// translation of nothing (error), two files for one page and language (error), a name that
/// looks like an unconfigured language code (warning; the file stays a page of its own, since
/// `notes.v2.md` is an ordinary name), a default-language folder in a language's place (error).
pub fn split(site: &mut Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let others: Vec<String> = other_languages(&site.config).into_iter().map(String::from).collect();
    // Nothing to move when no file is named like a translation (the pages stay as they are,
    // sorted): `serve` splits the whole site on every edit, and moving 10,000 pages costs.
    let plain = site.translations.is_empty()
        && site.pages.iter().all(|p| language_suffix(&p.rel).is_none())
        && site.pages.is_sorted_by(|a, b| a.source <= b.source);
    if plain {
        diags.extend(folder_clashes(site, &others));
        return diags;
    }
    // A model split before (kept by `serve`) is split again from all its files.
    let mut pages = std::mem::take(&mut site.pages);
    pages.append(&mut site.translations);
    pages.sort_by(|a, b| a.source.cmp(&b.source));
    let mut translations = Vec::new();
    for page in pages {
        match language_suffix(&page.rel) {
            Some((rel, code)) if others.iter().any(|o| o == code) => {
                let code = code.to_string();
                translations.push((page, rel, code));
            }
            Some((_, code)) if !site.config.languages.contains_key(code) && looks_like_language(code) => {
                diags.push(unknown_language(&page, code));
                site.pages.push(page);
            }
            _ => site.pages.push(page),
        }
    }
    // A translation's page is the default page at the same path (slugs aside): `a.es.md`,
    // `a/index.es.md` and `a/_index.es.md` all translate the page at `/a/`.
    // Made only when there are translations: `serve` splits the whole site on every edit.
    let mut by_path: HashMap<String, usize> = HashMap::new();
    for (i, page) in site.pages.iter().enumerate().filter(|_| !translations.is_empty()) {
        by_path.entry(path_key(&page.rel)).or_insert(i);
    }
    let mut seen: BTreeMap<(usize, String), String> = BTreeMap::new();
    for (mut page, rel, code) in translations {
        let Some(&of) = by_path.get(&path_key(&rel)) else {
            diags.push(
                Diagnostic::error(
                    Span::file(&page.source),
                    format!("translation into `{code}` of content/{rel}, which does not exist"),
                )
                .with_help(format!(
                    "a translation sits beside its page with the language before .md: add content/{rel} in the default language ({}), or rename this file after the page it translates",
                    site.config.language
                )),
            );
            continue;
        };
        if let Some(other) = seen.get(&(of, code.clone())) {
            diags.push(
                Diagnostic::error(
                    Span::file(&page.source),
                    format!(
                        "{other} and {} are both the `{code}` translation of {}",
                        page.source, site.pages[of].source
                    ),
                )
                .with_help("keep one of the two files (move the text into it)"),
            );
            continue;
        }
        seen.insert((of, code.clone()), page.source.clone());
        let source = &site.pages[of];
        page.translation = Some(Translation { lang: code, of: source.source.clone() });
        site.translations.push(page);
    }
    site.translations.sort_by(|a, b| a.source.cmp(&b.source));
    diags.extend(folder_clashes(site, &others));
    diags
}

/// The URL path a file would have without a `slug`.
fn path_key(rel: &str) -> String {
    let is_section = rel == "_index.md" || rel.ends_with("/_index.md");
    let page = Page { rel: rel.to_string(), is_section, ..Default::default() };
    crate::resolve::page_url(&page)
}

/// A default-language page under `/CODE/` would be hidden by that language's pages.
fn folder_clashes(site: &Site, others: &[String]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for code in others {
        let prefix = format!("{}/", crate::slug::slugify(code));
        let clash = site.pages.iter().find(|p| !p.generated && crate::resolve::page_url(p).starts_with(&prefix));
        if let Some(page) = clash {
            diags.push(
                Diagnostic::error(
                    Span::file(&page.source),
                    format!(
                        "this page's URL is under /{prefix}, where the `{code}` pages ({}) are published",
                        language_name(&site.config, code)
                    ),
                )
                .with_help(format!(
                    "rename the folder (or give the page a `slug`); /{prefix} belongs to [languages.{code}]"
                )),
            );
        }
    }
    diags
}

/// True for a two-letter ISO 639-1 code, optionally with a region (`pt-br`): the names a
/// translation would have. Other dotted names (`notes.v2.md`, `setup.py.md`) are left alone.
fn looks_like_language(code: &str) -> bool {
    let primary = code.split(['-', '_']).next().unwrap_or(code).to_ascii_lowercase();
    primary.len() == 2 && ISO_639_1.split(' ').any(|c| c == primary)
}

const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

fn unknown_language(page: &Page, code: &str) -> Diagnostic {
    let url = crate::resolve::page_url(page);
    Diagnostic::warning(
        Span::file(&page.source),
        format!("`{code}` in this file's name looks like a language code, but docent.toml has no [languages.{code}]; it is published as a page of its own, /{url}"),
    )
    .with_help(format!(
        "to make it a translation, add [languages.{code}] with name = \"…\" to docent.toml; to keep it a page, rename it (a dot before .md is fine when the part after it is not a language code)"
    ))
}

/// The site as language `code` shows it: each default page replaced by its `code`
/// translation, or kept as a `fallback`. Assets, videos and templates are shared.
pub fn view(site: &Site, code: &str) -> Site {
    let translations: HashMap<&str, &Page> = site
        .translations
        .iter()
        .filter(|t| t.translation.as_ref().is_some_and(|t| t.lang == code))
        .filter_map(|t| t.translation.as_ref().map(|tr| (tr.of.as_str(), t)))
        .collect();
    let pages = site
        .pages
        .iter()
        .map(|page| match translations.get(page.source.as_str()) {
            Some(t) => translated(page, t, &site.config),
            None => Page { fallback: true, ..page.clone() },
        })
        .collect();
    Site {
        root: site.root.clone(),
        config: site.config.clone(),
        pages,
        assets: site.assets.clone(),
        templates: site.templates.clone(),
        template_files: site.template_files.clone(),
        videos: site.videos.iter().map(|v| localized_video(v, code)).collect(),
        theme_static: site.theme_static.clone(),
        translations: Vec::new(),
        language: Some(code.to_string()),
        snippets: site.snippets.clone(),
        glossary: site.glossary.clone(),
        commit_dates: site.commit_dates.clone(),
        build_date: site.build_date.clone(),
        audience: site.audience.clone(),
        left_out: site.left_out.clone(),
    }
}

/// A video as language `code` shows it: that language's captions first (the player's default
/// track, the transcript, what search indexes) and its chapter titles (`titles`).
fn localized_video(video: &crate::videos::Video, code: &str) -> crate::videos::Video {
    let mut v = video.clone();
    if let Some(i) = v.captions.iter().position(|c| same_language(&c.lang, code)) {
        let own = v.captions.remove(i);
        v.captions.insert(0, own);
    }
    for chapter in &mut v.chapters {
        if let Some(title) = chapter.titles.get(code).filter(|t| !t.is_empty()) {
            chapter.title = title.clone();
        }
    }
    v
}

/// True when two language tags name the same language (`es`, `es-MX`; any case).
pub fn same_language(a: &str, b: &str) -> bool {
    let primary = |t: &str| t.split(['-', '_']).next().unwrap_or(t).to_ascii_lowercase();
    a.eq_ignore_ascii_case(b) || primary(a) == primary(b)
}

/// A translation in its source's place: the source's front matter with the keys the
/// translation writes, the translation's text, file and line numbers.
fn translated(source: &Page, t: &Page, config: &Config) -> Page {
    let own = |key: &str| t.key_lines.contains_key(key);
    let (s, f) = (&source.front, &t.front);
    let mut front = s.clone();
    macro_rules! take {
        ($($key:ident),*) => { $( if own(stringify!($key)) { front.$key = f.$key.clone(); } )* };
    }
    take!(
        title,
        description,
        weight,
        draft,
        aliases,
        template,
        screens,
        videos,
        roles,
        search,
        extra,
        translated_from,
        updated
    );
    if !own("title") && config.markdown.title_from_heading && t.heading_title.is_some() {
        front.title = None;
    }
    let front_digest = crate::digest::of_serialized(&(&front, &t.key_lines));
    Page {
        source: t.source.clone(),
        rel: source.rel.clone(),
        is_section: source.is_section,
        front,
        key_lines: t.key_lines.clone(),
        unknown_keys: Vec::new(),
        body: t.body.clone(),
        body_line: t.body_line,
        heading_title: t.heading_title.clone(),
        generated: false,
        digest: crate::digest::Digest::of(&[source.digest.to_le_bytes(), t.digest.to_le_bytes()].concat()),
        translation: t.translation.clone(),
        fallback: false,
        modified: t.modified.max(source.modified),
        body_on_disk: t.body_on_disk,
        front_digest,
    }
}

/// Rewrites `help-map.json` in the build's tree with each screen's entry in every other
/// language (`HelpEntry::languages`), made from that language's view.
pub fn merge_help_map(build: &mut crate::Build) {
    use crate::derive::help;
    if !build.searchable || !build.tree.files.contains_key("help-map.json") {
        return;
    }
    let mut map = help::help_map(&build.site, &build.map, &build.screens, &build.markdown);
    map.languages = build.languages.iter().map(|l| l.code.clone()).collect();
    for lang in build.languages.iter().filter(|l| l.searchable) {
        let theirs = help::help_map(&lang.site, &lang.map, &lang.screens, &lang.markdown);
        for (id, entry) in theirs.screens {
            if let Some(ours) = map.screens.get_mut(id) {
                ours.languages.insert(lang.code.clone(), entry.under(&lang.code));
            }
        }
    }
    let json = help::to_json(&map);
    build.tree.insert_bytes("help-map.json", json.into_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(config: &str, files: &[(&str, &str)]) -> Site {
        let mut s = crate::content::test_site(files);
        s.config = Config::parse(config).unwrap();
        s.pages.sort_by(|a, b| a.source.cmp(&b.source));
        s
    }

    const ES: &str = "[languages.es]\nname = \"Español\"\n";

    #[test]
    fn translations_find_their_page_whatever_its_form() {
        let mut s = site(
            ES,
            &[
                ("_index.md", "# Home"),
                ("_index.es.md", "# Inicio"),
                ("a/_index.md", "# A"),
                ("a/_index.es.md", "# A es"),
                ("b/index.md", "# B"),
                ("b.es.md", "# B es"),
                ("c.md", "+++\nslug = \"see\"\n+++\n# C"),
                ("c.es.md", "# C es"),
                ("notes.v2.md", "# Notes"),
            ],
        );
        let diags = split(&mut s);
        assert!(diags.is_empty(), "{diags:?}");
        let of: Vec<(&str, &str)> =
            s.translations.iter().map(|t| (t.source.as_str(), t.translation.as_ref().unwrap().of.as_str())).collect();
        assert_eq!(
            of,
            [
                ("content/_index.es.md", "content/_index.md"),
                ("content/a/_index.es.md", "content/a/_index.md"),
                ("content/b.es.md", "content/b/index.md"),
                ("content/c.es.md", "content/c.md"),
            ]
        );
        assert_eq!(s.pages.len(), 5, "notes.v2.md stays a page");
    }

    #[test]
    fn a_translation_of_nothing_is_an_error_naming_the_missing_page() {
        let mut s = site(ES, &[("a.md", "# A"), ("gone.es.md", "# Ido")]);
        let diags = split(&mut s);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].is_error());
        assert_eq!(diags[0].span.as_ref().unwrap().file, "content/gone.es.md");
        assert!(diags[0].message.contains("content/gone.md, which does not exist"), "{}", diags[0].message);
    }

    #[test]
    fn two_files_for_one_page_and_language_are_named_both() {
        let mut s = site(ES, &[("a.md", "# A"), ("a.es.md", "# A1"), ("a/index.es.md", "# A2")]);
        let diags = split(&mut s);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("content/a.es.md") && diags[0].message.contains("content/a/index.es.md"));
        assert!(diags[0].message.contains("translation of content/a.md"));
    }

    #[test]
    fn an_unconfigured_language_code_warns_and_the_file_stays_a_page() {
        let mut s = site(ES, &[("a.md", "# A"), ("a.zu.md", "# A"), ("b.v2.md", "# B"), ("setup.py.md", "# S")]);
        let diags = split(&mut s);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(!diags[0].is_error());
        assert_eq!(diags[0].span.as_ref().unwrap().file, "content/a.zu.md");
        assert!(
            diags[0].message.contains("[languages.zu]") && diags[0].message.contains("/a-zu/"),
            "{}",
            diags[0].message
        );
        assert_eq!(s.pages.len(), 4);
    }

    #[test]
    fn a_folder_in_a_languages_place_is_an_error() {
        let mut s = site(ES, &[("es/_index.md", "# Spain office"), ("es/visit.md", "# Visit")]);
        let diags = split(&mut s);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].span.as_ref().unwrap().file, "content/es/_index.md");
        assert!(diags[0].message.contains("/es/"), "{}", diags[0].message);
    }

    #[test]
    fn a_view_keeps_the_source_identity_and_takes_the_translations_own_keys() {
        let mut s = site(
            ES,
            &[
                ("a.md", "+++\ntitle = \"Alpha\"\nweight = 3\nscreens = [\"alpha\"]\n+++\nText"),
                ("a.es.md", "+++\ntitle = \"Alfa\"\n+++\nTexto"),
                ("b.md", "+++\ntitle = \"Bravo\"\n+++\nMore"),
            ],
        );
        split(&mut s);
        let es = view(&s, "es");
        assert_eq!(es.language.as_deref(), Some("es"));
        let a = &es.pages[0];
        assert_eq!((a.source.as_str(), a.rel.as_str()), ("content/a.es.md", "a.md"));
        assert_eq!(a.front.title.as_deref(), Some("Alfa"));
        assert_eq!((a.front.weight, a.front.screens.as_slice()), (Some(3), ["alpha".to_string()].as_slice()));
        assert!(!a.fallback && a.body.contains("Texto"));
        assert!(es.pages[1].fallback && es.pages[1].source == "content/b.md");
    }

    #[test]
    fn directions_default_by_script() {
        let c = Config::parse("[languages.ar]\n[languages.x]\ndir = \"rtl\"\n").unwrap();
        assert_eq!(direction(&c, "ar"), TextDirection::Rtl);
        assert_eq!(direction(&c, "x"), TextDirection::Rtl);
        assert_eq!(direction(&c, "es"), TextDirection::Ltr);
    }
}
