//! Redirect pages: a static page that sends the reader to another URL, with and without
//! JavaScript (meta refresh, a canonical link and a plain link; no inline script, so it works
//! under a strict Content-Security-Policy).

use crate::markdown::text_escape as escape;
use crate::strings::Language;

/// A page that redirects to `target` (a URL path, with optional `#anchor`), in `language`.
pub fn redirect_page(target: &str, title: &str, language: &Language) -> String {
    redirect_page_with_script(target, title, language, None)
}

/// A redirect page that also loads `script` (an external file, never inline): a script can
/// replace the page in the history, which a meta refresh does not do everywhere.
pub fn redirect_page_with_script(target: &str, title: &str, language: &Language, script: Option<&str>) -> String {
    let t = escape(target);
    let lang = escape(&language.code);
    let dir = language.dir;
    let page_title = escape(&language.strings.fill("redirect_title", &[("title", title)]));
    let link = format!("<a href=\"{t}\">{}</a>", escape(title));
    let moved = escape(language.strings.get("redirect_moved")).replace("{link}", &link);
    let script = script.map(|s| format!("<script src=\"{}\"></script>\n", escape(s))).unwrap_or_default();
    format!(
        "<!doctype html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{page_title}</title>\n\
<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{t}\">\n<meta http-equiv=\"refresh\" content=\"0; url={t}\">\n{script}</head>\n\
<body>\n<main>\n<p>{moved}</p>\n</main>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::strings::Language;

    fn en() -> Language {
        Language::default_of(&Config::default())
    }

    #[test]
    fn redirect_escapes_and_links() {
        let html = super::redirect_page("/a/?x=\"1\"", "<b>A</b>", &en());
        assert!(html.contains("url=/a/?x=&quot;1&quot;"));
        assert!(html.contains("<title>Redirecting to &lt;b&gt;A&lt;/b&gt;</title>"), "{html}");
        assert!(
            html.contains("<p>This page has moved to <a href=\"/a/?x=&quot;1&quot;\">&lt;b&gt;A&lt;/b&gt;</a>.</p>")
        );
        assert!(!html.contains("<script"));
    }

    #[test]
    fn redirect_speaks_the_sites_language() {
        let html = super::redirect_page("/a/", "Clave", &Language::new("es", &Config::default()));
        assert!(html.contains("<html lang=\"es\" dir=\"ltr\">"), "{html}");
        assert!(html.contains("<p>Esta página se trasladó a <a href=\"/a/\">Clave</a>.</p>"), "{html}");
    }

    #[test]
    fn redirect_can_load_an_external_script() {
        let html = super::redirect_page_with_script("/a/#b", "A", &en(), Some("/docent-redirect.1.js"));
        assert!(html.contains("<script src=\"/docent-redirect.1.js\"></script>\n</head>"), "{html}");
    }
}
