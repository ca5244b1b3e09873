//! Theme strings end to end: a site's `language` picks the theme's words, `[languages.CODE.strings]`
//! overrides them, a misspelt override is an error at its line, and right-to-left languages get
//! `dir="rtl"`.

mod common;
use common::*;

const VTT: &str =
    "WEBVTT\n\n00:00.000 --> 00:02.000\nHola.\n\n00:02.500 --> 00:05.000\nHaga clic en Olvidé mi contraseña.\n";

/// A small site in `language` with everything the theme labels: a section with children, a page
/// with headings (the table of contents), a callout, a table, a footnote, code, a video.
fn site(config: &str) -> TempSite {
    let site = TempSite::new(&[
        ("docent.toml", config),
        ("content/_index.md", "+++\ntitle = \"Inicio\"\n+++\nBienvenido.\n"),
        ("content/cuenta/_index.md", "+++\ntitle = \"Cuenta\"\n+++\nSu cuenta.\n"),
        (
            "content/cuenta/clave.md",
            "+++\ntitle = \"Cambiar la contraseña\"\nvideos = [\"intro\"]\naliases = [\"/viejo/\"]\n+++\nTexto.\n\n## Pasos\n\n> [!WARNING]\n> Cuidado.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNota[^1].\n\n[^1]: Una nota.\n\n```sh\nls\n```\n\n::video[intro]\n\n## Después\n\nFin.\n",
        ),
        ("content/cuenta/otra.md", "+++\ntitle = \"Otra\"\n+++\nOtra página.\n"),
        ("videos/intro.vtt", VTT),
    ]);
    site.write("videos/intro.webm", &std::fs::read(repo().join("videos/reset-your-password.webm")).unwrap());
    site
}

fn page(site: &TempSite, rel: &str) -> String {
    std::fs::read_to_string(site.path("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The theme script (`docent.HASH.js`), which carries the scripts' strings of every language.
fn theme_script(site: &TempSite) -> String {
    let dir = std::fs::read_dir(site.path("public")).expect("public/");
    let name = dir
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.starts_with("docent.") && n.ends_with(".js"))
        .expect("docent.HASH.js");
    page(site, &name)
}

#[test]
fn a_spanish_site_shows_the_theme_in_spanish() {
    let site = site(
        "title = \"Ayuda\"\nlanguage = \"es\"\nquick_links = [{ title = \"Clave\", url = \"cuenta/clave.md\" }]\n",
    );
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "a language with built-in strings gives no warning");
    let p = page(&site, "cuenta/clave/index.html");
    for want in [
        "<html lang=\"es\" dir=\"ltr\">",
        ">Saltar al contenido principal</a>",
        "placeholder=\"Buscar\"",
        ">Buscar en la ayuda</label>",
        "aria-label=\"Módulos\"",
        "<span class=\"button-label\">Modo oscuro</span></button>",
        "<span class=\"button-label\">Cerrar el menú</span></button>",
        "<span class=\"button-label\" id=\"menu-button-label\">Menú</span></button>",
        "<p class=\"watch-links\"><a href=\"/videos/intro/\">Ver el video: Intro (",
        "aria-label=\"Ruta de navegación\"",
        "<h2 class=\"toc-title\">En esta página</h2>",
        "<p class=\"callout-title\">Advertencia</p>",
        "aria-label=\"Tabla\"",
        "aria-label=\"Volver a la referencia 1\"",
        "class=\"copy-code\" hidden>Copiar</button>",
        "aria-label=\"Video: Intro\"",
        ">Más información: Intro</a>",
        "<h2 id=\"page-videos-title\">Videos de ayuda</h2>",
        "<span class=\"prev-next-label\">Anterior</span>",
        "aria-label=\"Páginas de Cuenta\"",
    ] {
        assert!(p.contains(want), "missing {want:?} in the page:\n{p}");
    }
    assert!(!p.contains("On this page") && !p.contains("Skip to main content"), "{p}");
    assert!(!p.contains("search_no_results"), "the scripts' strings are in the script, not in each page");
    assert!(theme_script(&site).starts_with("window.docentStrings = {\"es\": {"));
    assert!(theme_script(&site).contains("\"search_no_results\":\"Sin resultados\""));
    let home = page(&site, "index.html");
    assert!(home.contains(">Tareas frecuentes</h2>") && home.contains(">Explorar por módulo</h2>"), "{home}");
    assert!(page(&site, "cuenta/index.html").contains(">En este módulo</h2>"));
    let not_found = page(&site, "404.html");
    assert!(not_found.contains("<h1>Página no encontrada</h1>") && not_found.contains(">Ir a la página de inicio</a>"));
    let search = page(&site, "search/index.html");
    assert!(search.contains("<title>Buscar · Ayuda</title>") && search.contains("content=\"Buscar en Ayuda.\""));
    let video = page(&site, "videos/intro/index.html");
    assert!(
        video.contains(">Transcripción</h2>")
            && video.contains("<p class=\"video-guides\">Lea los pasos: <a href=\"/cuenta/clave/\">")
            && video.contains("<p class=\"video-meta\">Duración: ")
            && video.contains("). Los subtítulos están activados;"),
        "{video}"
    );
    assert!(page(&site, "videos/index.html").contains("<h1>Videos de ayuda</h1>"));
    assert!(page(&site, "viejo/index.html").contains("<p>Esta página se trasladó a <a href=\"/cuenta/clave/\">"));
}

#[test]
fn overrides_replace_a_languages_strings_and_reach_the_scripts() {
    let site = site(
        "language = \"es\"\n[languages.es.strings]\non_this_page = \"Contenido\"\nsearch_no_results = \"Nada <aquí>\"\n",
    );
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = page(&site, "cuenta/clave/index.html");
    assert!(p.contains("<h2 class=\"toc-title\">Contenido</h2>"), "{p}");
    let script = theme_script(&site);
    assert!(script.contains("\"search_no_results\":\"Nada \\u003caquí>\""), "in the theme script: {script}");
    assert!(p.contains(">Saltar al contenido principal</a>"), "the rest stays Spanish");
}

#[test]
fn an_unknown_override_names_the_line_and_the_nearest_key() {
    let site = site("language = \"es\"\n\n[languages.es.strings]\non_this_pag = \"Contenido\"\n");
    let o = site.build(&[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("docent.toml:4:1: `on_this_pag` in [languages.es.strings] is not a theme string"), "{err}");
    assert!(err.contains("did you mean `on_this_page`?"), "{err}");
}

#[test]
fn an_arabic_site_is_right_to_left_with_english_theme_words_and_a_warning() {
    let site = site("language = \"ar\"\n[languages.ar.strings]\non_this_page = \"في هذه الصفحة\"\n");
    let o = site.build(&[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("warning: docent.toml:2:12: the theme has no strings in `ar`"), "{err}");
    let p = page(&site, "cuenta/clave/index.html");
    assert!(p.contains("<html lang=\"ar\" dir=\"rtl\">"), "{p}");
    assert!(p.contains(">في هذه الصفحة</h2>") && p.contains(">Skip to main content</a>"), "{p}");
}
