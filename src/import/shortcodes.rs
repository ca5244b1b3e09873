//! Shortcodes of Zola (`{{ name(args) }}`, `{% name(args) %}...{% end %}`) and Hugo
//! (`{{< name args >}}`, `{{% name args %}}`, `{{< /name >}}`): the escaped forms become their
//! literal text; callout-like pairs (`hint`, `note`, `warning`...) become docent callouts; Hugo's
//! `ref`/`relref` are answered by the caller; any other pair keeps its inner text and any other
//! shortcode is replaced by an HTML comment holding it. Every shortcode not translated is noted
//! with its line.

use super::Report;
use super::markdown::line_of;

/// The syntax family.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Style {
    Zola,
    Hugo,
}

/// A parsed shortcode.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shortcode {
    pub name: String,
    /// Positional arguments, unquoted.
    pub positional: Vec<String>,
    /// `key="value"` arguments, unquoted.
    pub named: Vec<(String, String)>,
    /// The text as written.
    pub text: String,
}

impl Shortcode {
    pub fn arg(&self, key: &str) -> Option<&str> {
        self.named.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// Literal text written for an escaped shortcode.
    Literal(String),
    Open(Shortcode),
    Close(String),
    Inline(Shortcode),
}

/// Tokens with their byte ranges.
fn tokenize(text: &str, style: Style) -> Vec<(std::ops::Range<usize>, Token)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find('{') {
        let start = at + i;
        let rest = &text[start..];
        let found = match style {
            Style::Zola => zola_token(rest),
            Style::Hugo => hugo_token(rest),
        };
        match found {
            Some((len, tok)) => {
                out.push((start..start + len, tok));
                at = start + len;
            }
            None => at = start + 1,
        }
    }
    // Hugo has no `end`: a shortcode is a pair only when a close with its name follows.
    if style == Style::Hugo {
        let n = out.len();
        for i in 0..n {
            if let Token::Open(sc) = &out[i].1 {
                let name = sc.name.clone();
                let closed = out[i + 1..].iter().any(|(_, t)| matches!(t, Token::Close(c) if *c == name));
                if !closed {
                    let sc = sc.clone();
                    out[i].1 = Token::Inline(sc);
                }
            }
        }
    }
    out
}

fn zola_token(rest: &str) -> Option<(usize, Token)> {
    for (open, close, lit_open, lit_close) in [("{{/*", "*/}}", "{{", "}}"), ("{%/*", "*/%}", "{%", "%}")] {
        if let Some(inner) = rest.strip_prefix(open) {
            let end = inner.find(close)?;
            let literal = format!("{lit_open}{}{lit_close}", &inner[..end]);
            return Some((open.len() + end + close.len(), Token::Literal(literal)));
        }
    }
    let (close, block) = if rest.starts_with("{{") {
        ("}}", false)
    } else if rest.starts_with("{%") {
        ("%}", true)
    } else {
        return None;
    };
    let end = rest[2..].find(close)? + 2;
    let inner = rest[2..end].trim();
    let len = end + 2;
    if block && inner == "end" {
        return Some((len, Token::Close(String::new())));
    }
    // A call: `name(args)`; anything else (`{{ page.title }}`) is not a shortcode.
    let paren = inner.find('(')?;
    let name = &inner[..paren];
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') || !inner.ends_with(')') {
        return None;
    }
    let mut sc = parse_args(&inner[paren + 1..inner.len() - 1], ',');
    sc.name = name.to_string();
    sc.text = rest[..len].to_string();
    Some((len, if block { Token::Open(sc) } else { Token::Inline(sc) }))
}

fn hugo_token(rest: &str) -> Option<(usize, Token)> {
    for (open, close, lit_open, lit_close) in [("{{</*", "*/>}}", "{{<", ">}}"), ("{{%/*", "*/%}}", "{{%", "%}}")] {
        if let Some(inner) = rest.strip_prefix(open) {
            let end = inner.find(close)?;
            let literal = format!("{lit_open}{}{lit_close}", &inner[..end]);
            return Some((open.len() + end + close.len(), Token::Literal(literal)));
        }
    }
    let close = if rest.starts_with("{{<") {
        ">}}"
    } else if rest.starts_with("{{%") {
        "%}}"
    } else {
        return None;
    };
    let end = rest[3..].find(close)? + 3;
    let inner = rest[3..end].trim();
    let len = end + 3;
    if inner.starts_with("/*") {
        return Some((len, Token::Literal(String::new()))); // a Hugo comment
    }
    if let Some(name) = inner.strip_prefix('/') {
        return Some((len, Token::Close(name.trim().to_string())));
    }
    let self_closing = inner.ends_with('/');
    let inner = inner.trim_end_matches('/').trim();
    let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    let mut sc = parse_args(args, ' ');
    sc.name = name.to_string();
    sc.text = rest[..len].to_string();
    Some((len, if self_closing { Token::Inline(sc) } else { Token::Open(sc) }))
}

/// Splits `args` at `sep` outside quotes into positional and `key=value` arguments.
fn parse_args(args: &str, sep: char) -> Shortcode {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in args.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                cur.push(c);
            }
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' || c == '`' => {
                quote = Some(c);
                cur.push(c);
            }
            None if c == sep || (sep == ' ' && c.is_whitespace()) => {
                if !cur.trim().is_empty() {
                    parts.push(cur.trim().to_string());
                }
                cur.clear();
            }
            None => cur.push(c),
        }
    }
    if !cur.trim().is_empty() {
        parts.push(cur.trim().to_string());
    }
    let unquote = |s: &str| s.trim().trim_matches(|c| c == '"' || c == '\'' || c == '`').to_string();
    let mut sc = Shortcode::default();
    for p in parts {
        let eq = p.find('=').filter(|&i| !p[..i].contains(['"', '\'']));
        match eq {
            Some(i) => sc.named.push((p[..i].trim().to_string(), unquote(&p[i + 1..]))),
            None => sc.positional.push(unquote(&p)),
        }
    }
    sc
}

/// Answers an inline shortcode the caller knows (Hugo's `ref`): the text to write, or `None`.
/// It gets the shortcode, the file it is in and its line.
pub type Known<'a> = dyn FnMut(&Shortcode, &str, u32) -> Option<String> + 'a;

/// Translates the shortcodes of `body` (whose first line is line `first_line` of `file`).
pub fn translate(
    body: &str,
    style: Style,
    file: &str,
    first_line: u32,
    known: &mut Known,
    report: &mut Report,
) -> String {
    let tokens = tokenize(body, style);
    if tokens.is_empty() {
        return body.to_string();
    }
    let mut ctx = Ctx { body, file, first_line, known, report, style };
    let mut i = 0;
    ctx.render(&tokens, &mut i, 0, body.len(), None).0
}

struct Ctx<'a, 'b> {
    body: &'a str,
    file: &'a str,
    first_line: u32,
    known: &'a mut Known<'b>,
    report: &'a mut Report,
    style: Style,
}

impl Ctx<'_, '_> {
    fn line(&self, offset: usize) -> u32 {
        self.first_line + line_of(self.body, offset) - 1
    }

    /// Renders tokens from `*i` until the close of `closing` (or the end), starting at byte
    /// `from`; gives the text and where the close ended, if it was found.
    fn render(
        &mut self,
        tokens: &[(std::ops::Range<usize>, Token)],
        i: &mut usize,
        from: usize,
        to: usize,
        closing: Option<&str>,
    ) -> (String, Option<usize>) {
        let mut out = String::new();
        let mut at = from;
        while *i < tokens.len() {
            let (range, tok) = &tokens[*i];
            if range.start < at {
                *i += 1;
                continue;
            }
            out.push_str(&self.body[at..range.start]);
            at = range.end;
            *i += 1;
            match tok {
                Token::Literal(l) => {
                    out.push_str(l);
                    self.report.count("escaped shortcodes written as text", 1);
                }
                Token::Close(name) => {
                    if closing.is_some_and(|c| self.style == Style::Zola || c == name) {
                        return (out, Some(range.end));
                    }
                    let line = self.line(range.start);
                    self.report.note(self.file, line, "a shortcode end without its start; left out");
                }
                Token::Inline(sc) => {
                    let line = self.line(range.start);
                    match (self.known)(sc, self.file, line).or_else(|| self.builtin(sc)) {
                        Some(text) => out.push_str(&text),
                        None => {
                            self.report.note(
                                self.file,
                                line,
                                format!("shortcode `{}` not translated; kept as an HTML comment", sc.name),
                            );
                            out.push_str(&comment(&sc.text));
                        }
                    }
                }
                Token::Open(sc) => {
                    let line = self.line(range.start);
                    let (inner, end) = self.render(tokens, i, range.end, to, Some(&sc.name));
                    at = end.unwrap_or(to);
                    out.push_str(&self.pair(sc, &inner, line, out.is_empty() || out.ends_with('\n')));
                }
            }
        }
        out.push_str(&self.body[at.min(to)..to]);
        (out, None)
    }

    fn pair(&mut self, sc: &Shortcode, inner: &str, line: u32, at_line_start: bool) -> String {
        let callouts = [
            "hint",
            "notice",
            "note",
            "tip",
            "warning",
            "caution",
            "danger",
            "important",
            "info",
            "alert",
            "admonition",
            "callout",
        ];
        if callouts.contains(&sc.name.as_str()) && at_line_start {
            let kind = sc.positional.first().map(String::as_str).or(sc.arg("type")).unwrap_or(&sc.name);
            let (docent, _) = super::pymdown::callout_kind(kind);
            let mut out = format!("> [!{docent}]\n");
            if let Some(t) = sc.arg("title") {
                out.push_str(&format!("> **{t}**\n>\n"));
            }
            for l in inner.trim_matches('\n').lines() {
                out.push_str(if l.is_empty() { ">\n" } else { "> " });
                if !l.is_empty() {
                    out.push_str(l);
                    out.push('\n');
                }
            }
            self.report.count("callout shortcodes made callouts", 1);
            return out;
        }
        let title = sc
            .arg("title")
            .or(sc.arg("header"))
            .or(sc.arg("name"))
            .or(sc.positional.first().map(String::as_str))
            .filter(|t| !t.is_empty());
        match sc.name.as_str() {
            // Hugo's `highlight`: a fenced code block in the language given.
            "highlight" if at_line_start => {
                self.report.count("built-in shortcodes translated (figure, highlight, youtube, vimeo, gist, tab)", 1);
                let lang = sc.positional.first().map(String::as_str).unwrap_or("");
                return format!("```{lang}\n{}\n```\n", inner.trim_matches('\n'));
            }
            // A disclosure: HTML that docent passes through, with the Markdown inside it kept.
            "details" if at_line_start => {
                self.report.count("details shortcodes made <details>", 1);
                let summary = crate::markdown::text_escape(title.unwrap_or("Details"));
                let open = if sc.arg("open").is_some_and(|o| o == "true") { " open" } else { "" };
                return format!(
                    "<details{open}>\n<summary>{summary}</summary>\n\n{}\n\n</details>\n",
                    inner.trim_matches('\n')
                );
            }
            // Tabs cannot switch in docent: each tab's content follows the other, under its title.
            // A comment (Docsy's `comment`): nothing to show.
            "comment" => {
                self.report.count("comment shortcodes left out", 1);
                return String::new();
            }
            "tabs" | "tabpane" => {
                self.report.count("tab groups written one tab after another", 1);
                return inner.to_string();
            }
            "tab" if at_line_start => {
                let heading = title.map(|t| format!("**{t}**\n\n")).unwrap_or_default();
                let body = inner.trim_matches('\n');
                // Docsy's `tab lang="toml"`: the tab's content is code.
                return match sc.arg("lang") {
                    Some(lang) => format!("{heading}```{lang}\n{body}\n```\n"),
                    None => format!("{heading}{body}\n"),
                };
            }
            _ => {}
        }
        self.report.note(self.file, line, format!("shortcode `{}` not translated; its inner text kept", sc.name));
        inner.to_string()
    }
}

impl Ctx<'_, '_> {
    /// The tools' built-in shortcodes that have a Markdown equivalent.
    fn builtin(&mut self, sc: &Shortcode) -> Option<String> {
        let first = || sc.positional.first().map(String::as_str);
        let text = match sc.name.as_str() {
            "figure" => {
                let src = sc.arg("src").or(first())?;
                let alt = sc.arg("alt").or(sc.arg("caption")).or(sc.arg("title")).unwrap_or("");
                let image = format!("![{}]({src})", alt.replace(['[', ']'], ""));
                let image = match sc.arg("link") {
                    Some(link) => format!("[{image}]({link})"),
                    None => image,
                };
                match sc.arg("caption").filter(|c| Some(*c) != sc.arg("alt")) {
                    Some(c) => format!("{image}\n*{c}*"),
                    None => image,
                }
            }
            // A tab without content (Docsy's disabled tab, a label).
            "tab" => format!("**{}**", sc.arg("header").or(sc.arg("title")).or(first())?),
            "youtube" => {
                let id = sc.arg("id").or(first())?;
                format!("[Video on YouTube](https://www.youtube.com/watch?v={id})")
            }
            "vimeo" => {
                let id = sc.arg("id").or(first())?;
                format!("[Video on Vimeo](https://vimeo.com/{id})")
            }
            "gist" => match (sc.arg("url"), sc.positional.as_slice()) {
                (Some(url), _) => format!("[Gist]({url})"),
                (None, [user, id, ..]) => format!("[Gist](https://gist.github.com/{user}/{id})"),
                _ => return None,
            },
            _ => return None,
        };
        self.report.count("built-in shortcodes translated (figure, highlight, youtube, vimeo, gist, tab)", 1);
        Some(text)
    }
}

/// An HTML comment that holds `text` safely (no `--` inside).
fn comment(text: &str) -> String {
    format!("<!-- docent import: {} -->", text.replace("--", "- -"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str, style: Style) -> (String, Report) {
        let mut r = Report::default();
        let mut known = |sc: &Shortcode, _: &str, _: u32| (sc.name == "ref").then(|| format!("@/{}", sc.positional[0]));
        let out = translate(body, style, "content/a.md", 10, &mut known, &mut r);
        (out, r)
    }

    #[test]
    fn zola_shortcodes_escapes_and_callouts() {
        let (out, r) = run(
            "A {{ chart(id=\"x\", autoplay=true) }} B\n{% note(title=\"Hey\") %}\nInside **b**.\n{% end %}\n{{/* gallery() */}} {{ page.title }}\n{% quote() %}Q{% end %}\n",
            Style::Zola,
        );
        assert_eq!(
            out,
            "A <!-- docent import: {{ chart(id=\"x\", autoplay=true) }} --> B\n> [!NOTE]\n> **Hey**\n>\n> Inside **b**.\n\n{{ gallery() }} {{ page.title }}\nQ\n"
        );
        let lines: Vec<u32> = r.notes.iter().map(|n| n.line).collect();
        assert_eq!(lines, vec![10, 15], "{:?}", r.notes);
    }

    #[test]
    fn details_and_tabs_are_approximated() {
        let (out, r) = run(
            "{{< details title=\"More\" open=true >}}\nHidden *text*\n{{< /details >}}\n{{< tabs \"x\" >}}\n{{% tab \"Mac\" %}}\nbrew\n{{% /tab %}}\n{{< /tabs >}}\n{{< tabpane >}}\n{{< tab header=\"toml\" lang=\"toml\" >}}\na = 1\n{{< /tab >}}\n{{< /tabpane >}}\n",
            Style::Hugo,
        );
        assert_eq!(
            out,
            "<details open>\n<summary>More</summary>\n\nHidden *text*\n\n</details>\n\n\n**Mac**\n\nbrew\n\n\n\n**toml**\n\n```toml\na = 1\n```\n\n\n"
        );
        assert!(r.notes.is_empty(), "{:?}", r.notes);
    }

    #[test]
    fn built_in_shortcodes_become_markdown() {
        let (out, r) = run(
            "{{< figure src=\"a.png\" alt=\"A\" caption=\"Cap\" >}}\n{{< youtube w7Ft2ymGmfc >}}\n{{< highlight go \"linenos=table\" >}}\nfunc main() {}\n{{< /highlight >}}\n{{< gist spf13 7896402 >}}\n",
            Style::Hugo,
        );
        assert_eq!(
            out,
            "![A](a.png)\n*Cap*\n[Video on YouTube](https://www.youtube.com/watch?v=w7Ft2ymGmfc)\n```go\nfunc main() {}\n```\n\n[Gist](https://gist.github.com/spf13/7896402)\n"
        );
        assert!(r.notes.is_empty(), "{:?}", r.notes);
        let (out, _) = run("{{ youtube(id=\"abc\", autoplay=true) }}\n", Style::Zola);
        assert_eq!(out, "[Video on YouTube](https://www.youtube.com/watch?v=abc)\n");
    }

    #[test]
    fn odd_input_never_panics() {
        for body in [
            "{{<",
            "{{< a",
            "{{< /a >}}",
            "{%",
            "{% a() %}",
            "{% end %}",
            "{{/*",
            "{{ a( }}",
            "é{{< é >}}é",
            "{{% x %}}{{< /x >}}",
        ] {
            for style in [Style::Zola, Style::Hugo] {
                let _ = run(body, style);
            }
        }
    }

    #[test]
    fn hugo_shortcodes_pairs_refs_and_comments() {
        let (out, r) = run(
            "[x]({{< ref \"docs/a\" >}})\n{{< hint warning >}}\n**Careful**\n{{< /hint >}}\n{{< chart src=\"a.png\" >}}\n{{</* hint */>}}\n{{% tabs %}}T{{% /tabs %}}\n{{< br />}}\n",
            Style::Hugo,
        );
        assert_eq!(
            out,
            "[x](@/docs/a)\n> [!WARNING]\n> **Careful**\n\n<!-- docent import: {{< chart src=\"a.png\" >}} -->\n{{< hint >}}\nT\n<!-- docent import: {{< br />}} -->\n"
        );
        assert_eq!(r.notes.len(), 2, "{:?}", r.notes);
    }
}
