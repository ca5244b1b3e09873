//! Coverage: the screen map against the list of screens the application really has.
//!
//! Takes the `ScreenMap` and the application's `screens.txt` (one screen ID a line, exported by
//! the application); gives diagnostics: screens with no help (errors, at the list's line), help
//! for screens the application no longer has (warnings, at the page's `screens` key), and the
//! map's own problems (an ID claimed twice, an anchor that does not exist). Pure: `docent check`
//! reads the file and prints; this module only compares.

use super::screens::{ID_HELP, ScreenMap, is_valid_screen_id};
use crate::diagnostics::{Diagnostic, Span};
use std::collections::BTreeMap;

/// One screen of the application, and the line of the list it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct AppScreen {
    pub id: String,
    pub line: u32,
}

/// Parses the application's screen list: one ID a line; blank lines and lines starting with `#`
/// are skipped, spaces around an ID ignored. Bad IDs are errors; an ID listed twice, a warning.
pub fn parse_screen_list(file: &str, text: &str) -> (Vec<AppScreen>, Vec<Diagnostic>) {
    let mut screens = Vec::new();
    let mut diags = Vec::new();
    let mut seen: BTreeMap<&str, u32> = BTreeMap::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n as u32 + 1;
        let id = raw.trim().trim_start_matches('\u{feff}');
        if id.is_empty() || id.starts_with('#') {
            continue;
        }
        let span = Span::new(file, line, raw.find(id).map_or(1, |c| c as u32 + 1));
        if !is_valid_screen_id(id) {
            diags.push(
                Diagnostic::error(span, format!("screen ID `{id}` has characters other than a-z, 0-9 and -"))
                    .with_help(ID_HELP),
            );
        } else if let Some(first) = seen.get(id) {
            diags.push(
                Diagnostic::warning(span, format!("screen ID `{id}` is already listed on line {first}"))
                    .with_help("list each screen once"),
            );
        } else {
            seen.insert(id, line);
            screens.push(AppScreen { id: id.to_string(), line });
        }
    }
    (screens, diags)
}

/// Compares the help site's screens with the application's (`list_file` names the list in
/// diagnostics). Sorted: the list's problems by line, then the pages'.
pub fn check_screens(map: &ScreenMap, list_file: &str, app: &[AppScreen]) -> Vec<Diagnostic> {
    let mut diags = map.problems.clone();
    let in_app: BTreeMap<&str, u32> = app.iter().map(|s| (s.id.as_str(), s.line)).collect();
    for s in app {
        if !map.screens.contains_key(&s.id) {
            diags.push(
                Diagnostic::error(Span::new(list_file, s.line, 1), format!("screen `{}` has no help page", s.id))
                    .with_help(format!(
                        "add `screens = [\"{}\"]` to the front matter of the page that explains this screen",
                        s.id
                    )),
            );
        }
    }
    for (id, screen) in &map.screens {
        if !in_app.contains_key(id.as_str()) {
            diags.push(
                Diagnostic::warning(
                    Span::new(&screen.source, screen.line, 1),
                    format!("screen `{id}` is not in {list_file}: the application has no such screen"),
                )
                .with_help("if the screen was renamed, use its new ID; if it is gone, remove the ID from `screens`"),
            );
        }
    }
    crate::diagnostics::sort(&mut diags);
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::help::screens::Screen;
    use crate::diagnostics::Severity;

    fn map(ids: &[&str]) -> ScreenMap {
        let screens = ids
            .iter()
            .map(|id| (id.to_string(), Screen { page: 0, anchor: None, source: "content/a.md".into(), line: 4 }))
            .collect();
        ScreenMap { screens, problems: vec![] }
    }

    #[test]
    fn list_skips_blanks_and_comments_and_flags_bad_and_repeated_ids() {
        let (screens, diags) =
            parse_screen_list("screens.txt", "# exported\nhome\n\n  patient-search \nBad_Id\nhome\n");
        assert_eq!(
            screens,
            vec![AppScreen { id: "home".into(), line: 2 }, AppScreen { id: "patient-search".into(), line: 4 }]
        );
        assert_eq!(diags.len(), 2);
        assert_eq!((diags[0].severity, diags[0].span.clone()), (Severity::Error, Some(Span::new("screens.txt", 5, 1))));
        assert_eq!(diags[1].severity, Severity::Warning);
        assert!(diags[1].message.contains("already listed on line 2"), "{}", diags[1].message);
    }

    #[test]
    fn screens_without_help_are_errors_and_stale_help_is_a_warning() {
        let (app, _) = parse_screen_list("screens.txt", "home\npatient-search\n");
        let diags = check_screens(&map(&["home", "old-screen"]), "screens.txt", &app);
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert_eq!(diags[0].severity, Severity::Warning);
        assert_eq!(diags[0].span, Some(Span::new("content/a.md", 4, 1)));
        assert!(diags[0].message.contains("`old-screen` is not in screens.txt"), "{}", diags[0].message);
        assert_eq!(diags[1].severity, Severity::Error);
        assert_eq!(diags[1].span, Some(Span::new("screens.txt", 2, 1)));
        assert_eq!(diags[1].message, "screen `patient-search` has no help page");
    }

    #[test]
    fn full_coverage_reports_only_the_maps_own_problems() {
        let mut m = map(&["home"]);
        m.problems.push(Diagnostic::error(Span::new("content/b.md", 3, 1), "screen ID `home` is claimed by both"));
        let (app, _) = parse_screen_list("screens.txt", "home\n");
        let diags = check_screens(&m, "screens.txt", &app);
        assert_eq!(diags, m.problems);
    }
}
