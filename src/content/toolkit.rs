//! Loading what the authoring toolkit reads besides pages: `snippets/` (Markdown that pages
//! include, not published), `glossary.toml`, and each source file's last commit date from git
//! (one `git log` walk per load, so a build costs one process, not one per page).
//!
//! Git is asked here, at the edge, and its answer is plain data in the `Site`: the pipeline
//! stays pure, and the same checkout builds the same bytes. Outside git, pages have no date
//! unless `SOURCE_DATE_EPOCH` (reproducible builds' convention) or front matter `updated` gives
//! one.

use super::model::Site;
use crate::diagnostics::{Diagnostic, Span};
use crate::markdown::glossary::{GLOSSARY_FILE, Glossary};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Reads `snippets/*.md`, `glossary.toml`, the commit dates and `SOURCE_DATE_EPOCH` into `site`.
pub fn load(site: &mut Site, snippets: Vec<(String, String)>, glossary: Option<String>, diags: &mut Vec<Diagnostic>) {
    site.snippets = snippets.into_iter().collect();
    if let Some(text) = glossary {
        let (g, problems) = Glossary::parse(&text);
        site.glossary = g;
        diags.extend(problems);
    }
    site.commit_dates = std::sync::Arc::new(commit_dates(&site.root));
    site.build_date = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| epoch_date(&s));
    for page in &site.pages {
        if let Some(d) = &page.front.updated
            && !is_date(d)
        {
            diags.push(
                Diagnostic::error(
                    Span::new(&page.source, page.key_line("updated"), 1),
                    format!("front matter: `updated` must be a date, YYYY-MM-DD; found `{d}`"),
                )
                .with_help("write updated = 2026-03-01"),
            );
        }
    }
}

/// The glossary file's text, if the site has one.
pub fn read_glossary(root: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    match std::fs::read(root.join(GLOSSARY_FILE)) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(anyhow::Error::new(e).context(format!("reading {GLOSSARY_FILE}"))),
    }
}

/// Source path (from the site root) -> date of the last commit that touched it, for files
/// under `content/` and `snippets/`. Empty when the site is not in git or git is missing.
fn commit_dates(root: &Path) -> BTreeMap<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["log", "--relative", "--name-only", "--no-renames", "--format=%x01%cs", "--", "content", "snippets"])
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    match output {
        Ok(o) if o.status.success() => parse_log(&String::from_utf8_lossy(&o.stdout)),
        _ => BTreeMap::new(),
    }
}

/// Reads `git log --name-only --format=%x01%cs`: newest commit first, so a file's first
/// appearance is its last change.
fn parse_log(log: &str) -> BTreeMap<String, String> {
    let mut dates = BTreeMap::new();
    let mut date = "";
    for line in log.lines() {
        if let Some(d) = line.strip_prefix('\u{1}') {
            date = d.trim();
        } else if !line.is_empty() && !date.is_empty() {
            let name = unquote(line);
            dates.entry(name).or_insert_with(|| date.to_string());
        }
    }
    dates
}

/// Git quotes names with unusual bytes (`"caf\303\251.md"`): undo it.
fn unquote(name: &str) -> String {
    let Some(inner) = name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) else { return name.to_string() };
    let mut bytes = Vec::new();
    let mut chars = inner.bytes().peekable();
    while let Some(b) = chars.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match chars.next() {
            Some(d @ b'0'..=b'7') => {
                let mut v = u32::from(d - b'0');
                for _ in 0..2 {
                    if let Some(&n @ b'0'..=b'7') = chars.peek() {
                        v = v * 8 + u32::from(n - b'0');
                        chars.next();
                    }
                }
                bytes.push(v as u8);
            }
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(other) => bytes.push(other),
            None => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `YYYY-MM-DD` of a Unix time in seconds (UTC).
fn epoch_date(secs: &str) -> Option<String> {
    let secs: i64 = secs.trim().parse().ok()?;
    let days = secs.div_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (0..=9999).contains(&year).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// True for `YYYY-MM-DD` with a plausible month and day.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u32>().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_each_file_gives_its_date() {
        let log = "\u{1}2026-03-02\n\ncontent/a.md\n\n\u{1}2026-01-05\n\ncontent/a.md\n\"content/caf\\303\\251.md\"\n";
        let dates = parse_log(log);
        assert_eq!(dates["content/a.md"], "2026-03-02");
        assert_eq!(dates["content/café.md"], "2026-01-05");
    }

    #[test]
    fn source_date_epoch_is_a_utc_date() {
        assert_eq!(epoch_date("0").as_deref(), Some("1970-01-01"));
        assert_eq!(epoch_date("1764547200").as_deref(), Some("2025-12-01"));
        assert_eq!(epoch_date("soon"), None);
        assert!(is_date("2026-02-28") && !is_date("2026-13-01") && !is_date("yesterday"));
    }
}
