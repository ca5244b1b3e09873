//! `docent check`: builds the site in memory (writing nothing) and reports every problem a
//! reader would meet, with file:line:col and a hint.
//!
//! Takes a `Build` (the ordinary pipeline's result: diagnostics, resolved map, what rendering
//! learned about each page, the output tree) and gives more diagnostics: links into site paths
//! checked against the output tree (`/help/ID/`, `/videos/NAME/`), lints from rendering (alt
//! text, heading levels, empty links), page metadata, orphans, screen IDs, URLs that disappeared
//! since a previous build and, on request, external links. The checks themselves are pure;
//! reading `--screens` and `--since` files, fetching external links and reading source lines for
//! the report happen here at the edge. Nothing is written except the external-link cache.

pub mod external;
mod links;
mod pages;
pub mod report;
pub mod screens;
mod since;

use crate::derive::urls::{self, UrlManifest};
use crate::diagnostics::{self, Diagnostic, Severity};
use crate::{Build, BuildOptions};
use anyhow::Context as _;
use std::path::PathBuf;

/// What to check and how.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub root: PathBuf,
    /// The application's screen IDs, one a line.
    pub screens: Option<PathBuf>,
    /// A previous build's URL manifest (`public/.docent/urls.json`).
    pub since: Option<PathBuf>,
    /// Fetch external links (off by default: slow, and needs the network).
    pub external: Option<external::ExternalOptions>,
}

/// Files that `check` compares the site with, read at the edge.
#[derive(Debug, Default)]
pub struct Inputs {
    pub screens: Option<screens::ScreenList>,
    pub since: Option<PreviousUrls>,
}

/// A previous build's manifest and the path and text it was read from (for line numbers).
#[derive(Debug)]
pub struct PreviousUrls {
    pub path: String,
    pub text: String,
    pub manifest: UrlManifest,
}

/// Everything `check` found.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count()
    }
    /// True when the check must fail CI: any error, or any warning when warnings are denied.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.errors() > 0 || (deny_warnings && self.warnings() > 0)
    }
}

/// Reads the site and the comparison files, builds in memory and checks. `Err` only for I/O
/// failures (an unreadable site, `--screens` or `--since` file).
pub fn run(opts: &CheckOptions) -> anyhow::Result<Report> {
    let mut inputs = Inputs::default();
    if let Some(path) = &opts.screens {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        inputs.screens = Some(screens::ScreenList::parse(&path.display().to_string(), &text));
    }
    if let Some(path) = &opts.since {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let manifest = urls::parse(&text)
            .map_err(|e| anyhow::anyhow!("{} is not a URL manifest written by docent build: {e}", path.display()))?;
        inputs.since = Some(PreviousUrls { path: path.display().to_string(), text, manifest });
    }
    let build = crate::build(&BuildOptions { root: opts.root.clone(), ..Default::default() })?;
    let mut report = check_build(&build, &inputs);
    if let Some(ext) = &opts.external {
        let found = links::external_links(&build);
        report.diagnostics.extend(external::check(&found, ext, &build.site.root));
        diagnostics::sort(&mut report.diagnostics);
    }
    Ok(report)
}

/// The pure part of `check`: the build's own diagnostics plus every check below.
pub fn check_build(build: &Build, inputs: &Inputs) -> Report {
    let mut diags = build.diagnostics.clone();
    if !build.markdown.is_empty() {
        diags.extend(links::check_site_paths(build));
        diags.extend(links::check_orphans(build));
        diags.extend(pages::check_pages(build));
        diags.extend(screens::check_screens(build, inputs.screens.as_ref()));
    }
    if let Some(prev) = &inputs.since {
        diags.extend(since::check_since(build, prev));
    }
    diags.extend(placeholder_vars(&build.site.config));
    diagnostics::sort(&mut diags);
    diags.dedup();
    Report { diagnostics: diags, pages: build.pages }
}

/// A warning for each `[vars]` value that is still a placeholder (`TODO...`, a host under
/// `.invalid`), so that a deployment cannot go out with one.
fn placeholder_vars(config: &crate::config::Config) -> Vec<diagnostics::Diagnostic> {
    use crate::markdown::vars::is_placeholder;
    config
        .vars
        .iter()
        .filter(|(_, value)| is_placeholder(value))
        .map(|(name, value)| {
            let line = config.var_lines.get(name).copied().unwrap_or(1);
            diagnostics::Diagnostic::warning(
                diagnostics::Span::new(crate::config::CONFIG_FILE, line, 1),
                format!("variable `{name}` still holds a placeholder: {value}"),
            )
            .with_help("put the real value under [vars] in docent.toml before publishing")
        })
        .collect()
}
