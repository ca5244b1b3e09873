//! Headings: each heading's id (its slug as `[markdown] slugs` says, or the `{#id}` written,
//! made unique on its page), its anchor link, its text section for search and its entry in the
//! page's table of contents; a second `#` title is linted.

use super::super::text::escape;
use super::super::{Heading, LintKind, TextSection};
use super::{Pass, PendingHeading};
use crate::slug::slugify;
use pulldown_cmark::{CowStr, Event, HeadingLevel};

impl Pass<'_, '_> {
    pub(super) fn start_heading(&mut self, level: HeadingLevel, id: Option<CowStr<'_>>, offset: usize) {
        let to = level as u8;
        let is_title = self.input.title_heading && self.heading_count == 0;
        self.heading_count += 1;
        if is_title {
            self.heading = Some(PendingHeading {
                level,
                offset,
                is_title,
                custom_id: None,
                events: Vec::new(),
                text: String::new(),
            });
            return;
        }
        if to > self.last_heading_level + 1 {
            self.lint(LintKind::SkippedHeadingLevel { from: self.last_heading_level, to }, offset);
        }
        self.last_heading_level = to;
        self.heading = Some(PendingHeading {
            level,
            offset,
            is_title,
            custom_id: id.map(|i| i.to_string()),
            events: Vec::new(),
            text: String::new(),
        });
    }

    pub(super) fn end_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        if h.is_title {
            return;
        }
        let title = h.text.trim().to_string();
        if h.level == HeadingLevel::H1 {
            self.lint(LintKind::SecondTitle { title: title.clone() }, h.offset);
        }
        let base = h.custom_id.clone().unwrap_or_else(|| heading_slug(&self.input.options, &title));
        let id = self.unique_id(base);
        let level = h.level as u8;
        let id_attr = escape(&id);
        self.out.push(Event::Html(CowStr::from(format!(
            "<h{level} id=\"{id_attr}\"><a class=\"heading-link\" href=\"#{id_attr}\">"
        ))));
        self.out.extend(h.events);
        self.out.push(Event::Html(CowStr::from(format!("</a></h{level}>\n"))));
        let roles = self.only_roles();
        self.result.sections.push(TextSection {
            id: Some(id.clone()),
            heading: title.clone(),
            text: String::new(),
            roles,
        });
        self.result.headings.push(Heading { level, id, title });
    }

    /// `base`, or `base-N` when an id of the page already has that name.
    pub(super) fn unique_id(&mut self, base: String) -> String {
        let id = match self.ids.get_mut(&base) {
            Some(n) => {
                *n += 1;
                format!("{base}-{n}")
            }
            None => base,
        };
        self.ids.entry(id.clone()).or_insert(0);
        id
    }
}

/// A heading's id before it is made unique on its page, as `[markdown] slugs` says.
pub(super) fn heading_slug(options: &crate::config::MarkdownConfig, title: &str) -> String {
    let s = match options.slugs {
        crate::config::SlugStyle::Docent => slugify(title),
        // GitHub slugs the text as typed: undo smart punctuation's dashes first.
        crate::config::SlugStyle::Github if options.smart_punctuation => {
            crate::slug::github_slug(&title.replace('\u{2014}', "---").replace('\u{2013}', "--"))
        }
        crate::config::SlugStyle::Github => crate::slug::github_slug(title),
    };
    if s.is_empty() { "section".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::super::tests::md;

    #[test]
    fn heading_ids_are_unique_and_custom_ids_honoured() {
        let r = md("## Steps\n\n## Steps\n\n## Other {#mine}\n");
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec!["steps", "steps-1", "mine"]);
        assert!(
            r.html.contains("<h2 id=\"steps\"><a class=\"heading-link\" href=\"#steps\">Steps</a></h2>"),
            "{}",
            r.html
        );
    }
}
