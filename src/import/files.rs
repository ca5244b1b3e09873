//! The import's edge: reads SOURCE from disk (`DiskFiles`) and writes the new site into an empty
//! folder. It refuses a folder that has files (nothing is ever overwritten) and a folder inside
//! SOURCE (the project being imported is never written to).

use super::{Imported, Kind, OutFile, SourceFiles, translate};
use anyhow::{Context as _, bail};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Build output and tool folders at the top of a project, never content.
const SKIPPED_TOP: &[&str] = &["book", "public", "site", "target", "node_modules", "resources"];

/// A project on disk. `read` may climb out of the folder (mdBook includes may), but never follows
/// anything outside the file system paths it is given.
pub struct DiskFiles {
    root: PathBuf,
    list: Vec<String>,
}

impl DiskFiles {
    pub fn open(root: &Path) -> anyhow::Result<Self> {
        if !root.is_dir() {
            bail!("{} is not a folder; give the project's folder as SOURCE", root.display());
        }
        let mut list = Vec::new();
        let walker = WalkDir::new(root).sort_by_file_name().into_iter().filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name.starts_with('.') || (e.depth() == 1 && SKIPPED_TOP.contains(&name.as_ref())))
        });
        for entry in walker {
            let entry = entry.with_context(|| format!("reading {}", root.display()))?;
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                list.push(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
            }
        }
        Ok(DiskFiles { root: root.to_path_buf(), list })
    }
}

impl SourceFiles for DiskFiles {
    fn list(&self) -> Vec<String> {
        self.list.clone()
    }
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        let path = super::normalize(path)?;
        let full = self.root.join(&path);
        full.is_file().then(|| std::fs::read(full).ok()).flatten()
    }
}

/// Imports `source` into `into` and returns what was done.
pub fn import(kind: Kind, source: &Path, into: &Path) -> anyhow::Result<Imported> {
    let files = DiskFiles::open(source)?;
    check_into(source, into)?;
    let imported = translate(kind, &files).map_err(|e| anyhow::anyhow!("{}: {e}", source.display()))?;
    for (path, file) in &imported.files {
        let target = into.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        match file {
            OutFile::Text(text) => {
                std::fs::write(&target, text).with_context(|| format!("writing {}", target.display()))?;
            }
            OutFile::Copy(from) => {
                std::fs::copy(source.join(from), &target)
                    .with_context(|| format!("copying {from} to {}", target.display()))?;
            }
        }
    }
    Ok(imported)
}

fn check_into(source: &Path, into: &Path) -> anyhow::Result<()> {
    if into.exists() {
        let has_files = into.read_dir().with_context(|| format!("reading {}", into.display()))?.next().is_some();
        if has_files {
            bail!(
                "{} is not empty: docent import writes a new site and never overwrites files; give --into a new or empty folder",
                into.display()
            );
        }
    }
    let source = source.canonicalize().with_context(|| format!("reading {}", source.display()))?;
    let mut probe = if into.is_absolute() { into.to_path_buf() } else { std::env::current_dir()?.join(into) };
    while !probe.exists() {
        match probe.parent() {
            Some(p) => probe = p.to_path_buf(),
            None => break,
        }
    }
    if probe.canonicalize().is_ok_and(|p| p.starts_with(&source)) {
        bail!(
            "{} is inside the project being imported; docent import never writes into SOURCE: choose a folder outside it",
            into.display()
        );
    }
    Ok(())
}
