//! Screen IDs: which page explains which screen of the application (front matter `screens`,
//! each `id` or `id#heading`), checked for IDs claimed twice, anchors that do not exist and,
//! with `--screens FILE`, a mismatch with the application's list of screens.
//!
//! `screen_claims_from_front_matter` reads the claims itself for now; the contextual-help work
//! (issue 7) builds the site's screen map, and this reader is to be joined to it.

use crate::Build;
use crate::content::Site;
use crate::diagnostics::{Diagnostic, Span};
use std::collections::BTreeMap;

/// A screen a page says it explains.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreenClaim {
    pub id: String,
    pub anchor: Option<String>,
    pub page: usize,
    /// The `screens` line of the page's front matter.
    pub span: Span,
}

/// Reads every page's `screens` front matter, in page order.
pub fn screen_claims_from_front_matter(site: &Site) -> Vec<ScreenClaim> {
    let mut claims = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
        for entry in &page.front.screens {
            let (id, anchor) = match entry.split_once('#') {
                Some((id, a)) => (id, Some(a.trim().to_string())),
                None => (entry.as_str(), None),
            };
            let span = Span::new(&page.source, page.key_line("screens"), 1);
            claims.push(ScreenClaim { id: id.trim().to_string(), anchor, page: i, span });
        }
    }
    claims
}

/// The application's screens (`--screens FILE`): one ID a line; blank lines and `#` comments skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreenList {
    pub path: String,
    /// ID -> its line in the file (the first, if listed twice).
    pub ids: BTreeMap<String, u32>,
    /// IDs listed again: (ID, line, line of the first listing).
    pub repeated: Vec<(String, u32, u32)>,
}

impl ScreenList {
    pub fn parse(path: &str, text: &str) -> ScreenList {
        let mut ids = BTreeMap::new();
        let mut repeated = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let id = line.split('#').next().unwrap_or("").trim();
            if id.is_empty() {
                continue;
            }
            let n = n as u32 + 1;
            match ids.get(id) {
                Some(&first) => repeated.push((id.to_string(), n, first)),
                None => {
                    ids.insert(id.to_string(), n);
                }
            }
        }
        ScreenList { path: path.to_string(), ids, repeated }
    }
}

pub fn check_screens(build: &Build, list: Option<&ScreenList>) -> Vec<Diagnostic> {
    let site = &build.site;
    let claims = screen_claims_from_front_matter(site);
    let mut diags = Vec::new();
    let mut first: BTreeMap<&str, &ScreenClaim> = BTreeMap::new();
    for claim in &claims {
        if claim.id.is_empty() {
            diags.push(
                Diagnostic::error(claim.span.clone(), "empty screen ID in `screens`")
                    .with_help("write the ID the application uses for the screen, such as \"patient-search\""),
            );
            continue;
        }
        match first.get(claim.id.as_str()) {
            Some(other) => diags.push(
                Diagnostic::error(
                    claim.span.clone(),
                    format!("screen `{}` is also claimed by {}", claim.id, site.pages[other.page].source),
                )
                .with_help("a screen opens one help page; remove it from one page, or point it at a heading of the other (id#heading)"),
            ),
            None => {
                first.insert(&claim.id, claim);
            }
        }
        if let Some(anchor) = &claim.anchor {
            let headings = &build.markdown[claim.page].headings;
            if !headings.iter().any(|h| &h.id == anchor) {
                let ids: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
                let help = if ids.is_empty() {
                    "this page has no headings; remove `#...` to open the page itself".to_string()
                } else {
                    format!("headings here: {}", ids.join(", "))
                };
                diags.push(
                    Diagnostic::error(
                        claim.span.clone(),
                        format!("screen `{}` points at #{anchor}: no such heading", claim.id),
                    )
                    .with_help(help),
                );
            }
        }
    }
    if let Some(list) = list {
        for (id, line, first) in &list.repeated {
            diags.push(
                Diagnostic::warning(
                    Span::new(&list.path, *line, 1),
                    format!("screen `{id}` is listed twice (first on line {first})"),
                )
                .with_help("list each screen ID once"),
            );
        }
        for (id, &line) in &list.ids {
            if !first.contains_key(id.as_str()) {
                diags.push(
                    Diagnostic::warning(Span::new(&list.path, line, 1), format!("screen `{id}` has no help page"))
                        .with_help(format!(
                            "add screens = [\"{id}\"] to the front matter of the page that explains it"
                        )),
                );
            }
        }
        for (id, claim) in &first {
            if !list.ids.contains_key(*id) {
                diags.push(
                    Diagnostic::warning(claim.span.clone(), format!("screen `{id}` is not in {}", list.path)).with_help(
                        "the application no longer has this screen, or its ID changed; update this page's `screens`",
                    ),
                );
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_list_skips_comments_and_blank_lines() {
        let l = ScreenList::parse("s.txt", "# screens\nlogin\n\npatient-search  # main\nlogin\n");
        assert_eq!(l.ids.into_iter().collect::<Vec<_>>(), vec![("login".into(), 2), ("patient-search".into(), 4)]);
        assert_eq!(l.repeated, vec![("login".to_string(), 5, 2)]);
    }

    #[test]
    fn claims_split_id_and_anchor() {
        let page = crate::content::load::page_from_text(
            "content/a.md",
            "a.md",
            "+++\ntitle = \"A\"\nscreens = [\"login\", \"reset#steps\"]\n+++\n",
        )
        .unwrap();
        let site = Site { pages: vec![page], ..Default::default() };
        let claims = screen_claims_from_front_matter(&site);
        assert_eq!(claims[1].id, "reset");
        assert_eq!(claims[1].anchor.as_deref(), Some("steps"));
        assert_eq!(claims[0].span, Span::new("content/a.md", 3, 1));
    }
}
