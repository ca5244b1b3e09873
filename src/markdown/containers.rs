//! `:::` container blocks (steps, tabs, details, only), found in a page's lines before
//! pulldown-cmark sees them.
//!
//! A block opens with a line `::: NAME ARGS` and closes with a line of colons alone (`:::`),
//! which closes the innermost open block, as in Pandoc's fenced divs, so blocks nest without
//! counting colons. Inside `::: tabs`, a line `== TITLE` starts a tab. Lines in fenced code are
//! left alone. Each fence line is kept as it is (GitHub shows it as a plain paragraph), with a
//! blank line added before and after so that it is a paragraph of its own whatever surrounds
//! it; the event pass then recognises those paragraphs by their offsets and writes the
//! container's HTML in their place. Because blank lines are added, `Prepared` maps the lines of
//! the prepared text back to the page's lines.
//!
//! Pure: takes a page body, gives the prepared body, the fences by offset and the problems
//! (unclosed blocks, unknown names, tabs without titles...) with their lines. Writes no HTML.

use std::collections::HashMap;

/// The container names docent knows, for "did you mean" and the README.
pub const NAMES: &[&str] = &["steps", "tabs", "details", "only"];

/// What a block is.
#[derive(Debug, Clone, PartialEq)]
pub enum Container {
    /// A procedure: its ordered list is shown as numbered steps.
    Steps,
    /// Tabs, each started by a `== TITLE` line.
    Tabs,
    /// A collapsible section with a summary line.
    Details { summary: String },
    /// Content for some audiences only (roles as pages declare them in front matter).
    Only { roles: Vec<String> },
}

/// One fence line, found at an offset of the prepared body.
#[derive(Debug, Clone, PartialEq)]
pub enum Fence {
    Open(Container),
    /// `== TITLE` inside tabs.
    Tab(String),
    Close,
}

/// A problem with a block, at a line of the body (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: u32,
    pub message: String,
    pub help: String,
    /// A warning leaves the page as it is otherwise rendered; an error fails the build.
    pub warning: bool,
}

/// A page body with its fence lines set apart.
#[derive(Debug, Default)]
pub struct Prepared {
    pub body: String,
    /// Fences by the offset of their line in `body`.
    pub fences: HashMap<usize, Fence>,
    /// For each line of `body` (0-based), the line of the original body (1-based).
    lines: Vec<u32>,
    pub problems: Vec<Problem>,
    /// The roles named by `only` blocks, with their lines: checked against the site's roles later.
    pub only_roles: Vec<(String, u32)>,
}

impl Prepared {
    /// The original body line of a line of the prepared body (both 1-based).
    pub fn original_line(&self, line: u32) -> u32 {
        let i = (line as usize).saturating_sub(1);
        self.lines.get(i).or(self.lines.last()).copied().unwrap_or(line)
    }
}

/// Finds the fences of `body`. A body without `:::` lines is returned as it is.
pub fn prepare(body: &str) -> Prepared {
    let mut p = Prepared { body: String::with_capacity(body.len() + 64), ..Default::default() };
    if !body.lines().any(|l| l.trim_start().starts_with(":::")) {
        p.body.push_str(body);
        return p;
    }
    // The open blocks: what they are, their line, and (for tabs) whether a title was seen.
    let mut open: Vec<(Container, u32, bool)> = Vec::new();
    let mut code_fence: Option<(char, usize)> = None;
    let mut blank_before = true;
    for (i, raw) in body.split_inclusive('\n').enumerate() {
        let line_no = i as u32 + 1;
        let line = raw.trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = line.trim();
        if let Some((ch, len)) = code_fence {
            let run = trimmed.chars().take_while(|&c| c == ch).count();
            if run >= len && trimmed[run * ch.len_utf8()..].trim().is_empty() {
                code_fence = None;
            }
            push_line(&mut p, raw, line_no);
            blank_before = false;
            continue;
        }
        if let Some(c) = ['`', '~'].into_iter().find(|&c| trimmed.starts_with(c)) {
            let run = trimmed.chars().take_while(|&x| x == c).count();
            if run >= 3 && !(c == '`' && trimmed[run..].contains('`')) {
                code_fence = Some((c, run));
            }
        }
        let fence = if indent <= 3 && code_fence.is_none() { fence_of(trimmed, &open) } else { None };
        let Some(fence) = fence else {
            blank_before = trimmed.is_empty();
            push_line(&mut p, raw, line_no);
            continue;
        };
        let fence = match fence {
            Ok(f) => f,
            Err((message, help)) => {
                p.problems.push(Problem { line: line_no, message, help, warning: false });
                blank_before = trimmed.is_empty();
                push_line(&mut p, raw, line_no);
                continue;
            }
        };
        match &fence {
            Fence::Open(c) => {
                if let Container::Only { roles } = c {
                    p.only_roles.extend(roles.iter().map(|r| (r.clone(), line_no)));
                }
                open.push((c.clone(), line_no, false));
            }
            Fence::Tab(_) => {
                if let Some(last) = open.last_mut() {
                    last.2 = true;
                }
            }
            Fence::Close => {
                if let Some((Container::Tabs, at, false)) = open.last() {
                    p.problems.push(no_titles(*at));
                }
                open.pop();
            }
        }
        if !blank_before {
            push_line(&mut p, "\n", line_no);
        }
        p.fences.insert(p.body.len(), fence);
        push_line(&mut p, trimmed, line_no);
        push_line(&mut p, "\n\n", line_no);
        blank_before = true;
    }
    let end = p.lines.last().copied().unwrap_or(1);
    while let Some((c, at, titled)) = open.pop() {
        if c == Container::Tabs && !titled {
            p.problems.push(no_titles(at));
        }
        p.problems.push(Problem {
            line: at,
            message: format!("`::: {}` is never closed", name(&c)),
            help: "add a line `:::` where the block ends (`:::` closes the innermost open block)".into(),
            warning: false,
        });
        // Closed at the end, so that the page's HTML stays well formed.
        if !p.body.ends_with("\n\n") {
            let gap = if p.body.ends_with('\n') { "\n" } else { "\n\n" };
            push_line(&mut p, gap, end);
        }
        p.fences.insert(p.body.len(), Fence::Close);
        push_line(&mut p, ":::\n", end);
    }
    p
}

fn no_titles(line: u32) -> Problem {
    Problem {
        line,
        message: "`::: tabs` has no tab titles".into(),
        help: "start each tab with a line `== TITLE` (for example `== Clinic staff`), with a blank line after it"
            .into(),
        warning: false,
    }
}

/// Appends `text` and notes, for each line it ends, which original line it came from.
fn push_line(p: &mut Prepared, text: &str, line: u32) {
    p.body.push_str(text);
    let ends = text.matches('\n').count();
    p.lines.extend(std::iter::repeat_n(line, ends));
}

/// The name of a container as written after `:::`.
pub fn name(c: &Container) -> &'static str {
    match c {
        Container::Steps => "steps",
        Container::Tabs => "tabs",
        Container::Details { .. } => "details",
        Container::Only { .. } => "only",
    }
}

type FenceResult = Result<Fence, (String, String)>;

/// Reads a trimmed line as a fence: `None` when it is ordinary text.
fn fence_of(line: &str, open: &[(Container, u32, bool)]) -> Option<FenceResult> {
    if let Some(title) = line.strip_prefix("==")
        && matches!(open.last(), Some((Container::Tabs, ..)))
        && !title.starts_with('=')
    {
        let title = title.trim();
        if title.is_empty() {
            return Some(Err((
                "a tab title `==` with no title".into(),
                "write the tab's title after `==` (`== School nurse`)".into(),
            )));
        }
        return Some(Ok(Fence::Tab(title.to_string())));
    }
    let rest = line.strip_prefix(":::")?;
    let rest = rest.trim_start_matches(':').trim();
    if rest.is_empty() {
        if open.is_empty() {
            return Some(Err((
                "`:::` closes no open block".into(),
                "remove it, or open a block above with `::: steps`, `::: tabs`, `::: details TITLE` or `::: only roles=\"ROLE\"`".into(),
            )));
        }
        return Some(Ok(Fence::Close));
    }
    let (word, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let args = args.trim();
    Some(match word {
        "steps" => Ok(Fence::Open(Container::Steps)),
        "tabs" => Ok(Fence::Open(Container::Tabs)),
        "details" if args.is_empty() => Err((
            "`::: details` needs a title".into(),
            "write the line a reader clicks to open it: `::: details Why is my account locked?`".into(),
        )),
        "details" => Ok(Fence::Open(Container::Details { summary: args.to_string() })),
        "only" => only_roles(args).map(|roles| Fence::Open(Container::Only { roles })),
        other => {
            let help = match crate::explain::nearest(other, NAMES.iter().copied()) {
                Some(near) => format!("did you mean `::: {near}`? docent's blocks are {}", NAMES.join(", ")),
                None => format!("docent's blocks are {}", NAMES.join(", ")),
            };
            Err((format!("unknown block `::: {other}`"), help))
        }
    })
}

/// `roles="school nurse"`, `roles="clinic staff, school nurse"` or `role=nurse`.
fn only_roles(args: &str) -> Result<Vec<String>, (String, String)> {
    let help = "write the audiences as pages declare them in `roles`: `::: only roles=\"school nurse\"` (several: \
                `roles=\"clinic staff, school nurse\"`)";
    let value = args
        .strip_prefix("roles")
        .or_else(|| args.strip_prefix("role"))
        .map(str::trim_start)
        .and_then(|v| v.strip_prefix('='))
        .map(|v| v.trim().trim_matches(|c| c == '"' || c == '\''));
    let Some(value) = value else {
        return Err(("`::: only` needs the roles it is for".into(), help.into()));
    };
    let roles: Vec<String> = value.split(',').map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).collect();
    if roles.is_empty() {
        return Err(("`::: only` names no role".into(), help.into()));
    }
    Ok(roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched() {
        let p = prepare("# A\n\nText.\n");
        assert_eq!(p.body, "# A\n\nText.\n");
        assert!(p.fences.is_empty() && p.problems.is_empty());
    }

    #[test]
    fn fences_become_paragraphs_and_lines_map_back() {
        let p = prepare("Intro\n::: details Why?\nBecause.\n:::\nAfter\n");
        assert_eq!(p.body, "Intro\n\n::: details Why?\n\nBecause.\n\n:::\n\nAfter\n");
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let mut fences: Vec<_> = p.fences.iter().collect();
        fences.sort_by_key(|f| f.0);
        assert_eq!(*fences[0].1, Fence::Open(Container::Details { summary: "Why?".into() }));
        assert_eq!(&p.body[*fences[1].0..*fences[1].0 + 3], ":::");
        // "After" is line 9 of the prepared text and line 5 of the page.
        assert_eq!(p.original_line(9), 5);
        assert_eq!(p.original_line(5), 3);
    }

    #[test]
    fn fences_in_code_are_text() {
        let p = prepare("```\n::: nonsense\n```\n");
        assert!(p.fences.is_empty() && p.problems.is_empty());
    }

    #[test]
    fn tabs_titles_and_nesting() {
        let p = prepare("::: tabs\n== Clinic staff\n::: steps\n1. Go\n:::\n== School nurse\nText\n:::\n");
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let tabs = p.fences.values().filter(|f| matches!(f, Fence::Tab(_))).count();
        assert_eq!(tabs, 2);
        assert_eq!(p.fences.values().filter(|f| **f == Fence::Close).count(), 2);
    }

    #[test]
    fn unclosed_blocks_are_errors_at_their_line_and_closed_at_the_end() {
        let p = prepare("Text\n\n::: steps\n1. Go\n");
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, 3);
        assert_eq!(p.problems[0].message, "`::: steps` is never closed");
        assert!(p.body.ends_with("\n\n:::\n"), "{:?}", p.body);
    }

    #[test]
    fn tabs_without_titles_unknown_names_and_stray_closes() {
        let p = prepare("::: tabs\nJust text\n:::\n");
        assert_eq!(p.problems[0].message, "`::: tabs` has no tab titles");
        assert_eq!(p.problems[0].line, 1);
        let p = prepare("\n::: step\n1. x\n:::\n");
        assert_eq!(p.problems[0].message, "unknown block `::: step`");
        assert!(p.problems[0].help.contains("did you mean `::: steps`"), "{}", p.problems[0].help);
        assert_eq!(p.problems[0].line, 2);
        let p = prepare(":::\n");
        assert_eq!(p.problems[0].message, "`:::` closes no open block");
    }

    #[test]
    fn only_reads_quoted_and_listed_roles() {
        let p = prepare("::: only roles=\"clinic staff, school nurse\"\nx\n:::\n");
        assert_eq!(
            p.fences.values().find(|f| matches!(f, Fence::Open(_))),
            Some(&Fence::Open(Container::Only { roles: vec!["clinic staff".into(), "school nurse".into()] }))
        );
        assert_eq!(p.only_roles, vec![("clinic staff".into(), 1), ("school nurse".into(), 1)]);
        let p = prepare("::: only\nx\n:::\n");
        assert_eq!(p.problems[0].message, "`::: only` needs the roles it is for");
    }
}
