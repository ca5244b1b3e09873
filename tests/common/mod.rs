//! Helpers shared by the integration tests: temporary sites and running the real binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn docent() -> Command {
    Command::new(env!("CARGO_BIN_EXE_docent"))
}

/// A site in a temporary folder, written from (path, contents) pairs.
pub struct TempSite {
    pub dir: tempfile::TempDir,
}

impl TempSite {
    pub fn new(files: &[(&str, &str)]) -> TempSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = TempSite { dir };
        // Every site has a docent.toml (docent refuses a folder without one); a test that
        // gives its own replaces this empty one.
        site.write("docent.toml", b"");
        for (path, text) in files {
            site.write(path, text.as_bytes());
        }
        site
    }
    pub fn root(&self) -> &Path {
        self.dir.path()
    }
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    pub fn build(&self, extra: &[&str]) -> Output {
        docent().arg("build").arg("--root").arg(self.root()).args(extra).output().expect("run docent")
    }
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` with its bytes, by relative path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

/// The repository's own folder (the example site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
