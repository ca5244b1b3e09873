//! Includes: a paragraph `::include[shared/steps.md]` (or `::include[file.md#heading]`, that
//! heading's section) is replaced by another Markdown file, rendered as part of the page.
//!
//! The path is read from `content/` or, when no page has it there, from the top-level
//! `snippets/` folder, whose files are not published. Links and images in an included file are
//! written relative to that file: `snippets/shared/steps.md` links as if it were at
//! `content/shared/steps.md`, and `relocate` rewrites each target so that it works from the
//! including page. These are the pure parts; the events pass (`events/include.rs`) does the
//! rendering and the `Links` trait hands it the file.

use super::Heading;
use crate::resolve::links::is_external;

/// The path an include names, made plain: `./a/../b.md` -> `b.md`. `Err` when it climbs out of
/// the folder (`../x.md`) or is empty.
pub fn normalize(path: &str) -> Result<String, String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.trim().trim_start_matches('/').split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("`{path}` leaves content/ (and snippets/)"));
                }
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err("no file named".into());
    }
    Ok(parts.join("/"))
}

/// The path (under `content/` or `snippets/`) that an include's target names (`steps.md#part`
/// -> `steps.md`), as the events pass reads it. `Err` as `normalize`.
pub fn target_path(target: &str) -> Result<String, String> {
    let target = target.trim();
    let path = target.split_once('#').map_or(target, |(p, _)| p);
    normalize(&crate::resolve::links::percent_decode(path))
}

/// Every path an `::include[...]` in `text` may name, whether or not it stands alone in its
/// paragraph: a build that frees each page's source once it is rendered keeps these.
pub fn named_paths(text: &str) -> impl Iterator<Item = String> + '_ {
    text.match_indices("::include[").filter_map(|(at, marker)| {
        let rest = &text[at + marker.len()..];
        let end = rest.find([']', '\n'])?;
        target_path(&rest[..end]).ok()
    })
}

/// Where an included file sits for its links: its path under `content/` or `snippets/`.
pub fn place(source: &str) -> &str {
    source.strip_prefix("content/").or_else(|| source.strip_prefix("snippets/")).unwrap_or(source)
}

/// A link target written in an included file placed at `snippet` (`shared/steps.md`), as the
/// page at `page` (`login/reset.md`) must write it. Anchors, site paths and other sites stay as
/// they are; a path that climbs out of the folder is left for link checking to report.
pub fn relocate(dest: &str, snippet: &str, page: &str) -> String {
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with('/') || is_external(dest) {
        return dest.to_string();
    }
    let split = dest.find(['#', '?']).unwrap_or(dest.len());
    let (path, suffix) = dest.split_at(split);
    let dir = |p: &str| p.rsplit_once('/').map_or(String::new(), |(d, _)| d.to_string());
    let joined = if dir(snippet).is_empty() { path.to_string() } else { format!("{}/{path}", dir(snippet)) };
    let Ok(target) = normalize(&joined) else { return dest.to_string() };
    let page_dir = dir(page);
    let from: Vec<&str> = page_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend(&to[common..]);
    format!("{}{suffix}", out.join("/"))
}

/// The byte range of the section under the heading whose id is `anchor`: from after the
/// heading to the next heading of the same or a higher level. `Err` with the ids there are.
pub fn section(
    text: &str,
    anchor: &str,
    id_of: impl Fn(&str, Option<&str>) -> String,
) -> Result<std::ops::Range<usize>, Vec<Heading>> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut headings: Vec<(u8, std::ops::Range<usize>, String)> = Vec::new();
    let mut open: Option<(u8, std::ops::Range<usize>, Option<String>, String)> = None;
    for (event, range) in Parser::new_ext(text, Options::ENABLE_HEADING_ATTRIBUTES).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                open = Some((level as u8, range, id.map(|i| i.to_string()), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = &mut open {
                    h.3.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, range, id, title)) = open.take() {
                    headings.push((level, range, id_of(title.trim(), id.as_deref())));
                }
            }
            _ => {}
        }
    }
    let Some(i) = headings.iter().position(|h| h.2 == anchor) else {
        return Err(headings.into_iter().map(|(level, _, id)| Heading { level, title: id.clone(), id }).collect());
    };
    let (level, range, _) = &headings[i];
    let end = headings[i + 1..].iter().find(|h| h.0 <= *level).map_or(text.len(), |h| h.1.start);
    Ok(range.end..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_made_plain_and_may_not_climb_out() {
        assert_eq!(normalize("./shared/../shared/a.md").unwrap(), "shared/a.md");
        assert_eq!(normalize("/shared/a.md").unwrap(), "shared/a.md");
        assert!(normalize("../docent.toml").unwrap_err().contains("leaves content/"));
        assert!(normalize("a/../../x.md").is_err());
    }

    #[test]
    fn named_paths_are_those_the_events_pass_reads() {
        let text =
            "A\n\n::include[./shared/steps%20one.md#part]\n\nB ::include[x/../faq.md] and ::include[../out.md]\n";
        assert_eq!(named_paths(text).collect::<Vec<_>>(), ["shared/steps one.md", "faq.md"]);
        assert_eq!(target_path(" a.md#b "), Ok("a.md".to_string()));
    }

    #[test]
    fn links_in_an_included_file_work_from_the_including_page() {
        assert_eq!(relocate("../login/reset.md#steps", "shared/steps.md", "forms/new.md"), "../login/reset.md#steps");
        assert_eq!(relocate("form.png", "shared/steps.md", "forms/deep/new.md"), "../../shared/form.png");
        assert_eq!(relocate("other.md", "steps.md", "_index.md"), "other.md");
        assert_eq!(relocate("x/y.md", "shared/steps.md", "shared/page.md"), "x/y.md");
        for same in ["#top", "/videos/", "https://example.org/a", "mailto:a@b.c"] {
            assert_eq!(relocate(same, "shared/steps.md", "a/b.md"), same);
        }
    }

    #[test]
    fn a_section_runs_to_the_next_heading_of_its_level() {
        let text = "Intro\n\n## Send a request\n\nStep one.\n\n### Detail\n\nMore.\n\n## Other\n\nNot this.\n";
        let id = |t: &str, custom: Option<&str>| custom.map_or_else(|| crate::slug::slugify(t), str::to_string);
        let r = section(text, "send-a-request", id).unwrap();
        assert_eq!(&text[r], "\nStep one.\n\n### Detail\n\nMore.\n\n");
        let ids: Vec<String> = section(text, "nope", id).unwrap_err().into_iter().map(|h| h.id).collect();
        assert_eq!(ids, vec!["send-a-request", "detail", "other"]);
    }
}
