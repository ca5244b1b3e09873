//! Output: the built site as an in-memory tree, and writing it to disk atomically.
//!
//! `OutputTree` maps output paths to bytes (or to a file to copy, for assets). `write_atomically`
//! writes it to a fresh folder beside the destination and swaps it in at the end, so a failed
//! write leaves the previous output as it was. `serve` answers from the tree without writing.

mod collisions;
mod staged;
pub use collisions::add_assets;
pub use staged::{Staged, StagingFiles};

use anyhow::{Context as _, bail};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// File contents that builds can share: `serve` keeps the pages a change did not touch from one
/// build to the next without copying them (and comparing two shared copies is a pointer check).
pub type SharedBytes = Arc<Vec<u8>>;

/// One output file.
#[derive(Debug, Clone)]
pub enum OutputFile {
    Bytes(SharedBytes),
    /// Copied from this path when written (assets, videos).
    Copy(PathBuf),
    /// Already in the staging folder: a page `docent build` wrote while rendering
    /// (`Staging::stream`), whose bytes were not kept.
    Written,
    /// On disk in `docent serve`'s staging files (`staged`): a page or print page, read back
    /// when a browser asks for it.
    Staged(Staged),
}

/// Files are equal when they hold the same bytes: kept bytes and staged ones compare by length
/// and digest, copies by their source.
impl PartialEq for OutputFile {
    fn eq(&self, other: &OutputFile) -> bool {
        use OutputFile::*;
        let same = |b: &[u8], s: &staged::Staged| b.len() == s.len() && crate::digest::Digest::of(b) == s.digest();
        match (self, other) {
            (Bytes(a), Bytes(b)) => a == b,
            (Copy(a), Copy(b)) => a == b,
            (Written, Written) => true,
            (Staged(a), Staged(b)) => a == b,
            (Bytes(b), Staged(s)) | (Staged(s), Bytes(b)) => same(b, s),
            _ => false,
        }
    }
}

/// The whole built site: output path (`login/reset/index.html`) -> file. Sorted, so writing and
/// listing are deterministic.
#[derive(Debug, Default, Clone)]
pub struct OutputTree {
    pub files: BTreeMap<String, OutputFile>,
    /// The headers its files need from a server (`docent serve` sends them; `_headers` in
    /// `files` holds the same for static hosts).
    pub headers: crate::derive::headers::ResponseHeaders,
}

impl OutputTree {
    pub fn insert_bytes(&mut self, path: impl Into<String>, bytes: Vec<u8>) {
        self.insert_shared(path, Arc::new(bytes));
    }

    pub fn insert_shared(&mut self, path: impl Into<String>, bytes: SharedBytes) {
        self.files.insert(path.into(), OutputFile::Bytes(bytes));
    }

    /// The bytes of a file (reading copied files from disk).
    pub fn read(&self, path: &str) -> Option<std::io::Result<Vec<u8>>> {
        self.files.get(path).map(|f| match f {
            OutputFile::Bytes(b) => Ok(b.to_vec()),
            OutputFile::Copy(p) => std::fs::read(p),
            OutputFile::Written => Err(std::io::Error::other(format!("{path} was written while rendering, not kept"))),
            OutputFile::Staged(s) => s.read(),
        })
    }
}

impl OutputTree {
    /// The digest (`digest::Digest`) of every file's bytes, by path, reading copied files from
    /// disk in full-buffer chunks (so the digest does not depend on how the reads fall).
    pub fn digests(&self) -> anyhow::Result<BTreeMap<String, u64>> {
        self.files
            .par_iter()
            .map(|(path, file)| {
                let digest = match file {
                    OutputFile::Bytes(b) => crate::digest::Digest::of(b),
                    OutputFile::Copy(p) => digest_file(p).with_context(|| format!("reading {}", p.display()))?,
                    OutputFile::Written => bail!("{path} was written while rendering, not kept"),
                    OutputFile::Staged(s) => s.digest(),
                };
                Ok((path.clone(), digest))
            })
            .collect()
    }
}

fn digest_file(path: &Path) -> std::io::Result<u64> {
    use std::hash::Hasher;
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut digest = crate::digest::Digest::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let mut filled = 0;
        while filled < buf.len() {
            match file.read(&mut buf[filled..])? {
                0 => break,
                n => filled += n,
            }
        }
        digest.write(&buf[..filled]);
        if filled < buf.len() {
            return Ok(digest.finish());
        }
    }
}

/// Refuses an output folder that would destroy the site (the site folder itself, a folder
/// containing it, or a folder inside one of the site's source folders) or files docent did not
/// write: an existing output folder is replaced only when it is empty or holds the URL manifest
/// (`.docent/urls.json`) that every docent build writes, which marks it as a previous build.
pub fn check_output_dir(root: &Path, output: &Path) -> anyhow::Result<()> {
    let root = root.canonicalize().with_context(|| format!("reading {}", root.display()))?;
    let out = absolute(output)?;
    if root.starts_with(&out) {
        bail!(
            "the output folder {} is, or contains, the site folder; choose another, such as {}",
            output.display(),
            root.join("public").display()
        );
    }
    for source in ["content", "static", "templates", "themes", "videos"] {
        let dir = root.join(source);
        if out.starts_with(&dir) {
            bail!(
                "the output folder {} is inside the site's {source}/ folder; choose another, such as {}",
                output.display(),
                root.join("public").display()
            );
        }
    }
    check_replaceable(output)
}

/// The marker of a folder docent built: the URL manifest that every build writes (older builds
/// carry it too).
const MARKER: &str = crate::derive::urls::MANIFEST_PATH;

/// The list of every file a build wrote, one output path a line, written with the build: the
/// next build replaces the folder only if it holds nothing else.
pub const FILES: &str = ".docent/files";

/// Refuses to replace an existing folder that is neither empty nor a previous docent build, or
/// a previous build to which files were added since (a `CNAME`, notes): replacing it would
/// delete them. A build from before `FILES` existed is replaced as a whole.
fn check_replaceable(output: &Path) -> anyhow::Result<()> {
    let meta = match std::fs::symlink_metadata(output) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", output.display())),
    };
    if !meta.is_dir() {
        bail!(
            "the output {} is a file or a symlink, not a folder that docent built; nothing was written\n  = help: \
             choose another --output, or move it away yourself",
            output.display()
        );
    }
    let mut entries = std::fs::read_dir(output).with_context(|| format!("reading {}", output.display()))?;
    if entries.next().is_none() {
        return Ok(());
    }
    if let Ok(list) = std::fs::read_to_string(output.join(FILES)) {
        let added = files_not_listed(output, &list)?;
        if added.is_empty() {
            return Ok(());
        }
        let shown: Vec<&str> = added.iter().take(5).map(String::as_str).collect();
        let more =
            if added.len() > shown.len() { format!(" and {} more", added.len() - shown.len()) } else { String::new() };
        bail!(
            "the output folder {} holds {} file(s) that docent did not write ({}{more}), and a build would replace \
             them; nothing was written\n  = help: put files that belong in the site (such as CNAME) in static/, which \
             every build copies, and move the others out of the output folder",
            output.display(),
            added.len(),
            shown.join(", ")
        );
    }
    if output.join(MARKER).is_file() {
        return Ok(());
    }
    bail!(
        "the output folder {} holds files that docent did not write (it has no {MARKER}), and a build would \
         replace them; nothing was written\n  = help: choose another --output, or empty or remove that folder \
         yourself if its files are not needed",
        output.display()
    )
}

/// The files under `output` (relative, `/`-separated, sorted) that `list` does not name.
fn files_not_listed(output: &Path, list: &str) -> anyhow::Result<Vec<String>> {
    let known: std::collections::HashSet<&str> = list.lines().collect();
    let mut added = Vec::new();
    for entry in walkdir::WalkDir::new(output).min_depth(1) {
        let entry = entry.with_context(|| format!("reading {}", output.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(output).unwrap_or(entry.path());
        let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        if rel != FILES && !known.contains(rel.as_str()) {
            added.push(rel);
        }
    }
    added.sort();
    Ok(added)
}

/// The absolute form of a path that may not exist yet (its existing parent canonicalised).
fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    let path = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut existing = path.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for part in rest.iter().rev() {
        out.push(part);
    }
    Ok(out)
}

/// Writes the tree to `dest` atomically: into a temporary folder beside it, then swapped in.
/// On any error the temporary folder is removed and `dest` is untouched.
pub fn write_atomically(tree: &OutputTree, dest: &Path) -> anyhow::Result<()> {
    let mut staging = Staging::new(dest)?;
    staging.write(tree)?;
    staging.commit()
}

/// A temporary folder beside the destination, filled by one or more `write`s (trees with
/// different paths) and swapped in by `commit`. Dropped without `commit` (an error on the way),
/// it is removed and the destination is untouched. `docent build` writes the pages while it
/// derives the search index, then the index, then commits.
pub struct Staging {
    tmp: PathBuf,
    dest: PathBuf,
    committed: bool,
    /// Every file written so far, for the `FILES` list.
    written: std::collections::BTreeSet<String>,
}

impl Staging {
    pub fn new(dest: &Path) -> anyhow::Result<Staging> {
        let parent = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        remove_stopped_builds(parent, &name);
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let marker = tmp.join(BUILDING);
        let dir = marker.parent().expect("BUILDING is in a folder");
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        std::fs::write(&marker, format!("{}\n", std::process::id()))
            .with_context(|| format!("writing {}", marker.display()))?;
        Ok(Staging { tmp, dest: dest.to_path_buf(), committed: false, written: Default::default() })
    }

    pub fn write(&mut self, tree: &OutputTree) -> anyhow::Result<()> {
        self.written.extend(tree.files.keys().cloned());
        write_tree(tree, &self.tmp)
    }

    /// The staging folder (docent's own until `commit`).
    pub fn dir(&self) -> &Path {
        &self.tmp
    }

    /// A writer into the staging folder for pages as they are rendered (`render::Sink`); the
    /// tree then lists them as `OutputFile::Written`, so `write` records them without writing.
    pub fn stream(&self) -> StreamWriter<'_> {
        StreamWriter { dir: &self.tmp, error: std::sync::Mutex::new(None) }
    }

    /// Writes the `FILES` list, then swaps the written folder in for the destination (the
    /// previous one is removed after).
    pub fn commit(mut self) -> anyhow::Result<()> {
        let marker = self.tmp.join(BUILDING);
        std::fs::remove_file(&marker).with_context(|| format!("removing {}", marker.display()))?;
        let list = self.tmp.join(FILES);
        let dir = list.parent().expect("FILES is in a folder");
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let text: String = self.written.iter().map(|f| format!("{f}\n")).collect();
        std::fs::write(&list, text).with_context(|| format!("writing {}", list.display()))?;
        let dest = self.dest.clone();
        let parent = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let had_old = dest.exists();
        if had_old {
            std::fs::rename(&dest, &old).with_context(|| format!("moving the previous {} aside", dest.display()))?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &dest) {
            if had_old {
                let _ = std::fs::rename(&old, &dest);
            }
            return Err(e).with_context(|| format!("moving the new build into {}", dest.display()));
        }
        self.committed = true;
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

/// Marks a staging folder as a build's while it runs (`Staging::new` writes it with the
/// process's id, `commit` removes it): what `remove_stopped_builds` looks for.
pub const BUILDING: &str = ".docent/building";

/// Removes the staging folders of builds in `parent` that were stopped before they could
/// (Ctrl+C, a kill, a crash: a 100,000-page build's is 3 GB): a folder is removed only when it is
/// named `.NAME.tmp-PID`, holds `BUILDING`, and no process has that id. Anything else,
/// including the previous output that an interrupted `commit` set aside (`.NAME.old-PID`), is
/// left as it is.
fn remove_stopped_builds(parent: &Path, name: &str) {
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)).and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let path = entry.path();
        let ours = entry.file_type().is_ok_and(|t| t.is_dir()) && path.join(BUILDING).is_file();
        if ours && pid != std::process::id() && !process_runs(pid) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// True when a process has this id (or when that cannot be known).
#[cfg(unix)]
fn process_runs(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return true };
    // SAFETY: signal 0 sends nothing; `kill` only checks that the process exists.
    let sent = unsafe { libc::kill(pid, 0) };
    sent == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_runs(_pid: u32) -> bool {
    true
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Writes files into the staging folder from any thread (`Staging::stream`). Keeps the first
/// error, which `finish` returns; after one, it writes nothing more.
pub struct StreamWriter<'a> {
    dir: &'a Path,
    error: std::sync::Mutex<Option<anyhow::Error>>,
}

impl StreamWriter<'_> {
    pub fn write(&self, path: &str, bytes: &[u8]) {
        if self.error.lock().map_or(true, |e| e.is_some()) {
            return;
        }
        let target = self.dir.join(path);
        let written = match target.parent() {
            Some(parent) => std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display())),
            None => Ok(()),
        }
        .and_then(|()| std::fs::write(&target, bytes).with_context(|| format!("writing {}", target.display())));
        if let (Err(e), Ok(mut first)) = (written, self.error.lock()) {
            first.get_or_insert(e);
        }
    }

    pub fn finish(self) -> anyhow::Result<()> {
        match self.error.into_inner() {
            Ok(None) => Ok(()),
            Ok(Some(e)) => Err(e),
            Err(_) => bail!("a thread writing the pages panicked"),
        }
    }
}

fn write_tree(tree: &OutputTree, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    // Folders first, each once and in order (a parent before its children), then the files in
    // parallel: on a site of thousands of pages most of the time is the file system's, and
    // files in different folders do not wait for each other.
    let files: Vec<(&String, &OutputFile)> =
        tree.files.iter().filter(|(_, file)| !matches!(file, OutputFile::Written)).collect();
    let mut folders: Vec<&str> = files.iter().filter_map(|(p, _)| p.rsplit_once('/').map(|(d, _)| d)).collect();
    folders.dedup();
    let mut made = std::collections::HashSet::new();
    for folder in folders {
        if made.insert(folder) {
            let p = dir.join(folder);
            std::fs::create_dir_all(&p).with_context(|| format!("creating {}", p.display()))?;
        }
    }
    files.par_chunks(64).try_for_each(|chunk| {
        for (path, file) in chunk {
            let target = dir.join(path);
            match file {
                OutputFile::Bytes(b) => {
                    std::fs::write(&target, b.as_slice()).with_context(|| format!("writing {}", target.display()))?
                }
                OutputFile::Copy(src) => {
                    std::fs::copy(src, &target)
                        .with_context(|| format!("copying {} to {}", src.display(), target.display()))?;
                }
                OutputFile::Written => {}
                OutputFile::Staged(s) => {
                    let bytes = s.read().with_context(|| format!("reading the staged {path}"))?;
                    std::fs::write(&target, bytes).with_context(|| format!("writing {}", target.display()))?
                }
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_that_contains_the_site_is_refused() {
        let dir = std::env::temp_dir().join(format!("docent-out-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("site/content")).unwrap();
        assert!(check_output_dir(&dir.join("site"), &dir.join("site")).is_err());
        assert!(check_output_dir(&dir.join("site"), &dir).is_err());
        assert!(check_output_dir(&dir.join("site"), &dir.join("site/content/out")).is_err());
        assert!(check_output_dir(&dir.join("site"), &dir.join("site/public")).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
