//! mdBook: `book.toml` (title, description, `src`), `SUMMARY.md` (order and nesting) and the
//! preprocessor directives: `{{#include file[:anchor|:from:to]}}` and `{{#rustdoc_include}}`
//! are expanded, `{{#title}}` becomes the title, `{{#playground}}` becomes a plain code block
//! (reported: it is not runnable), `\{{#...}}` becomes the literal text. Rust code blocks lose
//! their hidden `# ` lines, as mdBook shows them. Chapters not in SUMMARY.md are not published
//! by mdBook, so they are left out (and listed).

use super::layout::{self, NavItem};
use super::markdown::Slugs;
use super::{Draft, Front, Kind, Project, Report, SourceFiles, dir_of, join};
use std::collections::HashSet;

pub fn read(src: &dyn SourceFiles, report: &mut Report) -> Result<Project, String> {
    let book = match src.read_text("book.toml") {
        Some(text) => text.parse::<toml::Table>().map_err(|e| format!("book.toml: {}", e.message()))?,
        None => return Err("no book.toml here: give the mdBook's folder (the one with book.toml)".into()),
    };
    let section = book.get("book").and_then(|b| b.as_table());
    let get = |k: &str| section.and_then(|b| b.get(k)).and_then(|v| v.as_str()).map(str::to_string);
    let root = get("src").unwrap_or_else(|| "src".into());
    let root = root.trim_matches('/').to_string();
    let summary_path = join(&root, "SUMMARY.md");
    let summary = src.read_text(&summary_path).ok_or_else(|| format!("no {summary_path} in the book"))?;
    let (home, items) = parse_summary(&summary, &summary_path, report);

    if let Some(pre) = book.get("preprocessor").and_then(|p| p.as_table()) {
        let names: Vec<&str> = pre.keys().map(String::as_str).filter(|n| !matches!(*n, "links" | "index")).collect();
        if !names.is_empty() {
            report.note(
                "book.toml",
                0,
                format!("preprocessor(s) {} not run: their own syntax is left as it is", names.join(", ")),
            );
        }
    }
    let mut project = Project {
        kind: Some(Kind::Mdbook),
        title: get("title"),
        description: get("description"),
        content_root: root.clone(),
        slugs: Some(Slugs::Github),
        ..Default::default()
    };
    let mut placed = Vec::new();
    if let Some(h) = home {
        placed.push(layout::Placed { title: h.title, file: h.file, dest: "_index.md".into(), weight: 0 });
    }
    placed.extend(layout::place(&items, report, &summary_path));
    let mut used: HashSet<String> = HashSet::new();
    for p in placed {
        let Some(file) = &p.file else {
            project.pages.push(Draft {
                dest: p.dest,
                front: Front { title: Some(p.title), weight: Some(p.weight), ..Default::default() },
                ..Default::default()
            });
            continue;
        };
        let path = join(&root, file);
        let Some(text) = src.read_text(&path) else {
            report.note(&summary_path, 0, format!("{file} is listed but missing; left out"));
            continue;
        };
        used.insert(path.clone());
        let mut front = Front { weight: (p.weight > 0).then_some(p.weight), ..Default::default() };
        let body = expand(&text, &path, src, report, &mut front, &mut used, 0);
        let body = strip_hidden_rust_lines(&body, report);
        let old = file.strip_suffix(".md").unwrap_or(file);
        let old_url = match old.strip_suffix("README") {
            Some(dir) => format!("{dir}index.html"),
            None => format!("{old}.html"),
        };
        project.pages.push(Draft {
            src: Some(path),
            dest: p.dest,
            old_url: Some(old_url),
            nav_title: Some(p.title),
            front,
            body,
            body_line: 1,
        });
    }
    for f in src.list() {
        let Some(rel) = f.strip_prefix(&format!("{root}/")) else { continue };
        if f.ends_with(".md") {
            if !used.contains(&f) && f != summary_path {
                report.note(&f, 0, "not in SUMMARY.md (mdBook does not publish it); left out");
            }
        } else {
            project.copies.push((f.clone(), format!("content/{rel}")));
        }
    }
    Ok(project)
}

/// SUMMARY.md: the prefix chapter that opens it (the home page) and the tree of the rest.
fn parse_summary(text: &str, file: &str, report: &mut Report) -> (Option<NavItem>, Vec<NavItem>) {
    // (indent, is a list item, item), folded into a tree by indentation. Prefix and suffix
    // chapters (not list items) never have children.
    let mut flat: Vec<(usize, bool, NavItem)> = Vec::new();
    let mut seen_title = false;
    let mut parts = 0;
    let mut in_code = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("```") {
            in_code = !in_code;
        }
        if in_code || t.is_empty() {
            continue;
        }
        if t.starts_with('#') {
            if flat.is_empty() && !seen_title {
                seen_title = true;
            } else {
                parts += 1;
            }
            continue;
        }
        let indent = line.len() - t.len();
        let (is_list, rest) = match t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
            Some(r) => (true, r.trim_start()),
            None => (false, t),
        };
        let Some(item) = parse_link(rest) else { continue };
        flat.push((indent, is_list, item));
    }
    if parts > 0 {
        report.note(file, 0, format!("{parts} part title(s) left out: docent's menu has sections, not part headings"));
    }
    let home = match flat.first() {
        Some((_, false, _)) => Some(flat.remove(0).2),
        _ => None,
    };
    (home, fold(&flat))
}

fn fold(items: &[(usize, bool, NavItem)]) -> Vec<NavItem> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let (indent, is_list, item) = &items[i];
        let mut j = i + 1;
        while *is_list && j < items.len() && items[j].1 && items[j].0 > *indent {
            j += 1;
        }
        let mut item = item.clone();
        item.children = fold(&items[i + 1..j]);
        out.push(item);
        i = j;
    }
    out
}

fn parse_link(s: &str) -> Option<NavItem> {
    let s = s.strip_prefix('[')?;
    let close = s.rfind("](")?;
    let title = s[..close].replace("\\", "");
    let rest = &s[close + 2..];
    let end = rest.rfind(')')?;
    let target = rest[..end].trim();
    let target = target.trim_start_matches("./");
    let file = (!target.is_empty()).then(|| crate::resolve::links::percent_decode(target));
    Some(NavItem { title, file, children: Vec::new() })
}

/// Expands the preprocessor directives of `text` (read from `path`). Included Markdown is
/// expanded too, up to a depth of 10.
fn expand(
    text: &str,
    path: &str,
    src: &dyn SourceFiles,
    report: &mut Report,
    front: &mut Front,
    used: &mut HashSet<String>,
    depth: usize,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut consumed = 0;
    while let Some(at) = rest.find("{{#") {
        let line = super::markdown::line_of(text, consumed + at);
        if at > 0 && rest.as_bytes()[at - 1] == b'\\' {
            out.push_str(&rest[..at - 1]);
            out.push_str("{{#");
            rest = &rest[at + 3..];
            consumed += at + 3;
            report.count("escaped `\\{{#` directives written as text", 1);
            continue;
        }
        out.push_str(&rest[..at]);
        let Some(end) = rest[at..].find("}}") else {
            out.push_str(&rest[at..]);
            rest = "";
            break;
        };
        let inner = rest[at + 3..at + end].trim();
        let whole = &rest[at..at + end + 2];
        let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        let args = args.trim();
        let replacement = match name {
            "include" | "rustdoc_include" if args.is_empty() => whole.to_string(),
            "include" | "rustdoc_include" => match include(args, path, src) {
                Some((included, file)) => {
                    report.count(&format!("{{{{#{name}}}}} expanded"), 1);
                    if file.ends_with(".md") && depth < 10 {
                        used.insert(file.clone());
                        expand(&included, &file, src, report, front, used, depth + 1)
                    } else {
                        included
                    }
                }
                None => {
                    report.note(path, line, format!("`{whole}`: file or anchor not found; left out"));
                    String::new()
                }
            },
            "playground" => {
                let mut words = args.split_whitespace();
                let file = words.next().unwrap_or("");
                let attrs: Vec<&str> = words.collect();
                match src.read_text(&join(dir_of(path), file)) {
                    Some(code) => {
                        report.note(path, line, "`{{#playground}}` written as a plain Rust code block (not runnable)");
                        let info =
                            if attrs.is_empty() { "rust".to_string() } else { format!("rust,{}", attrs.join(",")) };
                        format!("```{info}\n{}\n```", code.trim_end_matches('\n'))
                    }
                    None => {
                        report.note(path, line, format!("`{whole}`: file not found; left out"));
                        String::new()
                    }
                }
            }
            "title" => {
                front.title = Some(args.to_string());
                report.count("`{{#title}}` made the page title", 1);
                String::new()
            }
            _ => {
                report.note(path, line, format!("`{whole}` is not an mdBook directive docent knows; left as text"));
                whole.to_string()
            }
        };
        out.push_str(&replacement);
        rest = &rest[at + end + 2..];
        consumed += at + end + 2;
    }
    out.push_str(rest);
    out
}

/// The text `{{#include ARGS}}` stands for, and the file it came from.
fn include(args: &str, from: &str, src: &dyn SourceFiles) -> Option<(String, String)> {
    let (file, selector) = match args.split_once(':') {
        Some((f, s)) => (f.trim(), Some(s.trim())),
        None => (args.trim(), None),
    };
    let path = join(dir_of(from), file);
    let text = src.read_text(&path)?;
    let lines: Vec<&str> = text.lines().collect();
    let selected = match selector {
        None | Some("") => text.trim_end_matches('\n').to_string(),
        Some(sel) => {
            let mut nums = sel.splitn(2, ':');
            let first = nums.next().unwrap_or("");
            let second = nums.next();
            let is_range = first.is_empty() || first.parse::<usize>().is_ok();
            if is_range {
                let start = first.parse::<usize>().unwrap_or(1).max(1);
                let end = match second {
                    None => start,
                    Some("") => lines.len(),
                    Some(e) => e.parse::<usize>().ok()?,
                };
                lines.get(start - 1..end.min(lines.len()))?.join("\n")
            } else {
                anchored(&lines, first)?
            }
        }
    };
    Some((selected, path))
}

/// The lines between `ANCHOR: name` and `ANCHOR_END: name`, without any anchor lines.
fn anchored(lines: &[&str], name: &str) -> Option<String> {
    let marker = |l: &str, tag: &str| {
        l.find(tag).map(|i| {
            l[i + tag.len()..]
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                .collect::<String>()
        })
    };
    let mut inside = false;
    let mut found = false;
    let mut out = Vec::new();
    for l in lines {
        let end = marker(l, "ANCHOR_END:");
        let start = if end.is_none() { marker(l, "ANCHOR:") } else { None };
        if inside {
            if end.as_deref() == Some(name) {
                return Some(out.join("\n"));
            }
            if end.is_none() && start.is_none() {
                out.push(*l);
            }
        } else if start.as_deref() == Some(name) {
            inside = true;
            found = true;
        }
    }
    found.then(|| out.join("\n"))
}

/// mdBook hides lines starting with `# ` in Rust code blocks; docent has no toggle, so they go.
fn strip_hidden_rust_lines(body: &str, report: &mut Report) -> String {
    let mut out = String::with_capacity(body.len());
    let mut fence: Option<(char, usize, bool)> = None;
    let mut hidden = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim_start();
        let c = t.chars().next().unwrap_or(' ');
        if (c == '`' || c == '~') && t.starts_with(&c.to_string().repeat(3)) {
            let n = t.chars().take_while(|&x| x == c).count();
            match fence {
                None => {
                    let info = t[n..].trim();
                    fence = Some((c, n, info.starts_with("rust")));
                }
                Some((fc, fnum, _)) if fc == c && n >= fnum && t[n..].trim().is_empty() => fence = None,
                _ => {}
            }
            out.push_str(line);
            continue;
        }
        if let Some((_, _, true)) = fence {
            let code = line.trim_start();
            if code.starts_with("# ") || code.trim_end() == "#" {
                hidden += 1;
                continue;
            }
        }
        out.push_str(line);
    }
    report.count("hidden `# ` lines of Rust code blocks left out", hidden);
    out
}

#[cfg(test)]
mod tests {
    use super::super::{MemFiles, OutFile, translate};
    use super::*;

    fn book(files: &[(&str, &str)]) -> super::super::Imported {
        translate(Kind::Mdbook, &MemFiles::new(files)).unwrap()
    }

    fn text<'a>(i: &'a super::super::Imported, path: &str) -> &'a str {
        match i.files.get(path) {
            Some(OutFile::Text(t)) => t,
            other => panic!("{path}: {other:?} in {:?}", i.files.keys().collect::<Vec<_>>()),
        }
    }

    #[test]
    fn summary_order_and_nesting_become_sections_and_weights() {
        let i = book(&[
            ("book.toml", "[book]\ntitle = \"My Book\"\n"),
            (
                "src/SUMMARY.md",
                "# Summary\n\n[Intro](README.md)\n\n# Part\n\n- [Install](guide/install.md)\n- [CLI](cli/README.md)\n    - [init](cli/init.md)\n    - [Draft]()\n- [Last](last.md)\n",
            ),
            ("src/README.md", "# Welcome\n\nHello, see [init](cli/init.html#usage).\n"),
            ("src/guide/install.md", "# Install\n\nText.\n"),
            ("src/cli/README.md", "# The CLI\n"),
            ("src/cli/init.md", "# init\n\n## Usage\n"),
            ("src/last.md", "Last.\n"),
            ("src/orphan.md", "Orphan.\n"),
            ("src/img/a.png", "png"),
        ]);
        assert!(text(&i, "docent.toml").contains("title = \"My Book\""));
        assert!(text(&i, "content/_index.md").contains("title = \"Intro\""));
        assert!(text(&i, "content/_index.md").contains("[init](cli/init.md#usage)"));
        assert!(text(&i, "content/cli/_index.md").contains("weight = 20"));
        let init = text(&i, "content/cli/init.md");
        assert!(init.contains("weight = 10") && init.contains("aliases = [\"/cli/init.html\"]"), "{init}");
        assert!(text(&i, "content/last.md").contains("weight = 30"));
        assert!(!i.files.contains_key("content/orphan.md"));
        assert_eq!(i.files.get("content/img/a.png"), Some(&OutFile::Copy("src/img/a.png".into())));
        let report = i.report.render("b", "s");
        assert!(report.contains("src/orphan.md: not in SUMMARY.md"), "{report}");
        assert!(report.contains("`Draft` has no file"), "{report}");
    }

    #[test]
    fn includes_expand_with_anchors_ranges_and_escapes() {
        let mut r = Report::default();
        let files = MemFiles::new(&[
            (
                "src/a.rs",
                "// ANCHOR: all\nfn a() {}\n// ANCHOR: one\nfn one() {}\n// ANCHOR_END: one\n// ANCHOR_END: all\n",
            ),
            ("src/part.md", "Part {{#include a.rs:1:2}}\n"),
            ("src/ex.rs", "fn main() {}\n"),
        ]);
        let mut front = Front::default();
        let mut used = HashSet::new();
        let out = expand(
            "{{#title Real}}\n{{#include a.rs:one}}\n{{#rustdoc_include a.rs:all}}\n{{#include part.md}}\n\\{{#include x}}\n{{#include a.rs:2}}\n{{#playground ex.rs editable}}\n{{#toc}}\n{{#include nope.rs}}\n",
            "src/c.md",
            &files,
            &mut r,
            &mut front,
            &mut used,
            0,
        );
        assert_eq!(
            out,
            "\nfn one() {}\nfn a() {}\nfn one() {}\nPart // ANCHOR: all\nfn a() {}\n{{#include x}}\nfn a() {}\n```rust,editable\nfn main() {}\n```\n{{#toc}}\n\n"
        );
        assert_eq!(front.title.as_deref(), Some("Real"));
        assert!(used.contains("src/part.md"));
        let lines: Vec<u32> = r.notes.iter().map(|n| n.line).collect();
        assert_eq!(lines, vec![7, 8, 9], "{:?}", r.notes);
    }

    #[test]
    fn hidden_rust_lines_are_left_out() {
        let mut r = Report::default();
        let out = strip_hidden_rust_lines(
            "```rust\n# fn main() {\nlet x = 1;\n#[derive(Debug)]\n# }\n```\n# Heading\n",
            &mut r,
        );
        assert_eq!(out, "```rust\nlet x = 1;\n#[derive(Debug)]\n```\n# Heading\n");
    }
}
