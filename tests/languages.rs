//! Multilingual sites end to end (issue 18): translations beside their pages, every page in
//! every language (with a notice where untranslated), switching, the help map and redirects
//! per language, videos per language, one search index per language, `docent check`'s
//! translation status and `--fix-hashes`, and each kind of bad input.

mod common;
use common::*;

const CONFIG: &str = "title = \"Help\"\nbase_url = \"https://help.example.org/\"\n[languages.es]\nname = \"Español\"\n";

fn files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("docent.toml", CONFIG),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n"),
        ("content/_index.es.md", "+++\ntitle = \"Inicio\"\n+++\nBienvenido.\n"),
        ("content/login/_index.md", "+++\ntitle = \"Logging in\"\n+++\nHow to log in. See [reset](reset.md).\n"),
        (
            "content/login/reset.md",
            "+++\ntitle = \"Reset your password\"\nscreens = [\"reset\"]\n+++\nReset it from the login page.\n\n## Steps\n\nOpen the page.\n",
        ),
        (
            "content/login/reset.es.md",
            "+++\ntitle = \"Restablecer la contraseña\"\n+++\nRestablézcala desde la página de inicio de sesión. Vea [iniciar sesión](_index.md).\n\n## Pasos\n\nAbra la página.\n",
        ),
    ]
}

fn site() -> TempSite {
    TempSite::new(&files())
}

fn built(site: &TempSite) -> std::collections::BTreeMap<String, String> {
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    read_tree(&site.path("public")).into_iter().map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned())).collect()
}

fn check(site: &TempSite, extra: &[&str]) -> (bool, String) {
    let o = docent().arg("check").arg("--root").arg(site.root()).args(extra).output().unwrap();
    (o.status.success(), stderr(&o))
}

#[test]
fn every_page_exists_in_every_language_under_its_code() {
    let tree = built(&site());
    for page in ["index.html", "login/index.html", "login/reset/index.html", "search/index.html"] {
        assert!(tree.contains_key(page), "{page}");
        assert!(tree.contains_key(&format!("es/{page}")), "es/{page}");
    }
    let reset = &tree["es/login/reset/index.html"];
    assert!(reset.contains("<html lang=\"es\" dir=\"ltr\">"), "{reset}");
    assert!(reset.contains("<h1>Restablecer la contraseña</h1>"));
    // A link in a translation goes to the same language's page (here a fallback).
    assert!(reset.contains("<a href=\"/es/login/\">iniciar sesión</a>"), "{reset}");
    // The menu, breadcrumbs, home link and search are the language's own.
    assert!(reset.contains("<a class=\"site-title\" href=\"/es/\">"));
    assert!(reset.contains("action=\"/es/search/\"") && reset.contains("data-index=\"/es/search/manifest.json\""));
    assert!(reset.contains("<li><a href=\"/es/\">Inicio</a></li>"), "breadcrumb root is the Spanish home");
    // Theme files are shared, not copied per language.
    assert!(!tree.keys().any(|k| k.starts_with("es/") && k.ends_with(".css")));
    assert!(reset.contains("href=\"/style."));
}

#[test]
fn each_languages_index_is_analysed_in_that_language() {
    let tree = built(&site());
    let manifest = |path: &str| -> serde_json::Value { serde_json::from_str(&tree[path]).unwrap() };
    let (en, es) = (manifest("search/manifest.json"), manifest("es/search/manifest.json"));
    assert_eq!(es["lang"], "es", "{es}");
    assert!(es["rules"].is_object() || es["rules"].is_array(), "the Spanish rules ride in the manifest: {es}");
    assert!(en["rules"].is_null(), "English rules are built into the client: {en}");
}

#[test]
fn an_untranslated_page_shows_the_default_text_with_a_notice_and_its_lang() {
    let tree = built(&site());
    let login = &tree["es/login/index.html"];
    assert!(login.contains("<main id=\"main\" tabindex=\"-1\" lang=\"en\">"), "{login}");
    assert!(login.contains("<p class=\"fallback-notice\" role=\"note\" lang=\"es\">"), "{login}");
    assert!(login.contains("How to log in."));
    assert!(login.contains("<a href=\"/es/login/reset/\">reset</a>"), "links stay in the reader's language");
    assert!(!tree["login/index.html"].contains("fallback-notice"));
    assert!(!tree["es/login/reset/index.html"].contains("fallback-notice"));
}

#[test]
fn every_page_links_to_itself_in_each_language() {
    let tree = built(&site());
    let en = &tree["login/reset/index.html"];
    for page in [en, &tree["es/login/reset/index.html"]] {
        assert!(
            page.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"https://help.example.org/login/reset/\">")
        );
        assert!(
            page.contains("<link rel=\"alternate\" hreflang=\"es\" href=\"https://help.example.org/es/login/reset/\">")
        );
        assert!(page.contains(
            "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://help.example.org/login/reset/\">"
        ));
        assert!(page.contains("<a href=\"/es/login/reset/\" hreflang=\"es\" lang=\"es\" data-language=\"es\""));
        assert!(page.contains("<a href=\"/login/reset/\" hreflang=\"en\" lang=\"en\" data-language=\"en\""));
    }
    assert!(en.contains("data-language=\"en\" aria-current=\"true\">English</a>"), "{en}");
    let sitemap = &tree["sitemap.xml"];
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains("<loc>https://help.example.org/es/login/reset/</loc>"));
    assert!(
        sitemap.contains(
            "<xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"https://help.example.org/es/login/reset/\"/>"
        )
    );
    assert!(sitemap.contains("hreflang=\"x-default\" href=\"https://help.example.org/login/reset/\""));
    // The default home offers the other languages (hidden until the script picks one); others do not.
    assert!(tree["index.html"].contains("<p class=\"language-offer\" data-language=\"es\" lang=\"es\" hidden>"));
    assert!(!tree["es/index.html"].contains("language-offer"));
}

#[test]
fn a_site_with_one_language_has_no_language_menu() {
    let s = TempSite::new(&[("content/_index.md", "# Home\n"), ("content/a.md", "# A\n")]);
    let tree = built(&s);
    assert!(!tree["a/index.html"].contains("language-menu") && !tree["a/index.html"].contains("hreflang"));
    assert!(!tree["sitemap.xml"].contains("xhtml"));
    assert!(!tree.keys().any(|k| k.starts_with("es/")));
}

#[test]
fn help_map_and_redirects_exist_per_language() {
    let tree = built(&site());
    let map: serde_json::Value = serde_json::from_str(&tree["help-map.json"]).unwrap();
    assert_eq!(map["languages"], serde_json::json!(["es"]));
    let es = &map["screens"]["reset"]["languages"]["es"];
    assert_eq!(es["title"], "Restablecer la contraseña");
    assert_eq!(es["url"], "es/login/reset/");
    assert_eq!(es["help_url"], "es/help/reset/");
    assert!(es["summary"].as_str().unwrap().starts_with("Restablézcala"));
    assert!(es.get("fallback").is_none());
    assert_eq!(map["screens"]["reset"]["url"], "login/reset/");
    let redirect = &tree["es/help/reset/index.html"];
    assert!(redirect.contains("/es/login/reset/"), "{redirect}");
    assert!(
        tree["help/reset/index.html"].contains("\"/login/reset/\"")
            || tree["help/reset/index.html"].contains("url=/login/reset/")
    );
}

#[test]
fn each_language_has_its_own_search_index() {
    let tree = built(&site());
    assert!(tree.contains_key("search/manifest.json") && tree.contains_key("es/search/manifest.json"));
    let es: String = tree.iter().filter(|(k, _)| k.starts_with("es/search/d-")).map(|(_, v)| v.as_str()).collect();
    assert!(es.contains("Restablecer"), "{es}");
    assert!(!es.contains("How to log in"), "an untranslated page is not in the Spanish index: {es}");
    let en: String = tree.iter().filter(|(k, _)| k.starts_with("search/d-")).map(|(_, v)| v.as_str()).collect();
    assert!(!en.contains("Restablecer"));
}

const VTT_EN: &str =
    "WEBVTT\n\n00:00.000 --> 00:02.000\nOpen the login page.\n\n00:02.000 --> 00:04.000\nChoose reset.\n";
const VTT_ES: &str = "WEBVTT\n\n00:00.000 --> 00:02.000\nAbra la página de inicio de sesión.\n\n00:02.000 --> 00:04.000\nElija restablecer.\n";

#[test]
fn the_spanish_video_page_offers_spanish_captions_transcript_and_chapters() {
    let s = site();
    s.write("videos/intro.webm", &std::fs::read(repo().join("videos/reset-your-password.webm")).unwrap());
    s.write("videos/intro.vtt", VTT_EN.as_bytes());
    s.write("videos/intro.es.vtt", VTT_ES.as_bytes());
    s.write(
        "videos/intro.toml",
        b"title = \"Intro\"\n[[chapters]]\nstart = 0\ntitle = \"Open\"\ntitles = { es = \"Abrir\" }\n[[chapters]]\nstart = 2\ntitle = \"Reset\"\n",
    );
    let tree = built(&s);
    let es = &tree["es/videos/intro/index.html"];
    let tracks: Vec<&str> = es.match_indices("<track ").map(|(i, _)| &es[i..i + 120]).collect();
    assert!(tracks[0].contains("srclang=\"es\"") && tracks[0].contains(" default"), "{tracks:?}");
    assert!(es.contains("<ol class=\"transcript\" lang=\"es\">"), "{es}");
    assert!(es.contains("Abra la página de inicio de sesión."));
    assert!(es.contains("</span> Abrir</a>") && es.contains("</span> Reset</a>"), "chapter titles: {es}");
    assert!(es.contains("src=\"/videos/intro.es.vtt\""), "media stay shared");
    let en = &tree["videos/intro/index.html"];
    assert!(en.contains("</span> Open</a>") && en.contains("<ol class=\"transcript\" lang=\"en\">"));
    let index: String = tree.iter().filter(|(k, _)| k.starts_with("es/search/d-")).map(|(_, v)| v.as_str()).collect();
    assert!(index.contains("Elija restablecer") && !index.contains("Choose reset"), "{index}");
}

#[test]
fn check_lists_untranslated_pages_per_language() {
    let (ok, err) = check(&site(), &[]);
    assert!(ok, "{err}");
    assert!(err.contains("translations: es (Español): 2 of 3 pages translated, 2 outdated"), "{err}");
    assert!(err.contains("  untranslated: content/login/_index.md"), "{err}");
    // Translations without `translated_from` are listed for review, with the command that records it.
    assert!(
        err.contains("warning: content/login/reset.es.md:1:1: this translation does not say which version"),
        "{err}"
    );
    assert!(err.contains("--fix-hashes"), "{err}");
    let o = docent().args(["check", "--format", "json", "--root"]).arg(site().root()).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["translations"][0]["language"], "es");
    assert_eq!(json["translations"][0]["untranslated"], serde_json::json!(["content/login/_index.md"]));
}

#[test]
fn an_outdated_translation_warns_with_a_summary_and_fix_hashes_records_the_review() {
    let s = site();
    let (_, _) = check(&s, &["--fix-hashes"]);
    let (ok, err) = check(&s, &[]);
    assert!(ok && !err.contains("outdated translation") && !err.contains("does not say"), "after --fix-hashes: {err}");
    assert!(err.contains("2 of 3 pages translated, 0 outdated"), "{err}");
    let fixed = std::fs::read_to_string(s.path("content/login/reset.es.md")).unwrap();
    let original = files().into_iter().find(|(p, _)| *p == "content/login/reset.es.md").unwrap().1;
    // Only the one line was added, right after the opening fence.
    let hash_line = fixed.lines().nth(1).unwrap();
    assert!(hash_line.starts_with("translated_from = \"") && hash_line.len() == "translated_from = \"\"".len() + 16);
    assert_eq!(fixed.replacen(&format!("{hash_line}\n"), "", 1), original);
    // The source changes: a paragraph is added under its first heading.
    s.write(
        "content/login/reset.md",
        b"+++\ntitle = \"Reset your password\"\nscreens = [\"reset\"]\n+++\nReset it from the login page.\n\n## Steps\n\nOpen the page.\n\nChoose a new password.\n",
    );
    let (_, err) = check(&s, &[]);
    assert!(err.contains("warning: content/login/reset.es.md:2:1: outdated translation: content/login/reset.md changed since it was translated"), "{err}");
    assert!(err.contains("the source has 1 heading and 3 paragraphs, the translation 1 and 2"), "{err}");
    assert!(err.contains("section 2 (`## Steps`: 2 paragraphs in the source, 1 in the translation)"), "{err}");
    // After the translator's review, one command records it; the line is rewritten in place.
    let (ok, err) = check(&s, &["--fix-hashes"]);
    assert!(ok && !err.contains("outdated translation"), "{err}");
    assert!(err.contains("fixed: content/login/reset.es.md"), "{err}");
    let again = std::fs::read_to_string(s.path("content/login/reset.es.md")).unwrap();
    assert_eq!(again.lines().count(), fixed.lines().count());
    assert_ne!(again.lines().nth(1), fixed.lines().nth(1));
    assert_eq!(again.lines().skip(2).collect::<Vec<_>>(), fixed.lines().skip(2).collect::<Vec<_>>());
}

fn fails_with(extra: &[(&str, &str)]) -> String {
    let mut all = files();
    all.extend_from_slice(extra);
    let s = TempSite::new(&all);
    let o = s.build(&[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    stderr(&o)
}

#[test]
fn a_translation_of_a_page_that_does_not_exist_is_an_error() {
    let err = fails_with(&[("content/login/gone.es.md", "# Ido\n")]);
    assert!(
        err.contains(
            "error: content/login/gone.es.md:1:1: translation into `es` of content/login/gone.md, which does not exist"
        ),
        "{err}"
    );
    assert!(err.contains("help: a translation sits beside its page"), "{err}");
}

#[test]
fn two_files_for_one_page_and_language_are_an_error() {
    let err = fails_with(&[("content/login/reset/index.es.md", "# Otra\n")]);
    assert!(err.contains("content/login/reset.es.md and content/login/reset/index.es.md are both the `es` translation of content/login/reset.md"), "{err}");
}

#[test]
fn a_section_in_a_languages_place_is_an_error() {
    let err = fails_with(&[("content/es/_index.md", "# Spain office\n")]);
    assert!(err.contains("error: content/es/_index.md:1:1: this page's URL is under /es/, where the `es` pages (Español) are published"), "{err}");
}

#[test]
fn an_unknown_language_code_warns_and_dotted_names_stay_pages() {
    let mut all = files();
    all.push(("content/login/reset.zu.md", "# Zulu\n"));
    all.push(("content/notes.v2.md", "# Notes\n"));
    let s = TempSite::new(&all);
    let o = s.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("warning: content/login/reset.zu.md:1:1: `zu` in this file's name looks like a language code, but docent.toml has no [languages.zu]"), "{err}");
    assert!(!err.contains("notes.v2"), "{err}");
    assert!(s.path("public/notes-v2/index.html").exists() && s.path("public/login/reset-zu/index.html").exists());
}

#[test]
fn a_heading_anchor_across_languages_is_a_warning_that_says_to_keep_the_sources_id() {
    let mut all = files();
    all.push(("content/faq.md", "+++\ntitle = \"FAQ\"\n+++\nSee [the steps](login/reset.md#steps).\n"));
    all.retain(|(p, _)| *p != "content/login/reset.md");
    all.push((
        "content/login/reset.md",
        "+++\ntitle = \"Reset your password\"\nscreens = [\"reset#steps\"]\n+++\nReset it.\n\n## Steps\n\nOpen the page.\n",
    ));
    let s = TempSite::new(&all);
    let o = s.build(&[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("warning: content/faq.md:4:5: link to #steps in content/login/reset.es.md: no such heading (in the `es` pages)"), "{err}");
    assert!(
        err.contains(
            "warning: content/login/reset.es.md:1:1: screen `reset#steps`: this translation has no heading #steps"
        ),
        "{err}"
    );
    assert!(err.contains("{#steps}"), "{err}");
    // Keeping the source's id in the translation settles both.
    s.write(
        "content/login/reset.es.md",
        "+++\ntitle = \"Restablecer\"\n+++\nRestablézcala.\n\n## Pasos {#steps}\n\nAbra la página.\n".as_bytes(),
    );
    let o = s.build(&[]);
    assert!(o.status.success() && !stderr(&o).contains("#steps"), "{}", stderr(&o));
    let map = std::fs::read_to_string(s.path("public/help-map.json")).unwrap();
    assert!(map.contains("\"url\": \"es/login/reset/#steps\""), "{map}");
}

#[test]
fn check_lints_translations_too() {
    let mut all = files();
    all.push(("content/login/_index.es.md", "+++\ntitle = \"Iniciar sesión\"\n+++\n![](mapa.png)\n\n#### Salto\n"));
    all.push(("content/login/mapa.png", "not really a png"));
    let s = TempSite::new(&all);
    let (_, err) = check(&s, &[]);
    assert!(err.contains("warning: content/login/_index.es.md:4:1: image mapa.png has no alt text"), "{err}");
    assert!(err.contains("warning: content/login/_index.es.md:6:1: heading level skipped"), "{err}");
}

#[test]
fn unknown_theme_string_overrides_are_reported_for_every_language() {
    let s = TempSite::new(&[
        (
            "docent.toml",
            "title = \"H\"\n[languages.es]\n[languages.es.strings]\nlanguage_mnu = \"x\"\n[languages.fr.strings]\nfallback_notise = \"y\"\n",
        ),
        ("content/_index.md", "# Home\n"),
    ]);
    let o = s.build(&[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: docent.toml:4:1: `language_mnu` in [languages.es.strings] is not a theme string"),
        "{err}"
    );
    assert!(err.contains("did you mean `language_menu`?"), "{err}");
    assert!(
        err.contains("error: docent.toml:6:1: `fallback_notise` in [languages.fr.strings] is not a theme string"),
        "{err}"
    );
}

#[test]
fn the_notice_and_the_offer_are_written_in_their_own_language() {
    let mut all = files();
    all[0] = (
        "docent.toml",
        "title = \"Help\"\n[languages.es]\nname = \"Español\"\n[languages.fr]\n[languages.fr.strings]\nlanguage_offer_dismiss = \"Plus tard\"\n",
    );
    let tree = built(&TempSite::new(&all));
    assert!(
        tree["es/login/index.html"]
            .contains("Esta página aún no está disponible en español. Se muestra en su idioma original (English).")
    );
    assert!(tree["fr/login/index.html"].contains("Cette page n’est pas encore disponible en français."));
    assert!(tree["es/login/index.html"].contains("<nav class=\"language-menu\" aria-label=\"Idioma\">"));
    let home = &tree["index.html"];
    assert!(home.contains("Esta ayuda también está disponible en español.</a> <button type=\"button\" class=\"language-offer-dismiss\">No, gracias</button>"), "{home}");
    assert!(home.contains("Cette aide existe aussi en français.</a> <button type=\"button\" class=\"language-offer-dismiss\">Plus tard</button>"), "{home}");
    assert!(tree["fr/login/index.html"].contains(">Français</a>"), "a language without `name` is named in itself");
}

#[test]
fn the_url_manifest_lists_every_language_and_check_since_keeps_their_urls() {
    let site = site();
    // A translation's own alias is the Spanish page's alone.
    let es = "+++\ntitle = \"Restablecer\"\naliases = [\"/viejo/\"]\n+++\nRestablézcala.\n";
    site.write("content/login/reset.es.md", es.as_bytes());
    let tree = built(&site);
    let manifest = &tree[".docent/urls.json"];
    assert!(manifest.contains("{\"url\":\"/es/login/reset/\",\"source\":\"content/login/reset.es.md\"}"), "{manifest}");
    assert!(
        manifest.contains("\"aliases\": [\n{\"url\":\"/es/viejo/\",\"target\":\"/es/login/reset/\"}\n]"),
        "{manifest}"
    );
    // One list sorted by URL across the languages.
    let urls: Vec<&str> =
        manifest.lines().filter(|l| l.contains("\"source\"")).filter_map(|l| l.split('"').nth(3)).collect();
    assert!(urls.windows(2).all(|w| w[0] < w[1]) && urls.contains(&"/es/") && urls.contains(&"/login/"), "{manifest}");
    // An untranslated page is published in Spanish too (in its own words), from its own file.
    assert!(manifest.contains("{\"url\":\"/es/login/\",\"source\":\"content/login/_index.md\"}"), "{manifest}");
    site.write("old-urls.json", manifest.as_bytes());
    // The page gets a new slug: its old URL goes in both languages.
    let moved = "+++\ntitle = \"Reset your password\"\nslug = \"reset-password\"\n+++\nReset it.\n";
    site.write("content/login/reset.md", moved.as_bytes());
    let (ok, err) = check(&site, &["--since", site.path("old-urls.json").to_str().unwrap()]);
    assert!(!ok, "{err}");
    assert!(err.contains("/login/reset/ (content/login/reset.md in the previous build) is gone"), "{err}");
    assert!(
        err.contains(
            "error: content/login/reset.es.md:3:1: /es/login/reset/ (content/login/reset.es.md in the previous build) is gone"
        ),
        "{err}"
    );
    assert!(err.contains("this page moved to /es/login/reset-password/; add aliases = [\"/login/reset/\"]"), "{err}");
    // An alias on the page keeps the old URL in every language that does not set its own; the
    // translation here does, so it needs the alias too.
    let kept = "+++\ntitle = \"Reset your password\"\nslug = \"reset-password\"\naliases = [\"/login/reset/\"]\n+++\nReset it.\n";
    site.write("content/login/reset.md", kept.as_bytes());
    let (ok, err) = check(&site, &["--since", site.path("old-urls.json").to_str().unwrap()]);
    assert!(!ok && err.contains("/es/login/reset/ (content/login/reset.es.md in the previous build) is gone"), "{err}");
    assert!(!err.contains("error: content/login/reset.md"), "{err}");
    let es = "+++\ntitle = \"Restablecer\"\naliases = [\"/viejo/\", \"/login/reset/\"]\n+++\nRestablézcala.\n";
    site.write("content/login/reset.es.md", es.as_bytes());
    let (ok, err) = check(&site, &["--since", site.path("old-urls.json").to_str().unwrap()]);
    assert!(ok, "{err}");
    // Dropping a language from docent.toml takes its pages away: each is reported.
    site.write("docent.toml", b"title = \"Help\"\nbase_url = \"https://help.example.org/\"\n");
    for rel in ["content/_index.es.md", "content/login/reset.es.md"] {
        std::fs::remove_file(site.path(rel)).unwrap();
    }
    let (ok, err) = check(&site, &["--since", site.path("old-urls.json").to_str().unwrap()]);
    assert!(!ok, "{err}");
    assert!(err.contains("/es/login/ (content/login/_index.md in the previous build) is gone"), "{err}");
    assert!(!err.contains("error: content/login/reset.md"), "the default language's URLs are kept: {err}");
}
