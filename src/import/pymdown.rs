//! Python-Markdown extensions that MkDocs projects use, translated to docent's Markdown:
//! admonitions (`!!! note "Title"`, collapsible `???`) to callouts, content tabs (`=== "Tab"`)
//! one after another, snippets (`--8<-- "file"`) included, attr_list ids on inline elements to
//! HTML ids, and plugin directives (`::: module.name`) kept in HTML comments. Each takes a page's
//! body and gives it back; fenced code is left alone.

use super::{Report, SourceFiles, join};

/// docent's callout for an admonition type, and the type's own label when docent's differs.
pub(super) fn callout_kind(kind: &str) -> (&'static str, Option<String>) {
    let k = kind.to_ascii_lowercase();
    let docent = match k.as_str() {
        "note" | "seealso" | "abstract" | "summary" | "tldr" | "info" | "todo" | "question" | "help" | "faq"
        | "example" | "quote" | "cite" => "NOTE",
        "tip" | "hint" | "success" | "check" | "done" => "TIP",
        "important" => "IMPORTANT",
        "warning" | "caution" | "attention" => "WARNING",
        _ => "CAUTION",
    };
    let own = matches!(k.as_str(), "note" | "tip" | "important" | "warning" | "caution");
    let label = (!own).then(|| {
        let mut c = k.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
    });
    (docent, label)
}

fn indent_of(line: &str) -> usize {
    let mut n = 0;
    for c in line.chars() {
        match c {
            ' ' => n += 1,
            '\t' => n += 4 - n % 4,
            _ => break,
        }
    }
    n
}

/// `line` without its first `cols` columns of indentation.
fn dedent(line: &str, cols: usize) -> &str {
    let mut n = 0;
    for (i, c) in line.char_indices() {
        if n >= cols {
            return &line[i..];
        }
        match c {
            ' ' => n += 1,
            '\t' => n += 4 - n % 4,
            _ => return &line[i..],
        }
    }
    ""
}

/// Admonitions (`!!! type "Title"` and `???`/`???+`, body indented by four) become callouts,
/// nested ones too. Fenced code is left alone.
pub(super) fn admonitions(body: &str, file: &str, first_line: u32, report: &mut Report) -> String {
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let mut out = String::with_capacity(body.len());
    let mut fence: Option<(char, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim_start();
        let c = t.chars().next().unwrap_or(' ');
        if (c == '`' || c == '~') && t.starts_with(&c.to_string().repeat(3)) {
            let n = t.chars().take_while(|&x| x == c).count();
            fence = match fence {
                None => Some((c, n)),
                Some((fc, fnum)) if fc == c && n >= fnum && t[n..].trim().is_empty() => None,
                f => f,
            };
        }
        let head = if fence.is_none() { parse_head(t).or_else(|| parse_tab(t)) } else { None };
        let Some((collapsible, kind, title)) = head else {
            out.push_str(line);
            i += 1;
            continue;
        };
        let indent = indent_of(line);
        let mut j = i + 1;
        let mut inner = String::new();
        while j < lines.len() {
            let l = lines[j];
            if l.trim().is_empty() {
                inner.push('\n');
            } else if indent_of(l) >= indent + 4 {
                inner.push_str(dedent(l, indent + 4));
                if !l.ends_with('\n') {
                    inner.push('\n');
                }
            } else {
                break;
            }
            j += 1;
        }
        // Blank lines after the body belong to the text that follows.
        while j > i + 1 && lines[j - 1].trim().is_empty() {
            j -= 1;
        }
        let inner = inner.trim_end_matches('\n');
        let inner = admonitions(inner, file, first_line + i as u32 + 1, report);
        let pad = " ".repeat(indent);
        if kind == TAB {
            // pymdownx.tabbed: docent has no tabs, so each tab's content follows under its title.
            out.push_str(&format!("{pad}**{}**\n\n", title.unwrap_or_default()));
            for l in inner.trim_start_matches('\n').lines() {
                out.push_str(&if l.is_empty() { "\n".to_string() } else { format!("{pad}{l}\n") });
            }
            report.count("content tabs (===) written one after another", 1);
            i = j;
            continue;
        }
        let (docent, label) = callout_kind(&kind);
        out.push_str(&format!("{pad}> [!{docent}]\n"));
        let shown = match title {
            Some(t) if t.is_empty() => None,
            Some(t) => Some(t),
            None => label,
        };
        if let Some(t) = shown {
            out.push_str(&format!("{pad}> **{t}**\n{pad}>\n"));
        }
        for l in inner.lines() {
            if l.is_empty() {
                out.push_str(&format!("{pad}>\n"));
            } else {
                out.push_str(&format!("{pad}> {l}\n"));
            }
        }
        report.count("admonitions made callouts", 1);
        if collapsible {
            report.note(file, first_line + i as u32, "collapsible `???` admonition is always open in docent");
        }
        i = j;
    }
    out
}

/// The kind `parse_tab` gives a content tab.
const TAB: &str = "\u{0}tab";

/// `=== "Title"` (pymdownx.tabbed) -> a tab with its title.
fn parse_tab(t: &str) -> Option<(bool, String, Option<String>)> {
    let rest = t.strip_prefix("===")?.trim_start_matches(['+', '!']).trim();
    let title = rest.strip_prefix('"')?.strip_suffix('"')?;
    Some((false, TAB.to_string(), Some(title.to_string())))
}

/// `--8<-- "file"` lines (pymdownx.snippets) replaced by the file, read from the project's
/// folder or `docs_dir`; a file that is not there is noted and the line left out.
pub(super) fn snippets(
    body: &str,
    file: &str,
    first_line: u32,
    root: &str,
    src: &dyn SourceFiles,
    report: &mut Report,
) -> String {
    if !body.contains("--8<--") {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let t = line.trim();
        let Some(arg) = t.strip_prefix("--8<--").map(str::trim) else {
            out.push_str(line);
            continue;
        };
        let path = arg.trim_matches(|c| c == '"' || c == '\'');
        if path.is_empty() || path == arg {
            out.push_str(line);
            continue;
        }
        match src.read_text(path).or_else(|| src.read_text(&join(root, path))) {
            Some(text) => {
                out.push_str(text.trim_end_matches('\n'));
                out.push('\n');
                report.count("--8<-- snippets included", 1);
            }
            None => report.note(file, first_line + n as u32, format!("snippet `{path}` not found; left out")),
        }
    }
    out
}

/// attr_list's ids on inline elements (`**locale**{ #mkdocs-locale }`) become empty
/// `<span id>`s, so the anchor survives in the page; other attribute lists (classes) are
/// dropped. Headings keep theirs (docent reads `{#id}` on a heading). Each is noted: docent
/// checks links against headings only.
pub(super) fn attr_lists(body: &str, file: &str, first_line: u32, report: &mut Report) -> String {
    if !body.contains('{') {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let mut fence = false;
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
        }
        if fence || t.starts_with('#') || !line.contains('{') {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        while let Some(i) = rest.find('{') {
            let before = &line[..line.len() - rest.len() + i];
            let in_code = before.matches('`').count() % 2 == 1;
            let close = rest[i..].find('}');
            let inner = close.map(|c| rest[i + 1..i + c].trim()).unwrap_or("");
            let inner = inner.strip_prefix(':').map(str::trim).unwrap_or(inner);
            let is_attr = !in_code
                && i > 0
                && !rest[..i].ends_with(char::is_whitespace)
                && inner.split_whitespace().next().is_some_and(|w| w.starts_with('#') || w.starts_with('.'))
                && inner.split_whitespace().all(|w| w.starts_with('#') || w.starts_with('.') || w.contains('='));
            let Some(c) = close.filter(|_| is_attr) else {
                out.push_str(&rest[..i + 1]);
                rest = &rest[i + 1..];
                continue;
            };
            out.push_str(&rest[..i]);
            if let Some(id) = inner.split_whitespace().find_map(|w| w.strip_prefix('#')) {
                out.push_str(&format!("<span id=\"{}\"></span>", crate::markdown::text_escape(id)));
                report.note(
                    file,
                    first_line + n as u32,
                    format!("attribute list `{{ #{id} }}` made an HTML id (docent's links check headings only)"),
                );
            } else {
                report.count("attribute lists without an id dropped", 1);
            }
            rest = &rest[i + c + 1..];
        }
        out.push_str(rest);
    }
    out
}

/// `::: module.name` blocks (mkdocstrings, mkautodoc, mkdocs-click) are generated by plugins
/// from code docent does not read: each (with its indented options) is kept in an HTML comment
/// and noted, so that no directive shows as text.
pub(super) fn autodoc(body: &str, file: &str, first_line: u32, report: &mut Report) -> String {
    if !body.contains("::: ") {
        return body.to_string();
    }
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let mut out = String::with_capacity(body.len());
    let mut fence = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
        }
        let Some(name) = t.strip_prefix("::: ").filter(|_| !fence && indent_of(line) < 4) else {
            out.push_str(line);
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < lines.len() && !lines[j].trim().is_empty() && indent_of(lines[j]) > indent_of(line) {
            j += 1;
        }
        let block: String = lines[i..j].concat();
        out.push_str(&format!("<!-- docent import: {} -->\n", block.trim_end().replace("--", "- -")));
        report.note(
            file,
            first_line + i as u32,
            format!(
                "`::: {}`: API documentation made by a plugin is not generated; kept as an HTML comment",
                name.trim()
            ),
        );
        i = j;
    }
    out
}

/// `!!! type "Title"` -> (collapsible, type, title).
fn parse_head(t: &str) -> Option<(bool, String, Option<String>)> {
    let (collapsible, rest) = if let Some(r) = t.strip_prefix("!!!") {
        (false, r)
    } else if let Some(r) = t.strip_prefix("???+").or_else(|| t.strip_prefix("???")) {
        (true, r)
    } else {
        return None;
    };
    let rest = rest.trim();
    let (kinds, title) = match rest.find('"') {
        Some(q) => (&rest[..q], Some(rest[q + 1..].trim_end().trim_end_matches('"').to_string())),
        None => (rest, None),
    };
    let kind = kinds.split_whitespace().next()?.to_string();
    Some((collapsible, kind, title))
}

#[cfg(test)]
mod tests {
    use super::super::MemFiles;
    use super::*;

    #[test]
    fn admonitions_become_callouts_with_titles_nesting_and_code_left_alone() {
        let mut r = Report::default();
        let text = "Intro\n\n!!! note \"Read this\"\n    Body line.\n\n    More.\n\n        code\n\nAfter.\n\n??? danger\n    Hidden.\n    !!! tip\n        Inner.\n\n```\n!!! note\n    not this\n```\n- item\n\n    !!! warning \"\"\n        In a list.\n";
        let out = admonitions(text, "docs/a.md", 1, &mut r);
        assert_eq!(
            out,
            "Intro\n\n> [!NOTE]\n> **Read this**\n>\n> Body line.\n>\n> More.\n>\n>     code\n\nAfter.\n\n> [!CAUTION]\n> **Danger**\n>\n> Hidden.\n> > [!TIP]\n> > Inner.\n\n```\n!!! note\n    not this\n```\n- item\n\n    > [!WARNING]\n    > In a list.\n"
        );
        assert_eq!(r.changes["admonitions made callouts"], 4);
        assert_eq!(r.notes.len(), 1);
        assert_eq!(r.notes[0].line, 12);
    }

    #[test]
    fn inline_attribute_lists_become_ids_and_headings_keep_theirs() {
        let mut r = Report::default();
        let out = attr_lists(
            "*   **`locale`**{ #mkdocs-locale }: text {x}\n## H {#h}\n`a{ #b }` ![i](a.png){: .right }\n",
            "docs/a.md",
            1,
            &mut r,
        );
        assert_eq!(
            out,
            "*   **`locale`**<span id=\"mkdocs-locale\"></span>: text {x}\n## H {#h}\n`a{ #b }` ![i](a.png)\n"
        );
        assert_eq!(r.notes.len(), 1);
    }

    #[test]
    fn autodoc_directives_become_comments() {
        let mut r = Report::default();
        let out = autodoc("A\n::: httpx.get\n    :docstring:\n\nB\n```\n::: not.this\n```\n", "docs/api.md", 5, &mut r);
        assert_eq!(out, "A\n<!-- docent import: ::: httpx.get\n    :docstring: -->\n\nB\n```\n::: not.this\n```\n");
        assert_eq!(r.notes[0].line, 6);
    }

    #[test]
    fn content_tabs_and_snippets() {
        let mut r = Report::default();
        let out = admonitions("=== \"Mac\"\n\n    brew\n\n=== \"Linux\"\n    apt\nAfter\n", "docs/a.md", 1, &mut r);
        assert_eq!(out, "**Mac**\n\nbrew\n\n**Linux**\n\napt\nAfter\n");
        let files = MemFiles::new(&[("includes/abbr.md", "*[HTML]: Hyper Text\n"), ("docs/x.md", "X\n")]);
        let out = snippets(
            "A\n--8<-- \"includes/abbr.md\"\n--8<-- 'x.md'\n--8<-- \"nope.md\"\n",
            "docs/a.md",
            1,
            "docs",
            &files,
            &mut r,
        );
        assert_eq!(out, "A\n*[HTML]: Hyper Text\nX\n");
        assert_eq!(r.notes.len(), 1);
        assert_eq!(r.notes[0].line, 4);
    }
}
