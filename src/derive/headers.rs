//! Response headers the site needs from whatever serves it, as rules by path: the clickjacking
//! defence (`Content-Security-Policy: frame-ancestors`, from `[security] frame_ancestors`) on
//! every path, and `Access-Control-Allow-Origin: *` on the widget and its map, which
//! applications load from other origins without cookies.
//!
//! Takes the config; gives `ResponseHeaders`, which `docent serve` applies to every response
//! (CORS only for pages on the author's machine: `serve::respond`) and `docent build` writes as
//! `_headers` (the format Netlify and Cloudflare Pages read). One set of rules for both, so the
//! preview behaves like the published site. Pure.
//!
//! `frame-ancestors` only matters on documents; on the widget's script and map it is ignored by
//! browsers, so one rule for every path keeps the widget loadable while protecting the pages.

use crate::config::Config;
use crate::content::Site;
use crate::diagnostics::{Diagnostic, Span};

/// Paths (relative to the site root) that applications fetch across origins: the widget (under
/// Subresource Integrity, which needs CORS) and the map it fetches (without credentials).
pub const CROSS_ORIGIN_FILES: [&str; 2] = ["docent-help.js", "help-map.json"];

/// Header rules by path, in the order they are written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResponseHeaders {
    rules: Vec<Rule>,
}

#[derive(Debug, Clone, PartialEq)]
struct Rule {
    /// An output path, or `None` for every path.
    path: Option<&'static str>,
    name: &'static str,
    value: String,
}

impl ResponseHeaders {
    pub fn for_site(config: &Config) -> ResponseHeaders {
        let mut rules = vec![Rule {
            path: None,
            name: "Content-Security-Policy",
            value: format!("frame-ancestors {}", config.security.frame_ancestors.as_str()),
        }];
        for path in CROSS_ORIGIN_FILES {
            rules.push(Rule { path: Some(path), name: "Access-Control-Allow-Origin", value: "*".into() });
        }
        ResponseHeaders { rules }
    }

    /// The headers for one output path (`login/index.html`, `help-map.json`).
    pub fn for_path<'a>(&'a self, path: &'a str) -> impl Iterator<Item = (&'static str, &'a str)> + 'a {
        self.rules.iter().filter(move |r| r.path.is_none_or(|p| p == path)).map(|r| (r.name, r.value.as_str()))
    }

    /// `_headers`: each path under the site's base path, then its headers indented.
    pub fn headers_file(&self, base_path: &str) -> String {
        let mut out = String::from("# Written by docent: response headers for hosts that read this file.\n");
        for rule in &self.rules {
            let path = rule.path.unwrap_or("*");
            out.push_str(&format!("{base_path}{path}\n  {}: {}\n", rule.name, rule.value));
        }
        out
    }
}

/// The `_headers` file docent writes, or `None` with a warning when the site's `static/` has
/// its own: a host reads that one instead, so it must carry these rules itself.
pub fn headers_file(site: &Site, headers: &ResponseHeaders, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let text = headers.headers_file(&site.config.base_path());
    match site.assets.iter().find(|a| a.output == "_headers") {
        Some(own) => {
            diags.push(
                Diagnostic::warning(
                    Span::file(&own.source),
                    "this file replaces the _headers docent writes, so hosts that read it do not get docent's headers",
                )
                .with_help(format!(
                    "add docent's rules to it (the frame-ancestors defence and CORS for the help widget):\n{}",
                    text.lines().skip(1).collect::<Vec<_>>().join("\n    ")
                )),
            );
            None
        }
        None => Some(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(toml: &str) -> ResponseHeaders {
        ResponseHeaders::for_site(&Config::parse(toml).unwrap())
    }

    #[test]
    fn pages_get_frame_ancestors_and_the_widget_files_cors_too() {
        let h = headers("");
        let page: Vec<_> = h.for_path("login/index.html").collect();
        assert_eq!(page, vec![("Content-Security-Policy", "frame-ancestors 'self'")]);
        let map: Vec<_> = h.for_path("help-map.json").collect();
        assert_eq!(
            map,
            vec![("Content-Security-Policy", "frame-ancestors 'self'"), ("Access-Control-Allow-Origin", "*")]
        );
        assert_eq!(h.for_path("docent-help.js").count(), 2);
        assert_eq!(h.for_path("docent-help.js.sri").count(), 1);
    }

    #[test]
    fn headers_file_lists_rules_under_the_base_path() {
        let h = headers(
            "base_url = \"https://org.github.io/help/\"\n[security]\nframe_ancestors = \"'self' https://app.example.org\"\n",
        );
        assert_eq!(
            h.headers_file("/help/"),
            "# Written by docent: response headers for hosts that read this file.\n\
             /help/*\n  Content-Security-Policy: frame-ancestors 'self' https://app.example.org\n\
             /help/docent-help.js\n  Access-Control-Allow-Origin: *\n\
             /help/help-map.json\n  Access-Control-Allow-Origin: *\n"
        );
    }
}
