//! Template and preprocessor syntax left in a page: what another tool would have run
//! (mdBook's `{{#include file}}`, Hugo's `{{< ref >}}`, Zola's `{{ shortcode() }}` and
//! `{% tag %}`), which docent shows as text. Found line by line in the page's source, so that
//! Markdown's splitting of text (emphasis in `file_name`, smart quotes) cannot hide it.
//!
//! The rule, to avoid warning about code that uses braces for its own reasons:
//! - In prose, any `{{ ... }}` or `{% ... %}` on one line (a backslash before it, Markdown's
//!   escape, means it is meant as text).
//! - In code (blocks and inline), only what is clearly a directive: mdBook's named directives
//!   (`{{#include`, `{{#rustdoc_include`, `{{#playground`, `{{#playpen`, `{{#title`), which
//!   mdBook runs inside code blocks too, and Hugo shortcodes (`{{<`, `{{%`) unless the block's
//!   language is a template language. `{{ x }}` and `{% x %}` in code are left alone: Jinja,
//!   Tera, Handlebars, Liquid and Go templates all use them.

use std::ops::Range;

/// What kind of leftover a line has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leftover {
    /// `{{#include ...}}` and the other mdBook preprocessor directives.
    MdbookDirective,
    /// `{{< name >}}`, `{{% name %}}`.
    HugoShortcode,
    /// `{{ ... }}` or `{% ... %}` in prose: a Zola/Tera/Jinja shortcode or tag.
    TemplateTag,
}

/// Where code is in a page's Markdown (byte ranges of the body) and its language.
#[derive(Debug, Default)]
pub struct CodeRanges {
    pub spans: Vec<(Range<usize>, String)>,
}

const MDBOOK: &[&str] = &["include", "rustdoc_include", "playground", "playpen", "title"];
const TEMPLATE_LANGUAGES: &[&str] = &[
    "handlebars",
    "hbs",
    "mustache",
    "jinja",
    "jinja2",
    "j2",
    "tera",
    "django",
    "liquid",
    "twig",
    "nunjucks",
    "njk",
    "go-html-template",
    "go-text-template",
    "gotmpl",
    "go-template",
    "tmpl",
    "hugo",
    "zola",
];

/// Each line of `body` with a leftover: (byte offset in `body`, the text found, its kind).
pub fn find(body: &str, code: &CodeRanges) -> Vec<(usize, String, Leftover)> {
    let mut found = Vec::new();
    let mut line_start = 0;
    for line in body.split_inclusive('\n') {
        if line.contains('{') {
            let hit = line.match_indices('{').find_map(|(i, _)| {
                let at = line_start + i;
                let lang = code.spans.iter().find(|(r, _)| r.contains(&at)).map(|(_, l)| l.as_str());
                classify(&line[i..], lang, i > 0 && line.as_bytes()[i - 1] == b'\\').map(|k| (at, i, k))
            });
            if let Some((at, i, kind)) = hit {
                let rest = line[i..].trim_end();
                let end = ["}}", "%}"].iter().filter_map(|c| rest.find(c).map(|e| e + 2)).min().unwrap_or(rest.len());
                let text: String = rest[..end].chars().take(80).collect();
                found.push((at, text, kind));
            }
        }
        line_start += line.len();
    }
    found
}

/// What `rest` (text starting at a `{`) is, given the code language it is in (`Some("")` for
/// code without a language, `None` for prose) and whether a backslash escapes it.
fn classify(rest: &str, lang: Option<&str>, escaped: bool) -> Option<Leftover> {
    let line = rest.lines().next().unwrap_or(rest);
    if let Some(after) = line.strip_prefix("{{#") {
        let name: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        let closed = after.contains("}}");
        return match lang {
            _ if !closed => None,
            Some(_) if MDBOOK.contains(&name.as_str()) => Some(Leftover::MdbookDirective),
            None if !escaped => Some(Leftover::MdbookDirective),
            _ => None,
        };
    }
    if (line.starts_with("{{<") && line.contains(">}}")) || (line.starts_with("{{%") && line.contains("%}}")) {
        let token = lang.map(|l| l.split([' ', ',', '{']).next().unwrap_or("").to_ascii_lowercase());
        return match token {
            Some(t) if TEMPLATE_LANGUAGES.contains(&t.as_str()) => None,
            _ if escaped && lang.is_none() => None,
            _ => Some(Leftover::HugoShortcode),
        };
    }
    if lang.is_some() || escaped {
        return None;
    }
    let tag =
        (line.starts_with("{{") && line[2..].contains("}}")) || (line.starts_with("{%") && line[2..].contains("%}"));
    tag.then_some(Leftover::TemplateTag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(body: &str, code: &[(Range<usize>, &str)]) -> Vec<(usize, Leftover)> {
        let code = CodeRanges { spans: code.iter().map(|(r, l)| (r.clone(), l.to_string())).collect() };
        find(body, &code).into_iter().map(|(at, _, k)| (at, k)).collect()
    }

    #[test]
    fn prose_leftovers_of_each_tool_are_found() {
        let body = "A\n{{#include ../src/main.rs:all}}\n{{< figure src=\"a.png\" >}}\nSee {{ youtube(id=\"x\") }}.\n{% note() %}\nok\n";
        assert_eq!(
            kinds(body, &[]),
            vec![
                (2, Leftover::MdbookDirective),
                (34, Leftover::HugoShortcode),
                (65, Leftover::TemplateTag),
                (88, Leftover::TemplateTag)
            ]
        );
    }

    #[test]
    fn code_warns_only_for_clear_directives() {
        let block = "```rust\n{{#include ../main.rs}}\n```\n";
        assert_eq!(kinds(block, &[(0..block.len(), "rust")]), vec![(8, Leftover::MdbookDirective)]);
        let jinja = "```jinja\n{{ page.title }} {% if x %}\n```\n";
        assert!(kinds(jinja, &[(0..jinja.len(), "jinja")]).is_empty());
        let hbs = "```handlebars\n{{#each items}}{{this}}{{/each}}\n{{< partial >}}\n```\n";
        assert!(kinds(hbs, &[(0..hbs.len(), "handlebars")]).is_empty());
        let plain = "```\n{{ x }}\n{{< ref \"a.md\" >}}\n```\n";
        assert_eq!(kinds(plain, &[(0..plain.len(), "")]), vec![(12, Leftover::HugoShortcode)]);
    }

    #[test]
    fn the_text_found_ends_at_its_closing_braces() {
        let found = find("See {{< ref \"a.md\" >}} and more.\n", &CodeRanges::default());
        assert_eq!(found[0].1, "{{< ref \"a.md\" >}}");
    }

    #[test]
    fn escaped_and_unclosed_braces_are_text() {
        assert!(kinds("Write \\{{#include file}} to include.\n", &[]).is_empty());
        assert!(kinds("A set {a, b} and {{ unclosed\n", &[]).is_empty());
        assert!(kinds("Use `{{ page.title }}` in templates.\n", &[(4..22, "")]).is_empty());
    }
}
