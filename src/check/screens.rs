//! `--screens FILE`: the application's list of screens against the site's screen map.
//!
//! The screen map (which page explains which screen, with its own problems such as an ID
//! claimed twice or a missing anchor) is built by `derive::help` during every build, so those
//! problems are already among the build's diagnostics. This module only reads the list and
//! hands it to `derive::help::coverage`, which does the comparison.

use crate::Build;
use crate::derive::help::{AppScreen, check_screens as compare, parse_screen_list};
use crate::diagnostics::Diagnostic;

/// The application's screens (`--screens FILE`), parsed, with the list's own problems.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreenList {
    pub path: String,
    pub screens: Vec<AppScreen>,
    pub problems: Vec<Diagnostic>,
}

impl ScreenList {
    pub fn parse(path: &str, text: &str) -> ScreenList {
        let (screens, problems) = parse_screen_list(path, text);
        ScreenList { path: path.to_string(), screens, problems }
    }
}

/// The list's problems plus the comparison: screens without help, help for screens the
/// application no longer has. Nothing without a list.
pub fn check_screens(build: &Build, list: Option<&ScreenList>) -> Vec<Diagnostic> {
    let Some(list) = list else { return Vec::new() };
    let mut diags = list.problems.clone();
    diags.extend(compare(&build.screens, &list.path, &list.screens));
    diags
}
