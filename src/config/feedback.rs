//! `[feedback]` of `docent.toml`: where "Was this page helpful?" answers and "Ask the help
//! desk" lead, and the check that each destination given is a URL or an address. Rendering the
//! form is the theme's business.

use super::{CONFIG_FILE, Config};
use crate::diagnostics::{Diagnostic, LineIndex, Span};
use serde::{Deserialize, Serialize};

/// `[feedback]`: "Was this page helpful?" at the end of each page, and a link to ask the help
/// desk about the page. Each destination is optional; the form needs `url` or `email`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct FeedbackConfig {
    /// Where answers are posted (JSON from the page's script, a form post without it).
    pub url: Option<String>,
    /// Without `url`, answers open a prefilled email to this address.
    pub email: Option<String>,
    /// The help desk's "new request" link; `{title}` and `{url}` are replaced by the page's
    /// title and address (percent-encoded). Without it, "Ask the help desk" writes to `email`.
    pub help_desk: Option<String>,
}

/// `[feedback]` must lead somewhere: `url` an http(s) URL or a path, `email` an address,
/// `help_desk` an http(s) URL; and one of `url`, `email` or `help_desk` given.
pub(super) fn check_feedback(config: &Config, doc: &toml::de::DeTable, lines: &LineIndex, diags: &mut Vec<Diagnostic>) {
    let Some(f) = &config.feedback else { return };
    let table = doc.iter().find(|(k, _)| k.get_ref() == "feedback");
    let at = |key: Option<&str>| {
        let start = table.map_or(0, |(k, v)| {
            let value = key.and_then(|key| match v.get_ref() {
                toml::de::DeValue::Table(t) => t.get(key).map(|v| v.span().start),
                _ => None,
            });
            value.unwrap_or(k.span().start)
        });
        let (line, col) = lines.position(start);
        Span::new(CONFIG_FILE, line, col)
    };
    let is_web = |u: &str| u.starts_with("https://") || u.starts_with("http://");
    if f.url.is_none() && f.email.is_none() && f.help_desk.is_none() {
        diags.push(
            Diagnostic::error(at(None), "[feedback] needs `url`, `email` or `help_desk`: where answers go")
                .with_help("add url = \"https://…\" (answers posted as JSON), email = \"helpdesk@…\" or help_desk = \"https://…?subject={title}\""),
        );
    }
    if let Some(url) = &f.url
        && !(is_web(url) || url.starts_with('/'))
    {
        diags.push(
            Diagnostic::error(at(Some("url")), format!("[feedback] url {url:?} is not a URL"))
                .with_help("write an https:// URL, or a path on this site starting with /"),
        );
    }
    if let Some(email) = &f.email {
        let ok = email.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.'))
            && !email.chars().any(|c| c.is_whitespace() || matches!(c, '?' | '&' | '"' | '<' | '>'));
        if !ok {
            diags.push(
                Diagnostic::error(at(Some("email")), format!("[feedback] email {email:?} is not an email address"))
                    .with_help("write the help desk's address, such as \"helpdesk@example.org\""),
            );
        }
    }
    if let Some(link) = &f.help_desk
        && !is_web(link)
    {
        diags.push(
            Diagnostic::error(at(Some("help_desk")), format!("[feedback] help_desk {link:?} is not an http(s) URL"))
                .with_help("write the help desk's new-request link; {title} and {url} are replaced by the page's"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::lines_and_messages;

    #[test]
    fn each_bad_destination_is_an_error_at_its_own_line() {
        let (config, diags) = Config::parse_all(
            "[feedback]\nurl = \"stats.example.org\"\nemail = \"desk\"\nhelp_desk = \"javascript:alert(1)\"\n",
        );
        assert_eq!(
            lines_and_messages(&diags),
            vec![
                (2, "[feedback] url \"stats.example.org\" is not a URL"),
                (3, "[feedback] email \"desk\" is not an email address"),
                (4, "[feedback] help_desk \"javascript:alert(1)\" is not an http(s) URL"),
            ]
        );
        assert!(config.feedback.is_some(), "the table is kept; the build stops on the errors");
        let (_, diags) = Config::parse_all("title = \"x\"\n[feedback]\n");
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.starts_with("[feedback] needs"), "{}", diags[0].message);
        assert_eq!(diags[0].span.as_ref().unwrap().line, 2);
        assert!(Config::parse_all("[feedback]\nurl = \"/feedback\"\nemail = \"a@b.org\"\n").1.is_empty());
    }
}
