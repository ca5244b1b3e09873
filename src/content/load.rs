//! Reads the site folder into a `Site`. The only file reading of a build happens here.

use super::frontmatter;
use super::model::{Asset, Page, Site};
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostics::{Diagnostic, Span};
use crate::slug::slugify;
use anyhow::Context as _;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Reads the site at `root`. I/O failures (an unreadable folder) are `Err`; content problems
/// are diagnostics, and the site is still returned with whatever could be read.
pub fn load_site(root: &Path) -> anyhow::Result<(Site, Vec<Diagnostic>)> {
    load(root, false)
}

/// `load_site`, leaving each page's body on disk once its front matter and first heading are
/// read (`Page::body_on_disk`): render reads it again, one page at a time, so that a build never
/// holds every page's Markdown (issue 21). Pages that an `::include[...]` names keep theirs
/// (other pages read it while they render). For `docent build`; `serve` and `check` keep the
/// bodies, which they read more than once.
pub fn load_site_leaving_bodies(root: &Path) -> anyhow::Result<(Site, Vec<Diagnostic>)> {
    load(root, true)
}

fn load(root: &Path, leave_bodies: bool) -> anyhow::Result<(Site, Vec<Diagnostic>)> {
    let _t = crate::timing::stage("load");
    let mut diags = Vec::new();
    let root = site_root(root)?;
    let config = match std::fs::read(root.join(CONFIG_FILE)) {
        Ok(bytes) => match decode(CONFIG_FILE, &bytes) {
            Ok(text) => {
                let (config, problems) = Config::parse_all(&text);
                diags.extend(problems);
                config
            }
            Err(d) => {
                diags.push(d);
                Config::default()
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
        Err(e) => return Err(e).with_context(|| format!("reading {CONFIG_FILE}")),
    };
    let mut site = Site { root: root.clone(), config, ..Default::default() };

    let (markdown, others): (Vec<Found>, Vec<Found>) =
        walk(&root, "content", &mut diags).into_iter().partition(|file| file.rel.ends_with(".md"));
    // Pages are read and their front matter parsed in parallel (a tenth of a 10,000-page build
    // when serial), then kept in the walk's order.
    type Read = (Option<Page>, Vec<Diagnostic>, Vec<String>);
    let read: Vec<Read> = markdown
        .par_iter()
        .map(|file| {
            let bytes = std::fs::read(&file.path).with_context(|| format!("reading {}", file.source))?;
            let mut found = Vec::new();
            let mut page = read_page(file, &bytes, &mut found);
            let mut includes = Vec::new();
            if let Some(page) = page.as_mut().filter(|_| leave_bodies) {
                includes = crate::markdown::include::named_paths(&page.body).collect();
                page.body = String::new();
                page.body_on_disk = Some(page.digest);
            }
            Ok((page, found, includes))
        })
        .collect::<anyhow::Result<_>>()?;
    let mut included: std::collections::HashSet<String> = std::collections::HashSet::new();
    // At its size: a page is half a kilobyte, and the room a growing list leaves (up to half
    // of it) stays for the whole build.
    site.pages.reserve_exact(read.len());
    for (page, found, includes) in read {
        diags.extend(found);
        site.pages.extend(page);
        included.extend(includes);
    }
    for file in others {
        let output = asset_output_path(&file.rel);
        site.assets.push(asset(file, output));
    }
    for file in walk(&root, "static", &mut diags) {
        let output = file.rel.clone();
        site.assets.push(asset(file, output));
    }
    for file in walk(&root, "templates", &mut diags) {
        let bytes = std::fs::read(&file.path).with_context(|| format!("reading {}", file.source))?;
        match decode(&file.source, &bytes) {
            Ok(text) => {
                site.template_files.insert(file.rel.clone(), file.source);
                site.templates.insert(file.rel, text);
            }
            Err(d) => diags.push(d),
        }
    }
    let theme_dir = format!("themes/{}", site.config.theme);
    for file in walk(&root, &format!("{theme_dir}/static"), &mut diags) {
        let bytes = std::fs::read(&file.path).with_context(|| format!("reading {}", file.source))?;
        site.theme_static.insert(file.rel, bytes);
    }
    for file in walk(&root, &format!("{theme_dir}/templates"), &mut diags) {
        let bytes = std::fs::read(&file.path).with_context(|| format!("reading {}", file.source))?;
        match decode(&file.source, &bytes) {
            Ok(text) => {
                if !site.templates.contains_key(&file.rel) {
                    site.template_files.insert(file.rel.clone(), file.source);
                    site.templates.insert(file.rel, text);
                }
            }
            Err(d) => diags.push(d),
        }
    }
    let settings = crate::videos::assemble::VideoSettings {
        language: &site.config.language,
        allowed_hosts: &site.config.videos.allowed_hosts,
    };
    let (videos, video_files) = super::videos::load_videos(&root, &settings, &mut diags)?;
    site.videos = videos;
    site.assets.extend(video_files);
    site.pages.sort_by(|a, b| a.source.cmp(&b.source));
    site.assets.sort_by(|a, b| a.output.cmp(&b.output));
    let mut snippets = Vec::new();
    for file in walk(&root, "snippets", &mut diags) {
        if file.rel.ends_with(".md") {
            let bytes = std::fs::read(&file.path).with_context(|| format!("reading {}", file.source))?;
            match decode(&file.source, &bytes) {
                Ok(text) => snippets.push((file.source, text)),
                Err(d) => diags.push(d),
            }
        }
    }
    let glossary = match super::toolkit::read_glossary(&root)? {
        Some(bytes) => match decode(crate::markdown::glossary::GLOSSARY_FILE, &bytes) {
            Ok(text) => Some(text),
            Err(d) => {
                diags.push(d);
                None
            }
        },
        None => None,
    };
    if leave_bodies {
        included.extend(snippets.iter().flat_map(|(_, text)| crate::markdown::include::named_paths(text)));
        for page in site.pages.iter_mut().filter(|p| included.contains(p.rel.as_str())) {
            if let Some(digest) = page.body_on_disk.take() {
                match read_body(&root, &page.source, digest) {
                    Ok(body) => page.body = body,
                    Err(d) => diags.push(d),
                }
            }
        }
    }
    super::toolkit::load(&mut site, snippets, glossary, &mut diags);
    Ok((site, diags))
}

/// The body of the page at `source` (under `root`), read again as `load_site` read it, if the
/// file's text still has `digest` (`Page::body_on_disk`); else an error naming the file: it
/// changed while docent was building, and the page would not match the rest of the site.
pub fn read_body(root: &Path, source: &str, digest: u64) -> Result<String, Diagnostic> {
    let changed = || {
        Diagnostic::error(Span::file(source), "the file changed while docent was building the site")
            .with_help("build again once the file is saved")
    };
    let bytes = std::fs::read(root.join(source)).map_err(|e| {
        Diagnostic::error(Span::file(source), format!("cannot read the file again: {e}"))
            .with_help("check that the file is still there, then build again")
    })?;
    let text = decode(source, &bytes).map_err(|_| changed())?;
    if crate::digest::Digest::of(text.as_bytes()) != digest {
        return Err(changed());
    }
    let split = frontmatter::split(source, &text).map_err(|_| changed())?;
    Ok(split.body.to_string())
}

/// The canonical site folder, or an error saying where `docent.toml` was looked for. Every
/// command that reads a site starts here, so that a wrong folder (a typo in `--root`, a build
/// started one folder too high) fails before anything is read or written, instead of building
/// an empty site over an existing `public/` or passing `check` with 0 pages.
pub fn site_root(root: &Path) -> anyhow::Result<PathBuf> {
    let shown = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let Ok(canonical) = root.canonicalize() else {
        anyhow::bail!(
            "no {CONFIG_FILE} in {}: the folder does not exist\n  = help: pass the site's folder with --root DIR, or create a site with `docent new DIR`",
            shown.display()
        );
    };
    if !canonical.join(CONFIG_FILE).is_file() {
        anyhow::bail!(
            "no {CONFIG_FILE} in {}: this is not a docent site (looked for {})\n  = help: run docent in the site's folder or pass it with --root DIR; `docent new DIR` creates a site",
            shown.display(),
            shown.join(CONFIG_FILE).display()
        );
    }
    Ok(canonical)
}

/// A file found under one of the site's folders.
struct Found {
    path: PathBuf,
    /// Relative to the site root (`content/a/b.md`).
    source: String,
    /// Relative to the folder walked (`a/b.md`).
    rel: String,
}

/// Lists the files under `root/dir`, in name order. Hidden and editor temporary files are
/// skipped; symlinks that leave the site are skipped with a warning; loops are errors.
fn walk(root: &Path, dir: &str, diags: &mut Vec<Diagnostic>) -> Vec<Found> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let walker = WalkDir::new(&base).follow_links(true).sort_by_file_name().into_iter();
    let mut outside: Vec<String> = Vec::new();
    let walker = walker.filter_entry(|e| {
        if e.depth() > 0 && is_ignored(&e.file_name().to_string_lossy()) {
            return false;
        }
        if e.path_is_symlink() && leaves_site(root, e.path()) {
            outside.push(relative(root, e.path()));
            return false;
        }
        true
    });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let source = relative(root, e.path());
                let rel = relative(&base, e.path());
                found.push(Found { path: e.path().to_path_buf(), source, rel });
            }
            Ok(_) => {}
            Err(e) => {
                let at = e.path().map(|p| relative(root, p)).unwrap_or_else(|| dir.to_string());
                let d = if e.loop_ancestor().is_some() {
                    Diagnostic::error(Span::file(at), "symlink loop: this link points at a folder that contains it")
                        .with_help("remove the symlink or point it somewhere else")
                } else {
                    Diagnostic::error(Span::file(at), format!("cannot read: {e}"))
                        .with_help("check the file's permissions")
                };
                diags.push(d);
            }
        }
    }
    diags.extend(outside.into_iter().map(symlink_outside));
    found
}

/// True when the symlink at `path` points outside the site (`root`, canonical) or nowhere: such
/// links are not followed, so that no file from elsewhere on the machine is read or published.
pub fn leaves_site(root: &Path, path: &Path) -> bool {
    !path.canonicalize().is_ok_and(|target| target.starts_with(root))
}

/// The warning for a symlink that `leaves_site` (`source` relative to the site root).
pub fn symlink_outside(source: String) -> Diagnostic {
    Diagnostic::warning(Span::file(source), "symlink points outside the site; not followed")
        .with_help("copy the file into the site instead of linking to it")
}

/// Names the loader skips: hidden files and editors' backup, swap and temporary files.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.starts_with("#")
}

fn relative(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn asset(file: Found, output: String) -> Asset {
    let dimensions = if file.path.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")) {
        svg_head(&file.path).and_then(|head| super::svg::size(&head))
    } else {
        imagesize::size(&file.path).ok().map(|s| (s.width as u32, s.height as u32))
    };
    Asset { path: file.path, source: file.source, output, dimensions }
}

/// The first 4 KB of an SVG file, where its root element is (not the whole drawing).
fn svg_head(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path).ok()?.take(4096).read_to_end(&mut head).ok()?;
    Some(String::from_utf8_lossy(&head).into_owned())
}

/// Assets beside pages keep their file name; their folders are slugged like page URLs.
fn asset_output_path(rel: &str) -> String {
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    let name = parts.pop().unwrap_or_default();
    let mut out: Vec<String> = parts.iter().map(|p| slugify(p)).collect();
    out.push(name);
    out.join("/")
}

/// Text of a file: UTF-8 required, BOM dropped, CRLF turned into LF.
pub fn decode(source: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        Diagnostic::error(Span::new(source, line, 1), "the file is not valid UTF-8")
            .with_help("save the file with UTF-8 encoding")
    })?;
    Ok(if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_string() })
}

fn read_page(file: &Found, bytes: &[u8], diags: &mut Vec<Diagnostic>) -> Option<Page> {
    let text = match decode(&file.source, bytes) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    if text.len() > LARGE_PAGE {
        let mb = text.len() as f64 / (1024.0 * 1024.0);
        diags.push(
            Diagnostic::warning(
                Span::file(&file.source),
                format!("this page is {mb:.1} MB: pages over 1 MB are unusually large, slow to open and to build"),
            )
            .with_help("split it into several pages (a section with one page per topic)"),
        );
    }
    let mut page = read_page_text(&file.source, &file.rel, &text, diags)?;
    page.modified = std::fs::metadata(&file.path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs());
    Some(page)
}

/// The size above which a Markdown file gets a warning (documented in the README). Such a page
/// still builds; its build takes several times its size in memory.
pub const LARGE_PAGE: usize = 1024 * 1024;

/// Reads one Markdown file of `content/` again (for `serve`), exactly as `load_site` would.
/// `source` is relative to the site root (`content/a/b.md`); `root` must be canonical.
pub fn load_page(root: &Path, source: &str, diags: &mut Vec<Diagnostic>) -> anyhow::Result<Option<Page>> {
    let path = root.join(source);
    let rel = source.strip_prefix("content/").unwrap_or(source).to_string();
    let bytes = std::fs::read(&path).with_context(|| format!("reading {source}"))?;
    Ok(read_page(&Found { path, source: source.to_string(), rel }, &bytes, diags))
}

/// Describes one asset file again (for `serve`): under `content/` beside pages, or `static/`.
pub fn load_asset(root: &Path, source: &str) -> Option<Asset> {
    let (output, path) = if let Some(rel) = source.strip_prefix("content/") {
        (asset_output_path(rel), root.join(source))
    } else {
        (source.strip_prefix("static/")?.to_string(), root.join(source))
    };
    let rel = output.clone();
    Some(asset(Found { path, source: source.to_string(), rel }, output))
}

/// Builds a `Page` from a Markdown file's text (pure; used by tests and by `serve`), failing
/// on the first error. Warnings are dropped; `read_page_text` keeps them.
pub fn page_from_text(source: &str, rel: &str, text: &str) -> Result<Page, Diagnostic> {
    let mut diags = Vec::new();
    let page = read_page_text(source, rel, text, &mut diags);
    let unknown = page.iter().flat_map(|p| p.unknown_keys.iter());
    match diags.iter().chain(unknown).find(|d| d.is_error()) {
        Some(d) => Err(d.clone()),
        None => page.ok_or_else(|| Diagnostic::error(Span::file(source), "unreadable page")),
    }
}

/// Builds a `Page` from a Markdown file's text, with every problem of its front matter in
/// `diags`. A page whose front matter has errors is still returned (with those fields at their
/// defaults), so that links to it do not add errors of their own; the errors fail the build.
pub fn read_page_text(source: &str, rel: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Page> {
    if text.trim().is_empty() {
        diags
            .push(Diagnostic::error(Span::file(source), "the file is empty").with_help(
                "add front matter with a title (+++ title = \"...\" +++) and some text, or delete the file",
            ));
        return None;
    }
    let split = match frontmatter::split(source, text) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let (front, key_lines, unknown_keys) = match &split.front {
        Some(block) => {
            diags.extend(frontmatter::late_fence_warning(source, block));
            let parsed = frontmatter::parse(source, block);
            diags.extend(parsed.problems);
            (parsed.front, frontmatter::key_lines(block), parsed.unknown_keys)
        }
        None => (Default::default(), Default::default(), Vec::new()),
    };
    let is_section = rel == "_index.md" || rel.ends_with("/_index.md");
    let front_digest = crate::digest::of_serialized(&(&front, &key_lines));
    Some(Page {
        source: source.to_string(),
        rel: rel.to_string(),
        is_section,
        front,
        key_lines,
        unknown_keys,
        body: split.body.to_string(),
        body_line: split.body_line,
        heading_title: heading_title(split.body),
        generated: false,
        digest: crate::digest::Digest::of(text.as_bytes()),
        translation: None,
        fallback: false,
        modified: None,
        body_on_disk: None,
        front_digest,
    })
}

/// The text of an ATX `# heading` on the first non-blank line of `body` (closing `#`s and a
/// `{#id}` dropped), found without parsing the whole page.
fn heading_title(body: &str) -> Option<String> {
    let first = body.lines().find(|l| !l.trim().is_empty())?;
    let rest = first.strip_prefix("# ").or_else(|| first.strip_prefix("#\t"))?;
    let rest = match rest.trim_end().rsplit_once("{#") {
        Some((before, id)) if id.ends_with('}') => before,
        _ => rest,
    };
    let text = rest.trim().trim_end_matches('#').trim();
    (!text.is_empty()).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_left_on_disk_is_read_again_only_while_the_file_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("docent.toml", "title = \"T\"\n");
        write("content/a.md", "+++\r\ntitle = \"A\"\r\n+++\r\n# Reset\r\n\r\n::include[b.md]\r\n");
        write("content/b.md", "+++\ntitle = \"B\"\n+++\nShared steps.\n");
        write("content/c.md", "+++\ntitle = \"C\"\n+++\nOwn text.\n");
        let (kept, _) = load_site(dir.path()).unwrap();
        let (site, diags) = load_site_leaving_bodies(dir.path()).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        let [a, b, c] = &site.pages[..] else { panic!("{:?}", site.pages) };
        assert_eq!((a.body.as_str(), a.heading_title.as_deref()), ("", Some("Reset")));
        assert_eq!(b.body, "Shared steps.\n", "a page an include names keeps its body");
        assert_eq!((b.body_on_disk, c.body.as_str()), (None, ""));
        for (page, whole) in [a, c].into_iter().zip([&kept.pages[0], &kept.pages[2]]) {
            assert_eq!(read_body(&site.root, &page.source, page.body_on_disk.unwrap()).unwrap(), whole.body);
        }
        write("content/c.md", "+++\ntitle = \"C\"\n+++\nNew text.\n");
        let e = read_body(&site.root, "content/c.md", c.body_on_disk.unwrap()).unwrap_err();
        assert_eq!(e.span.as_ref().unwrap().file, "content/c.md");
        assert!(e.message.contains("changed while docent was building"), "{}", e.message);
        std::fs::remove_file(dir.path().join("content/c.md")).unwrap();
        let e = read_body(&site.root, "content/c.md", c.body_on_disk.unwrap()).unwrap_err();
        assert!(e.message.starts_with("cannot read the file again"), "{}", e.message);
    }

    #[test]
    fn crlf_and_bom_decode_like_lf() {
        assert_eq!(decode("a", b"\xEF\xBB\xBFa\r\nb\r\n").unwrap(), "a\nb\n");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let e = decode("content/a.md", b"ok\nok\n\xff").unwrap_err();
        assert_eq!(e.span.unwrap().line, 3);
    }

    #[test]
    fn heading_title_is_a_first_line_h1_only() {
        assert_eq!(heading_title("\n# The `docent` tool #\nText").as_deref(), Some("The `docent` tool"));
        assert_eq!(heading_title("# Install {#setup}\n").as_deref(), Some("Install"));
        assert_eq!(heading_title("Intro\n# Later\n"), None);
        assert_eq!(heading_title("## Two\n"), None);
        assert_eq!(heading_title("#hashtag\n"), None);
    }

    #[test]
    fn empty_file_is_an_error() {
        assert!(page_from_text("content/a.md", "a.md", " \n").unwrap_err().message.contains("empty"));
    }
}
