//! Answers one HTTP request from the current build: the request checks (Host, method, path),
//! then a file of the `OutputTree` with its content type, `ETag`, `Range` support, the site's
//! `404.html` for misses, and a redirect that adds the trailing slash to folder URLs.
//!
//! Takes a parsed `http::Request`; gives an `http::Reply`. Never touches a path that is not in the
//! output tree: a request path is decoded and checked (no `..`, `.`, backslash, NUL, control
//! characters, colon or invalid UTF-8, which also catches overlong encodings), its empty segments
//! dropped (so the redirect never points at `//another-host`), then looked up as a key of the
//! tree; copied files are read only when they resolve inside the site folder. Served HTML pages
//! get the live-reload script (`reload::SCRIPT_TAG`); the tree itself never has it.

use super::http::{Body, Reply, Request, Response};
use super::reload::{self, Hub};
use super::served::Served;
use crate::derive::search;
use crate::output::{OutputFile, OutputTree};
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How long a request for a search index file waits for a rebuild's index.
const SEARCH_WAIT: Duration = Duration::from_secs(60);

/// Everything needed to answer requests; shared by the HTTP workers.
pub struct Responder {
    /// The last good build; swapped whole by the rebuild loop.
    pub served: Arc<Served>,
    /// The site folder, canonical: copied files must resolve inside it.
    pub root: PathBuf,
    pub hosts: AllowedHosts,
    pub hub: Arc<Hub>,
}

/// The Host header values this server answers to (DNS-rebinding defence).
pub struct AllowedHosts {
    pub bind: IpAddr,
    pub port: u16,
}

impl AllowedHosts {
    /// `localhost`, `127.0.0.1`, `[::1]` and the bound address, with our port (or none when it is 80).
    /// Bound to an unspecified address (0.0.0.0), any IP literal is accepted: names are what a
    /// rebinding attack needs, and the machine's addresses cannot all be known.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let (name, port) = split_host_port(&host);
        let port_ok = match port {
            Some(p) => p.parse::<u16>().ok() == Some(self.port),
            None => self.port == 80,
        };
        if !port_ok {
            return false;
        }
        if name == "localhost" {
            return true;
        }
        let ip: Option<IpAddr> = name.trim_start_matches('[').trim_end_matches(']').parse().ok();
        match ip {
            Some(ip) if ip.is_loopback() => true,
            Some(ip) => ip == self.bind || self.bind.is_unspecified(),
            None => false,
        }
    }

    /// An `Origin` header is acceptable when it is `http://` plus an allowed host.
    pub fn allows_origin(&self, origin: &str) -> bool {
        origin.strip_prefix("http://").is_some_and(|host| !host.contains('/') && self.allows(host))
    }
}

fn split_host_port(host: &str) -> (&str, Option<&str>) {
    if let Some(rest) = host.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((ip, tail)) => (&host[..ip.len() + 2], tail.strip_prefix(':')),
            None => (host, None),
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    }
}

impl Responder {
    pub fn respond(&self, req: &Request) -> Reply {
        match req.header("host") {
            Some(h) if self.hosts.allows(h) => {}
            _ => return Reply::Response(Response::text(403, "forbidden: unknown Host header")),
        }
        if req.method != "GET" && req.method != "HEAD" {
            return Reply::Response(Response::text(405, "only GET and HEAD").with_header("Allow", "GET, HEAD"));
        }
        let (path, query) = match request_path(&req.target) {
            Ok(p) => p,
            Err(status) => return Reply::Response(Response::text(status, "bad request path")),
        };
        if path == reload::EVENTS_PATH {
            if req.header("origin").is_some_and(|o| !self.hosts.allows_origin(o)) {
                return Reply::Response(Response::text(403, "forbidden: foreign Origin"));
            }
            let hub = self.hub.clone();
            return Reply::EventStream(Box::new(move |stream| hub.accept(stream)));
        }
        if path == reload::SCRIPT_PATH {
            let r = Response::new(200, "text/javascript; charset=utf-8", reload::SCRIPT.as_bytes().to_vec());
            return Reply::Response(r.with_header("Cache-Control", "no-cache"));
        }
        let tree = if search::is_index_file(path.trim_start_matches('/')) {
            self.served.tree_with_search(SEARCH_WAIT)
        } else {
            self.served.tree()
        };
        let response = self.file_response(&tree, req, &path, query);
        Reply::Response(with_site_headers(response, &tree, &path, req.header("origin")))
    }

    fn file_response(&self, tree: &OutputTree, req: &Request, path: &str, query: &str) -> Response {
        let mut key = path.trim_start_matches('/').to_string();
        if key.is_empty() || key.ends_with('/') {
            key.push_str("index.html");
        }
        if !tree.files.contains_key(&key) {
            if !path.ends_with('/') && tree.files.contains_key(&format!("{key}/index.html")) {
                return Response::text(301, "moved").with_header("Location", format!("{}/{query}", encode_path(path)));
            }
            return self.not_found(tree);
        }
        match self.load(tree, &key) {
            Some((body, etag)) => with_range(req, content_type(&key), body, etag),
            None => self.not_found(tree),
        }
    }

    /// The body and ETag of a file of the tree (HTML with the reload script added).
    fn load(&self, tree: &OutputTree, key: &str) -> Option<(Body, String)> {
        match tree.files.get(key)? {
            OutputFile::Bytes(bytes) => {
                let body = if key.ends_with(".html") { reload::inject(bytes) } else { bytes.to_vec() };
                let etag = etag_of(&body);
                Some((Body::Bytes(body), etag))
            }
            // A page kept in the staging files: the same answer as from memory.
            OutputFile::Staged(staged) => {
                let bytes = staged.read().ok()?;
                let body = if key.ends_with(".html") { reload::inject(&bytes) } else { bytes };
                let etag = etag_of(&body);
                Some((Body::Bytes(body), etag))
            }
            OutputFile::Copy(source) => {
                // The loader skips symlinks that leave the site, but a file can be swapped for one
                // after loading: resolve it now and refuse anything outside the site.
                let real = source.canonicalize().ok()?;
                if !real.starts_with(&self.root) {
                    return None;
                }
                let file = std::fs::File::open(&real).ok()?;
                let meta = file.metadata().ok()?;
                if !meta.is_file() {
                    return None;
                }
                let mtime = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
                let etag = format!("\"{:x}-{:x}\"", meta.len(), mtime.map_or(0, |d| d.as_nanos()));
                Some((Body::File { file, offset: 0, len: meta.len() }, etag))
            }
            // `serve` renders without a sink, so it keeps every page; nothing to answer from.
            OutputFile::Written => None,
        }
    }

    fn not_found(&self, tree: &OutputTree) -> Response {
        match tree.files.get("404.html") {
            Some(OutputFile::Bytes(b)) => Response::new(404, "text/html; charset=utf-8", reload::inject(b))
                .with_header("Cache-Control", "no-cache"),
            _ => {
                let page = reload::inject(b"<!doctype html><title>Not found</title><h1>Not found</h1>\n");
                Response::new(404, "text/html; charset=utf-8", page)
            }
        }
    }
}

/// Adds the headers the build asks of every server (`derive::headers`: frame-ancestors, CORS on
/// the widget's files), so the preview behaves as the published site does, with one exception:
/// CORS only for pages served from this machine (the application a developer runs beside the
/// preview), so that a website the author visits cannot read the preview's unpublished help map.
fn with_site_headers(mut response: Response, tree: &OutputTree, path: &str, origin: Option<&str>) -> Response {
    for (name, value) in tree.headers.for_path(path.trim_start_matches('/')) {
        if name.eq_ignore_ascii_case("Access-Control-Allow-Origin") {
            if let Some(origin) = origin.filter(|o| is_loopback_origin(o)) {
                response.headers.push((name.into(), origin.into()));
                response.headers.push(("Vary".into(), "Origin".into()));
            }
        } else {
            response.headers.push((name.into(), value.into()));
        }
    }
    response
}

/// `http(s)://localhost`, or a loopback address, with any port.
fn is_loopback_origin(origin: &str) -> bool {
    let Some(host) = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) else {
        return false;
    };
    let (name, port) = split_host_port(host);
    let port_ok = port.is_none_or(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    let ip = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name).parse::<IpAddr>();
    port_ok && (name == "localhost" || ip.is_ok_and(|ip| ip.is_loopback()))
}

/// Decodes and checks a request target. Gives the decoded path (starting with `/`) and the raw
/// query (`?a=b` or empty). 400 for anything that could name a file outside the tree.
pub fn request_path(target: &str) -> Result<(String, &str), u16> {
    if !target.starts_with('/') {
        return Err(400);
    }
    let end = target.find(['?', '#']).unwrap_or(target.len());
    let (raw, query) = target.split_at(end);
    let query = if query.starts_with('?') { query.split('#').next().unwrap_or("") } else { "" };
    let mut bytes = Vec::with_capacity(raw.len());
    let mut it = raw.bytes();
    while let Some(b) = it.next() {
        if b == b'%' {
            let hi = it.next().and_then(hex).ok_or(400u16)?;
            let lo = it.next().and_then(hex).ok_or(400u16)?;
            bytes.push(hi * 16 + lo);
        } else {
            bytes.push(b);
        }
    }
    let path = String::from_utf8(bytes).map_err(|_| 400u16)?;
    if path.chars().any(|c| c.is_control() || c == '\\' || c == ':') {
        return Err(400);
    }
    if path.split('/').any(|s| s == ".." || s == ".") {
        return Err(400);
    }
    // Empty segments go (`//a//b` is `/a/b`, as nginx does): a path that starts with `//` would
    // make the trailing-slash redirect's `Location` a link to another host.
    let mut merged = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && merged.ends_with('/')) {
            merged.push(c);
        }
    }
    Ok((merged, query))
}

/// A decoded path (from `request_path`) encoded again for a `Location` header: only unreserved
/// characters, sub-delimiters, `@` and `/` stay as they are.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

pub fn content_type(key: &str) -> String {
    let ext = key.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    let known = match ext.as_str() {
        "html" | "htm" => Some("text/html"),
        "css" => Some("text/css"),
        "js" | "mjs" => Some("text/javascript"),
        "json" => Some("application/json"),
        "xml" => Some("application/xml"),
        "txt" => Some("text/plain"),
        "vtt" => Some("text/vtt"),
        "svg" => Some("image/svg+xml"),
        _ => None,
    };
    let mime = known.map(str::to_string).unwrap_or_else(|| {
        mime_guess::from_ext(&ext).first().map_or("application/octet-stream".into(), |m| m.essence_str().to_string())
    });
    if mime.starts_with("text/") || matches!(mime.as_str(), "application/json" | "application/xml" | "image/svg+xml") {
        format!("{mime}; charset=utf-8")
    } else {
        mime
    }
}

fn etag_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().take(10).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// 200 with the whole body, 304 when `If-None-Match` matches, 206 for one satisfiable byte
/// range, 416 for an unsatisfiable one. Several ranges get the whole body (allowed by RFC 9110).
fn with_range(req: &Request, content_type: String, body: Body, etag: String) -> Response {
    let base = |status, body| Response {
        status,
        headers: vec![
            ("Content-Type".into(), content_type.clone()),
            ("ETag".into(), etag.clone()),
            ("Cache-Control".into(), "no-cache".into()),
            ("Accept-Ranges".into(), "bytes".into()),
        ],
        body,
    };
    if let Some(inm) = req.header("if-none-match") {
        let hit = inm.split(',').map(|t| t.trim().trim_start_matches("W/")).any(|t| t == etag || t == "*");
        if hit {
            return base(304, Body::Bytes(Vec::new()));
        }
    }
    let len = match &body {
        Body::Bytes(b) => b.len() as u64,
        Body::File { len, .. } => *len,
    };
    let range = req.header("range").filter(|_| req.header("if-range").is_none_or(|v| v == etag));
    let Some(range) = range else { return base(200, body) };
    match parse_range(range, len) {
        RangeSpec::Whole => base(200, body),
        RangeSpec::Unsatisfiable => {
            let mut r = base(416, Body::Bytes(Vec::new()));
            r.headers.push(("Content-Range".into(), format!("bytes */{len}")));
            r
        }
        RangeSpec::Part(start, end) => {
            let part = match body {
                Body::Bytes(b) => Body::Bytes(b[start as usize..=end as usize].to_vec()),
                Body::File { file, .. } => Body::File { file, offset: start, len: end - start + 1 },
            };
            let mut r = base(206, part);
            r.headers.push(("Content-Range".into(), format!("bytes {start}-{end}/{len}")));
            r
        }
    }
}

#[derive(Debug, PartialEq)]
enum RangeSpec {
    Whole,
    Unsatisfiable,
    /// First and last byte, inclusive.
    Part(u64, u64),
}

fn parse_range(value: &str, len: u64) -> RangeSpec {
    let Some(spec) = value.trim().strip_prefix("bytes=") else { return RangeSpec::Whole };
    if spec.contains(',') {
        return RangeSpec::Whole;
    }
    let Some((a, b)) = spec.trim().split_once('-') else { return RangeSpec::Whole };
    let (a, b) = (a.trim(), b.trim());
    let num = |s: &str| s.parse::<u64>().ok();
    match (a.is_empty(), b.is_empty()) {
        (true, true) => RangeSpec::Whole,
        (true, false) => match num(b) {
            Some(0) => RangeSpec::Unsatisfiable,
            Some(n) if len > 0 => RangeSpec::Part(len.saturating_sub(n), len - 1),
            Some(_) => RangeSpec::Unsatisfiable,
            None => RangeSpec::Whole,
        },
        (false, _) => {
            let Some(start) = num(a) else { return RangeSpec::Whole };
            let end = if b.is_empty() { Some(u64::MAX) } else { num(b) };
            match end {
                None => RangeSpec::Whole,
                Some(end) if end < start => RangeSpec::Whole,
                Some(_) if start >= len => RangeSpec::Unsatisfiable,
                Some(end) => RangeSpec::Part(start, end.min(len - 1)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_in_every_encoding_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc/passwd",
            "/a/..%5c..%5cwindows",
            "/a%00.html",
            "/%c0%ae%c0%ae/etc/passwd",
            "/%e0%80%ae%e0%80%ae/x",
            "/C:/Windows/win.ini",
            "/./index.html",
            "http://evil/",
            "/%zz",
        ] {
            assert_eq!(request_path(bad).map(|p| p.0), Err(400), "{bad}");
        }
        assert_eq!(request_path("/a%20b/?q=1#x").unwrap(), ("/a b/".to_string(), "?q=1"));
        // A double-encoded dot stays a literal `%2e` name, which no output file has.
        assert_eq!(request_path("/%252e%252e/x").unwrap().0, "/%2e%2e/x");
    }

    #[test]
    fn paths_never_start_with_two_slashes() {
        for (target, path) in [("//search", "/search"), ("///a//b/", "/a/b/"), ("/%2F%2fsearch", "/search"), ("/", "/")]
        {
            assert_eq!(request_path(target).unwrap().0, path, "{target}");
        }
        assert_eq!(request_path("/%5c%5csearch"), Err(400));
        assert_eq!(encode_path("/a b/%/ü/x?#"), "/a%20b/%25/%C3%BC/x%3F%23");
    }

    #[test]
    fn hosts_are_checked_with_port() {
        let h = AllowedHosts { bind: "127.0.0.1".parse().unwrap(), port: 8080 };
        for ok in ["127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080", "[::1]:8080"] {
            assert!(h.allows(ok), "{ok}");
        }
        for bad in ["evil.example:8080", "127.0.0.1:9090", "127.0.0.1", "10.0.0.1:8080", "localhost.evil:8080", ""] {
            assert!(!h.allows(bad), "{bad}");
        }
        assert!(h.allows_origin("http://localhost:8080"));
        for local in ["http://localhost:3000", "https://127.0.0.1:8443", "http://[::1]:80", "http://127.0.0.2"] {
            assert!(is_loopback_origin(local), "{local}");
        }
        for foreign in [
            "https://evil.example",
            "http://localhost.evil.example:3000",
            "null",
            "http://10.0.0.1:3000",
            "http://localhost:3000/x",
            "http://localhost:",
        ] {
            assert!(!is_loopback_origin(foreign), "{foreign}");
        }
        assert!(!h.allows_origin("http://evil.example:8080"));
        assert!(!h.allows_origin("null"));
        assert!(!h.allows_origin("https://localhost:8080/x"));
    }

    #[test]
    fn ranges_parse() {
        assert_eq!(parse_range("bytes=0-9", 100), RangeSpec::Part(0, 9));
        assert_eq!(parse_range("bytes=90-", 100), RangeSpec::Part(90, 99));
        assert_eq!(parse_range("bytes=-10", 100), RangeSpec::Part(90, 99));
        assert_eq!(parse_range("bytes=50-500", 100), RangeSpec::Part(50, 99));
        assert_eq!(parse_range("bytes=100-", 100), RangeSpec::Unsatisfiable);
        assert_eq!(parse_range("bytes=0-1,5-6", 100), RangeSpec::Whole);
        assert_eq!(parse_range("items=0-1", 100), RangeSpec::Whole);
    }

    #[test]
    fn content_types_carry_charsets() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.1234.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("v.mp4"), "video/mp4");
        assert_eq!(content_type("x.png"), "image/png");
    }
}
