//! `docent serve` keeps its search index current page by page: the real binary, real HTTP, a
//! real file edit. After an edit the served index finds the new word and not the removed one,
//! the term shards the edit did not touch are the same files with the same bytes (the update is
//! incremental, not a rebuild that renumbers everything), and the whole index equals what
//! `docent build` makes of the edited site.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

/// Long enough for a debug build on a busy 2-core machine; only reached when something is wrong.
const PATIENCE: Duration = Duration::from_secs(60);

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(site: &TempSite) -> Server {
        let mut child = docent()
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("run docent serve");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        let port = first.trim().trim_end_matches('/').rsplit(':').next().unwrap().parse().unwrap();
        Server { child, port }
    }

    fn get(&self, path: &str) -> Vec<u8> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n", self.port).unwrap();
        let mut bytes = Vec::new();
        let _ = s.read_to_end(&mut bytes);
        let end = bytes.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head") + 4;
        assert!(bytes.starts_with(b"HTTP/1.1 200"), "{path}: {}", String::from_utf8_lossy(&bytes[..end]));
        bytes.split_off(end)
    }

    /// The served index: every file the manifest names, by name.
    fn index(&self) -> BTreeMap<String, Vec<u8>> {
        let manifest = self.get("/search/manifest.json");
        let m: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
        let mut files = BTreeMap::new();
        for hash in m["terms"].as_array().unwrap() {
            let name = format!("t-{}.json", hash.as_str().unwrap());
            files.insert(name.clone(), self.get(&format!("/search/{name}")));
        }
        let (per, group) = (m["per"].as_u64().unwrap(), m["group"].as_u64().unwrap());
        for n in 0..m["pages"].as_u64().unwrap().div_ceil(per) {
            let name = format!("d-{}-{n}.json", m["docs"][(n / group) as usize].as_str().unwrap());
            files.insert(name.clone(), self.get(&format!("/search/{name}")));
        }
        files.insert("manifest.json".into(), manifest);
        files
    }

    /// Opens the event stream and waits for its `hello`.
    fn events(&self) -> BufReader<TcpStream> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(s, "GET /__docent/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", self.port).unwrap();
        let mut reader = BufReader::new(s);
        wait_for_event(&mut reader, "hello");
        reader
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_for_event(events: &mut BufReader<TcpStream>, name: &str) {
    let want = format!("event: {name}");
    loop {
        let mut line = String::new();
        assert!(events.read_line(&mut line).unwrap() > 0, "the event stream ended before {name}");
        if line.trim_end() == want {
            return;
        }
    }
}

/// A made-up word for `n` (letters only, no stemmer suffixes), so that the site has many terms.
fn word(n: usize) -> String {
    let mut x = (n as u64 + 7).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..8)
        .map(|i| {
            x ^= x >> 31;
            x = x.wrapping_mul(0xD6E8_FEB8_6659_FD93);
            let k = (x >> 40) as usize;
            (if i % 2 == 0 { b"bkmnprtvz"[k % 9] } else { b"aiou"[k % 4] }) as char
        })
        .collect()
}

/// The terms of the served index's term shards that start with `prefix`.
fn terms(index: &BTreeMap<String, Vec<u8>>, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (name, bytes) in index.iter().filter(|(n, _)| n.starts_with("t-")) {
        let shard: Vec<String> = serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        out.extend(shard.into_iter().step_by(2).filter(|t| t.starts_with(prefix)));
    }
    out
}

#[test]
fn an_edit_updates_only_its_terms_shards_and_equals_a_cold_build() {
    let mut files: Vec<(String, String)> = vec![
        ("docent.toml".into(), "title = \"Index\"\n".into()),
        ("content/_index.md".into(), "+++\ntitle = \"Home\"\n+++\nWelcome.\n".into()),
    ];
    for p in 0..300 {
        let body: Vec<String> = (0..60).map(|i| word(p * 60 + i)).collect();
        let text = if p == 42 { format!("{} quuxoldword", body.join(" ")) } else { body.join(" ") };
        files.push((format!("content/p{p}.md"), format!("+++\ntitle = \"Page {p}\"\n+++\n## Part\n\n{text}\n")));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let site = TempSite::new(&refs);
    let server = Server::start(&site);
    let before = server.index();
    let shards = before.keys().filter(|n| n.starts_with("t-")).count();
    assert!(shards > 20, "the site has many term shards ({shards})");
    assert_eq!(terms(&before, "quux"), ["quuxoldword"]);

    let mut events = server.events();
    let page = std::fs::read_to_string(site.path("content/p42.md")).unwrap();
    // A word replaced, and a new section (so the site's section count changes: no score may
    // depend on it, or every shard would change).
    let edited = format!("{}\n## Extra\n\nAnother paragraph.\n", page.replace("quuxoldword", "quuxnewword"));
    site.write("content/p42.md", edited.as_bytes());
    wait_for_event(&mut events, "reload");
    // Index requests wait for the rebuild's index, so this is the updated one.
    let after = server.index();
    assert_eq!(terms(&after, "quux"), ["quuxnewword"], "the new word is found, the removed one is not");
    let kept: Vec<&String> = after.keys().filter(|n| n.starts_with("t-") && before.contains_key(*n)).collect();
    let total = after.keys().filter(|n| n.starts_with("t-")).count();
    assert!(total - kept.len() <= 8, "only the edited terms' shards changed: {} of {total} kept", kept.len());
    for name in kept {
        assert_eq!(before[name], after[name], "{name} kept its name and bytes");
    }

    // A cold build of the edited site makes the same index.
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let built = read_tree(&site.path("public"));
    let built: BTreeMap<String, Vec<u8>> = built
        .into_iter()
        .filter_map(|(p, b)| p.strip_prefix("search/").filter(|n| n.ends_with(".json")).map(|n| (n.to_string(), b)))
        .collect();
    assert_eq!(built.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    for (name, bytes) in &built {
        assert!(after[name] == *bytes, "{name} differs between serve and build");
    }
}
