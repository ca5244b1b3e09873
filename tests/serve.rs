//! `docent serve` end to end: the real binary, real HTTP over TCP, real file edits.
//!
//! Each test starts its own server on a free port (`--port 0`) over a temporary site and waits
//! for conditions (an event, a response), never for fixed times.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// Long enough for a debug build on a busy 2-core machine; only reached when something is wrong.
const PATIENCE: Duration = Duration::from_secs(60);

fn small_site() -> TempSite {
    TempSite::new(&[
        ("docent.toml", "title = \"Serve test\"\nbase_url = \"https://example.org/help/\"\n"),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome to the serve test.\n"),
        ("content/login/_index.md", "+++\ntitle = \"Logging in\"\n+++\nHow to log in.\n"),
        ("content/login/first-time.md", "+++\ntitle = \"First time\"\nweight = 1\n+++\n## Steps\n\nOpen the portal.\n"),
        (
            "content/login/reset.md",
            "+++\ntitle = \"Reset your password\"\nweight = 2\nscreens = [\"password-reset\"]\n+++\nUse Forgot Password.\n",
        ),
        ("static/extra.css", "body { color: black; }\n"),
    ])
}

/// A running `docent serve`; killed when dropped.
struct Server {
    child: Child,
    port: u16,
    url: String,
}

impl Server {
    fn start(site: &TempSite) -> Server {
        Server::start_with(site, &[])
    }
    fn start_with(site: &TempSite, env: &[(&str, &str)]) -> Server {
        let mut command = docent();
        command.args(["serve", "--port", "0", "--root"]).arg(site.root()).envs(env.iter().copied());
        Server::spawn(command, Stdio::null())
    }
    /// Runs a prepared `docent serve` command (its stdout is read here for the URL).
    fn spawn(mut command: std::process::Command, stderr: Stdio) -> Server {
        let mut child = command.stdout(Stdio::piped()).stderr(stderr).spawn().expect("run docent serve");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        let url = first.trim().to_string();
        assert!(url.starts_with("http://127.0.0.1:") && url.ends_with('/'), "first line is the URL: {url:?}");
        let port = url.trim_end_matches('/').rsplit(':').next().unwrap().parse().unwrap();
        Server { child, port, url }
    }
    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
    fn get(&self, path: &str) -> Reply {
        self.raw(&format!("GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.host()))
    }
    /// Every search result document the served index holds (its document shards, concatenated).
    fn search_documents(&self) -> String {
        let manifest: serde_json::Value = serde_json::from_str(&self.get("/search/manifest.json").text()).unwrap();
        let (per, group) = (manifest["per"].as_u64().unwrap(), manifest["group"].as_u64().unwrap());
        let shards = manifest["pages"].as_u64().unwrap().div_ceil(per);
        let mut all = String::new();
        for n in 0..shards {
            let hash = manifest["docs"][(n / group) as usize].as_str().unwrap();
            let shard = self.get(&format!("/search/d-{hash}-{n}.json"));
            assert_eq!(shard.status, 200, "document shard {n}");
            all.push_str(&shard.text());
        }
        all
    }
    fn get_with(&self, path: &str, headers: &str) -> Reply {
        self.raw(&format!("GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n{headers}\r\n", self.host()))
    }
    /// Sends bytes as they are and reads the answer until the server closes.
    fn raw(&self, request: &str) -> Reply {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        let _ = s.read_to_end(&mut bytes);
        Reply::parse(&bytes)
    }
    fn events(&self) -> Events {
        self.events_with("").expect("event stream opens")
    }
    fn events_with(&self, headers: &str) -> Result<Events, Reply> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(s, "GET /__docent/events HTTP/1.1\r\nHost: {}\r\n{headers}\r\n", self.host()).unwrap();
        let mut reader = BufReader::new(s);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        if !head.starts_with("HTTP/1.1 200") {
            return Err(Reply::parse(head.as_bytes()));
        }
        assert!(head.to_ascii_lowercase().contains("content-type: text/event-stream"), "{head}");
        let mut events = Events { reader };
        events.next_named("hello");
        Ok(events)
    }
    /// Waits until `path` answers 200 with a body containing `text`.
    fn wait_for_text(&self, path: &str, text: &str) -> Reply {
        let start = Instant::now();
        loop {
            let r = self.get(path);
            if r.status == 200 && r.text().contains(text) {
                return r;
            }
            assert!(start.elapsed() < PATIENCE, "{path} never contained {text:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn parse(bytes: &[u8]) -> Reply {
        let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").map_or(bytes.len(), |p| p + 4);
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        Reply { status, head, body: bytes[split..].to_vec() }
    }
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A Server-Sent Events stream being read.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next event (name, data); comments are skipped.
    fn next(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), String::new());
        let start = Instant::now();
        loop {
            // Pings keep the stream busy, so the socket's read timeout alone would never fire.
            assert!(start.elapsed() < PATIENCE, "no event within the patience time");
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("an event within the patience time");
            assert!(n > 0, "event stream closed");
            let line = line.trim_end_matches(['\n', '\r']);
            if line.is_empty() {
                if !name.is_empty() {
                    return (name, data);
                }
            } else if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data = v.to_string();
            }
        }
    }
    /// Skips events until one named `name`; returns its data.
    fn next_named(&mut self, name: &str) -> String {
        let start = Instant::now();
        loop {
            assert!(start.elapsed() < PATIENCE, "no `{name}` event within the patience time");
            let (n, d) = self.next();
            if n == name {
                return d;
            }
        }
    }
}

#[test]
fn prints_url_first_and_serves_pages_with_the_reload_script_that_builds_never_have() {
    let site = small_site();
    let server = Server::start(&site);
    let home = server.get("/");
    assert_eq!(home.status, 200, "{}", home.head);
    assert_eq!(home.header("content-type").as_deref(), Some("text/html; charset=utf-8"));
    assert!(home.text().contains("/__docent/live-reload.js"), "served pages get the script");
    assert!(home.text().contains("href=\"/login/\""), "links start with / when served: {}", home.text());
    let script = server.get("/__docent/live-reload.js");
    assert_eq!(script.status, 200);
    assert!(script.text().contains("EventSource"));
    let out = tempfile::tempdir().unwrap();
    let o = site.build(&["--output", out.path().join("p").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (path, bytes) in read_tree(&out.path().join("p")) {
        assert!(!String::from_utf8_lossy(&bytes).contains("__docent"), "{path} of docent build has the reload script");
    }
}

#[test]
fn editing_a_page_sends_reload_and_serves_the_new_text() {
    let site = small_site();
    let server = Server::start(&site);
    edit_and_see(&site, &server, "A freshly edited paragraph.");
}

#[test]
fn a_text_edit_names_the_pages_to_update_in_place_and_a_template_edit_reloads_all() {
    let site = small_site();
    let server = Server::start(&site);
    let mut events = server.events();
    site.write(
        "content/login/reset.md",
        b"+++\ntitle = \"Reset your password\"\nweight = 2\nscreens = [\"password-reset\"]\n+++\nNew words only.\n",
    );
    let data: serde_json::Value = serde_json::from_str(&events.next_named("reload")).expect("JSON");
    // The section page lists its pages with their first words, and the print pages and the desk
    // card (its screen's summary) hold the page, so they changed too; the others did not.
    assert_eq!(
        data["swap"],
        serde_json::json!(["/help/cards/", "/login/", "/login/print/", "/login/reset/", "/print/"]),
        "{data}"
    );
    assert_eq!(data["reload"], serde_json::json!([]), "{data}");
    assert!(data.get("all").is_none(), "{data}");
    let script = std::fs::read_to_string(repo().join("themes/default/static/docent.js")).expect("theme script");
    site.write("themes/default/static/docent.js", format!("{script}\n// changed\n").as_bytes());
    let data: serde_json::Value = serde_json::from_str(&events.next_named("reload")).expect("JSON");
    assert_eq!(data["all"], true, "a script change reloads every page: {data}");
}

/// Writes `text` as the body of content/login/reset.md and waits for the reload that serves it.
fn edit_and_see(site: &TempSite, server: &Server, text: &str) {
    let mut events = server.events();
    site.write("content/login/reset.md", format!("+++\ntitle = \"Reset your password\"\n+++\n{text}\n").as_bytes());
    events.next_named("reload");
    server.wait_for_text("/login/reset/", text);
}

/// The example site's short video, for sites that need a real one.
fn webm() -> Vec<u8> {
    std::fs::read(repo().join("videos/reset-your-password.webm")).expect("the example video")
}

const VTT: &str = "WEBVTT\n\n00:00.000 --> 00:02.000\nHello and welcome.\n";

#[test]
fn a_video_title_edit_reaches_the_pages_that_list_the_video() {
    let site = small_site();
    site.write("videos/intro.webm", &webm());
    site.write("videos/intro.vtt", VTT.as_bytes());
    site.write("videos/intro.toml", b"title = \"Old video title\"\n");
    site.write(
        "content/login/reset.md",
        b"+++\ntitle = \"Reset your password\"\nvideos = [\"intro\"]\n+++\nUse Forgot Password.\n",
    );
    let server = Server::start(&site);
    server.wait_for_text("/login/reset/", "Old video title");
    let mut events = server.events();
    site.write("videos/intro.toml", b"title = \"Choose a new password\"\n");
    events.next_named("reload");
    server.wait_for_text("/videos/intro/", "Choose a new password");
    let page = server.get("/login/reset/").text();
    assert!(page.contains("Choose a new password"), "the page's Learn More list keeps the old title");
    assert!(!page.contains("Old video title"));
}

#[test]
fn editor_saves_give_one_reload_each_and_metadata_changes_none() {
    let site = small_site();
    let server = Server::start(&site);
    let mut events = server.events();
    let page = site.path("content/login/reset.md");
    let text = |editor: &str| format!("+++\ntitle = \"Reset your password\"\n+++\nSaved by {editor}.\n");

    // vim: swap file, the `4913` probe, the old file renamed to a backup, the new one written.
    site.write("content/login/.reset.md.swp", b"swap");
    site.write("content/login/4913", b"");
    std::fs::remove_file(site.path("content/login/4913")).unwrap();
    std::fs::rename(&page, site.path("content/login/reset.md~")).unwrap();
    site.write("content/login/reset.md", text("vim").as_bytes());
    std::fs::remove_file(site.path("content/login/reset.md~")).unwrap();
    std::fs::remove_file(site.path("content/login/.reset.md.swp")).unwrap();
    one_reload(&site, &mut events, "teal");
    server.wait_for_text("/login/reset/", "Saved by vim.");

    // JetBrains IDEs: a `___jb_tmp___` file, the old file moved aside, the new one moved in.
    site.write("content/login/reset.md___jb_tmp___", text("a JetBrains IDE").as_bytes());
    std::fs::rename(&page, site.path("content/login/reset.md___jb_old___")).unwrap();
    std::fs::rename(site.path("content/login/reset.md___jb_tmp___"), &page).unwrap();
    std::fs::remove_file(site.path("content/login/reset.md___jb_old___")).unwrap();
    one_reload(&site, &mut events, "olive");
    server.wait_for_text("/login/reset/", "Saved by a JetBrains IDE.");

    // Atomic save (VS Code, Emacs, most tools): a hidden temporary file renamed over the page.
    site.write("content/login/.reset.md.tmp-4242", text("an atomic rename").as_bytes());
    std::fs::rename(site.path("content/login/.reset.md.tmp-4242"), &page).unwrap();
    one_reload(&site, &mut events, "maroon");
    server.wait_for_text("/login/reset/", "Saved by an atomic rename.");

    // Metadata only (permissions): nothing to rebuild, so the next event is the stylesheet's.
    let mut perms = std::fs::metadata(&page).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o600);
    std::fs::set_permissions(&page, perms).unwrap();
    site.write("static/extra.css", b"body { color: navy; }\n");
    let (name, data) = events.next();
    assert_eq!(name, "css", "a metadata change rebuilt the site: {data}");
}

/// Takes one `reload`, then changes a stylesheet: any event before its `css` event would be a
/// second rebuild of the same change.
fn one_reload(site: &TempSite, events: &mut Events, colour: &str) {
    events.next_named("reload");
    site.write("static/extra.css", format!("body {{ color: {colour}; }}\n").as_bytes());
    loop {
        let (name, data) = events.next();
        if name == "css" {
            return;
        }
        assert_ne!(name, "reload", "a second rebuild for one save: {data}");
    }
}

/// The lines a child writes to stderr, as they come.
fn stderr_lines(child: &mut Child) -> std::sync::mpsc::Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().expect("stderr is piped");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits for a line containing `text`; gives the lines read until then.
fn wait_for_line(lines: &std::sync::mpsc::Receiver<String>, text: &str) -> String {
    let deadline = Instant::now() + PATIENCE;
    let mut seen = String::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => {
                seen.push_str(&line);
                seen.push('\n');
                if line.contains(text) {
                    return seen;
                }
            }
            Err(_) => panic!("no line with {text:?} on stderr; it said:\n{seen}"),
        }
    }
}

#[test]
fn an_exhausted_inotify_limit_falls_back_to_polling_and_says_how_to_raise_it() {
    // A real exhausted limit, without touching the machine's: in a user namespace of its own the
    // server may hold 3 inotify watches, and the site has more folders than that.
    let site = small_site();
    for n in 0..6 {
        site.write(&format!("content/more-{n}/page.md"), b"+++\ntitle = \"More\"\n+++\nText.\n");
    }
    let mut command = std::process::Command::new("unshare");
    command.args(["--user", "--map-root-user", "sh", "-c"]);
    command.arg("echo 3 > /proc/sys/user/max_inotify_watches && exec \"$0\" serve --port 0 --root \"$1\"");
    command.arg(env!("CARGO_BIN_EXE_docent")).arg(site.root());
    let mut server = Server::spawn(command, Stdio::piped());
    let lines = stderr_lines(&mut server.child);
    let said = wait_for_line(&lines, "max_user_watches");
    assert!(said.contains("limit of inotify watches is reached"), "{said}");
    assert!(said.contains("sudo sysctl fs.inotify.max_user_watches="), "says how to raise it: {said}");
    edit_and_see(&site, &server, "Seen after the limit.");
}

#[test]
fn a_burst_of_changes_gives_one_rebuild() {
    // As `git checkout` of another branch: hundreds of files written one after another.
    let site = small_site();
    // The folder exists before the server starts: a new folder is a change of its own.
    let imported = site.path("content/imported");
    std::fs::create_dir(&imported).unwrap();
    let server = Server::start(&site);
    let mut events = server.events();
    // The files are written beside the site first and then moved in one after another, so that
    // the burst itself is quick; the test measures the longest pause between two of its files.
    let staging = tempfile::tempdir_in(site.root().parent().unwrap()).unwrap();
    for n in 0..300 {
        std::fs::write(
            staging.path().join(format!("page-{n:03}.md")),
            format!("+++\ntitle = \"Page {n}\"\n+++\nText {n}.\n").as_bytes(),
        )
        .unwrap();
    }
    let mut last = Instant::now();
    let mut longest = Duration::ZERO;
    for n in 0..300 {
        if n % 50 == 49 {
            // A checkout pauses between files now and then (here 60 ms, longer than a save's
            // 15 ms of quiet): the burst must still be one rebuild. This pause is the scenario,
            // not a wait for the server.
            std::thread::sleep(Duration::from_millis(60));
        }
        let name = format!("page-{n:03}.md");
        std::fs::rename(staging.path().join(&name), imported.join(&name)).unwrap();
        longest = longest.max(last.elapsed());
        last = Instant::now();
    }
    let first = events.next_named("reload");
    if longest >= Duration::from_millis(250) {
        // The writer itself was held up for about the server's burst window (300 ms of quiet):
        // a second rebuild is then what the server should do, and this run cannot tell.
        eprintln!("the burst paused for {longest:?}; not judging the number of rebuilds");
        server.wait_for_text("/imported/page-299/", "Text 299.");
        return;
    }
    // Then one more change of another kind: every event before its `css` event belongs to the burst.
    site.write("static/extra.css", b"body { color: teal; }\n");
    loop {
        let (name, data) = events.next();
        if name == "css" {
            break;
        }
        assert_ne!(name, "reload", "a second rebuild for the same burst: {data} (first: {first})");
    }
    assert!(first.contains("\"files\":"), "{first}");
    assert_eq!(server.get("/imported/page-299/").status, 200, "the whole burst is in the one rebuild");
}

#[test]
fn open_starts_the_browser_at_the_url() {
    // The system's opener is `xdg-open`; this one writes down what it was asked to open.
    let site = small_site();
    let bin = tempfile::tempdir().unwrap();
    let record = bin.path().join("opened.txt");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}.tmp' && mv '{0}.tmp' '{0}'\n", record.display()),
    )
    .unwrap();
    let mut perms = std::fs::metadata(&opener).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&opener, perms).unwrap();
    let path = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap_or_default());
    let mut command = docent();
    command.args(["serve", "--open", "--port", "0", "--root"]).arg(site.root()).env("PATH", path);
    let server = Server::spawn(command, Stdio::null());
    let deadline = Instant::now() + PATIENCE;
    while !record.exists() {
        assert!(Instant::now() < deadline, "the browser was not opened");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(std::fs::read_to_string(&record).unwrap(), server.url);
}

#[test]
fn polling_watcher_sees_edits_too() {
    let site = small_site();
    let server = Server::start_with(&site, &[("DOCENT_WATCH", "poll")]);
    edit_and_see(&site, &server, "Seen by polling.");
}

#[test]
fn an_error_shows_the_overlay_keeps_the_last_good_build_and_the_fix_reloads() {
    let site = small_site();
    let server = Server::start(&site);
    let mut events = server.events();
    site.write("content/login/reset.md", b"+++\ntitle = \"Reset\"\ncolour = \"red\"\n+++\nBroken edit.\n");
    let problems = events.next_named("problems");
    assert!(problems.contains("content/login/reset.md:3"), "names file and line: {problems}");
    assert!(problems.contains("colour"), "{problems}");
    let page = server.get("/login/reset/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Use Forgot Password."), "the last good build is still served");
    // A browser that opens the page now is told about the problems as soon as it connects.
    let mut late = server.events();
    assert!(late.next_named("problems").contains("colour"));

    site.write("content/login/reset.md", b"+++\ntitle = \"Reset\"\n+++\nFixed edit.\n");
    events.next_named("clear");
    events.next_named("reload");
    server.wait_for_text("/login/reset/", "Fixed edit.");

    // A template error is shown the same way, naming the template file.
    site.write("templates/page.html", b"{% extends \"base.html\" %}\n{% block main %}{{ page.content | safe }\n");
    let problems = events.next_named("problems");
    assert!(problems.contains("templates/page.html"), "{problems}");
    std::fs::remove_file(site.path("templates/page.html")).unwrap();
    events.next_named("clear");
}

#[test]
fn the_terminal_says_when_the_errors_are_fixed() {
    let site = small_site();
    let mut command = docent();
    command.args(["serve", "--port", "0", "--root"]).arg(site.root());
    let mut server = Server::spawn(command, Stdio::piped());
    let lines = stderr_lines(&mut server.child);
    wait_for_line(&lines, "Serving ");

    site.write("content/login/reset.md", b"+++\ntitle = \"Reset\"\ncolour = \"red\"\n+++\nBroken edit.\n");
    let broken = wait_for_line(&lines, "still serving the last good build");
    assert!(!broken.contains("fixed:"), "nothing is fixed yet: {broken}");

    site.write("content/login/reset.md", b"+++\ntitle = \"Reset\"\n+++\nFixed edit.\n");
    let fixed = wait_for_line(&lines, "fixed: the site builds again (");
    assert!(fixed.lines().last().unwrap().ends_with(" files)"), "{fixed}");
    server.wait_for_text("/login/reset/", "Fixed edit.");

    // A good edit after a good build is not a fix: the next line is the rebuild, with no "fixed".
    site.write("content/login/reset.md", b"+++\ntitle = \"Reset\"\n+++\nAnother edit.\n");
    let rebuilt = wait_for_line(&lines, "Rebuilt in");
    assert!(!rebuilt.contains("fixed:"), "{rebuilt}");
}

#[test]
fn renamed_and_deleted_pages_leave_the_menu() {
    let site = small_site();
    let server = Server::start(&site);
    let mut events = server.events();
    assert!(server.get("/").text().contains("/login/reset/"));
    assert!(server.search_documents().contains("/login/reset/"));
    assert!(server.get("/help-map.json").text().contains("\"login/reset/\""));
    std::fs::rename(site.path("content/login/reset.md"), site.path("content/login/reset-password.md")).unwrap();
    events.next_named("reload");
    let home = server.wait_for_text("/", "/login/reset-password/");
    assert!(!home.text().contains("\"/login/reset/\""), "old URL left the menu");
    assert_eq!(server.get("/login/reset/").status, 404);
    assert_eq!(server.get("/login/reset-password/").status, 200);
    let found = server.search_documents();
    assert!(found.contains("/login/reset-password/") && !found.contains("/login/reset/"), "search: {found}");
    let help = server.get("/help-map.json").text();
    assert!(help.contains("\"login/reset-password/\"") && !help.contains("\"login/reset/\""), "help map: {help}");

    std::fs::remove_file(site.path("content/login/reset-password.md")).unwrap();
    events.next_named("reload");
    assert!(!server.get("/").text().contains("/login/reset-password/"), "deleted page left the menu");
    assert_eq!(server.get("/login/reset-password/").status, 404);
    assert!(!server.search_documents().contains("/login/reset-password/"), "deleted page left the search index");
    assert!(!server.get("/help-map.json").text().contains("password-reset"), "deleted page left the help map");

    // A whole folder renamed (as git checkout or a file manager would) moves its pages.
    std::fs::rename(site.path("content/login"), site.path("content/sign-in")).unwrap();
    events.next_named("reload");
    server.wait_for_text("/", "/sign-in/first-time/");
    assert_eq!(server.get("/login/first-time/").status, 404);
}

#[test]
fn a_stylesheet_change_is_swapped_without_a_reload() {
    let site = small_site();
    let server = Server::start(&site);
    let mut events = server.events();
    site.write("static/extra.css", b"body { color: navy; }\n");
    let swaps = events.next_named("css");
    assert_eq!(swaps, r#"[["/extra.css","/extra.css"]]"#);
    assert!(server.get("/extra.css").text().contains("navy"));

    // The theme's stylesheet has a content-hashed name: the swap names the old and new files.
    let before = server.get("/").text();
    let old = before.split("href=\"/style.").nth(1).unwrap().split('"').next().unwrap().to_string();
    site.write("themes/default/static/style.css", b"body { margin: 0; }\n");
    let swaps = events.next_named("css");
    assert!(swaps.contains(&format!("\"/style.{old}\"")), "{swaps}");
    let new = swaps.rsplit("\"/style.").next().unwrap().split('"').next().unwrap();
    assert_ne!(old, new);
    assert!(server.get(&format!("/style.{new}")).text().contains("margin: 0"));
}

#[test]
fn traversal_attempts_never_leave_the_site() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOP SECRET").unwrap();
    let site = small_site();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.path("static/secret.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path("static/outside")).unwrap();
    let server = Server::start(&site);
    let depth = "../".repeat(12);
    let attempts = [
        format!("/{depth}etc/passwd"),
        "/../secret.txt".to_string(),
        "/%2e%2e/%2e%2e/etc/passwd".to_string(),
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd".to_string(),
        "/..%2f..%2fetc/passwd".to_string(),
        "/..%5c..%5cetc%5cpasswd".to_string(),
        "/static\\..\\..\\etc\\passwd".to_string(),
        "/index.html%00.txt".to_string(),
        "/%00".to_string(),
        "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd".to_string(),
        "/%c0%af..%c0%afetc/passwd".to_string(),
        "/%e0%80%ae%e0%80%ae/etc/passwd".to_string(),
        "/%252e%252e/%252e%252e/etc/passwd".to_string(),
        "//etc/passwd".to_string(),
        "/C:/Windows/win.ini".to_string(),
        "/c:%5cwindows%5cwin.ini".to_string(),
        "http://127.0.0.1/../../etc/passwd".to_string(),
        "/secret.txt".to_string(),
        "/outside/secret.txt".to_string(),
        format!("/{}", outside.path().join("secret.txt").display()),
    ];
    for target in &attempts {
        let r = server.raw(&format!("GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.host()));
        assert!(r.status == 400 || r.status == 404, "{target}: {}", r.head);
        assert!(!r.text().contains("TOP SECRET") && !r.text().contains("root:"), "{target} leaked a file");
    }
    // A symlink put in place after the start is refused too.
    site.write("static/later.txt", b"fine");
    server.wait_for_text("/later.txt", "fine");
    std::fs::remove_file(site.path("static/later.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.path("static/later.txt")).unwrap();
    let r = server.get("/later.txt");
    assert!(!r.text().contains("TOP SECRET"), "{}", r.head);
}

#[test]
fn foreign_hosts_and_origins_are_refused() {
    let site = small_site();
    let server = Server::start(&site);
    let port = server.port;
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}")] {
        let r = server.raw(&format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        assert_eq!(r.status, 200, "{host}");
    }
    for host in [format!("evil.example:{port}"), "127.0.0.1:1".to_string(), format!("localhost.evil.example:{port}")] {
        let r = server.raw(&format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        assert_eq!(r.status, 403, "{host}");
    }
    let r = server.raw("GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(r.status, 403, "a request without Host is refused");
    let refused = server.events_with("Origin: http://evil.example\r\n").err().expect("foreign Origin refused");
    assert_eq!(refused.status, 403);
    assert!(server.events_with(&format!("Origin: http://localhost:{port}\r\n")).is_ok());
    let r = server.get_with("/", "Origin: http://evil.example\r\n");
    assert!(r.header("access-control-allow-origin").is_none(), "no CORS header: {}", r.head);
}

#[test]
fn oversized_requests_and_slow_clients_are_cut_off() {
    let site = small_site();
    let server = Server::start(&site);
    let huge = format!("GET / HTTP/1.1\r\nHost: {}\r\nX-Big: {}\r\n\r\n", server.host(), "a".repeat(64 * 1024));
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    let _ = s.write_all(huge.as_bytes());
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    assert_eq!(Reply::parse(&bytes).status, 431);
    let r = server.raw(&format!("POST / HTTP/1.1\r\nHost: {}\r\nContent-Length: 5\r\n\r\nhello", server.host()));
    assert!(r.status == 413 || r.status == 405, "{}", r.head);
    // A client that starts a request and never finishes it is answered 408 and disconnected.
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    slow.set_read_timeout(Some(PATIENCE)).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: ").unwrap();
    let mut bytes = Vec::new();
    let _ = slow.read_to_end(&mut bytes);
    assert_eq!(Reply::parse(&bytes).status, 408);
}

#[test]
fn ambiguous_body_lengths_are_refused() {
    let site = small_site();
    let server = Server::start(&site);
    let with = |headers: &str| {
        server.raw(&format!("GET / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n{headers}\r\n", server.host()))
    };
    // Two lengths that disagree: a proxy in front may take the other one and see another request.
    assert_eq!(with("Content-Length: 0\r\nContent-Length: 5\r\n").status, 400);
    assert_eq!(with("Content-Length: 0, 5\r\n").status, 400);
    assert_eq!(with("Content-Length: 0\r\nTransfer-Encoding: chunked\r\n").status, 400);
    assert_eq!(with("Content-Length: +0\r\n").status, 400);
    assert_eq!(with("Content-Length: -1\r\n").status, 400);
    // The same length twice is one length (RFC 9112, 6.3).
    assert_eq!(with("Content-Length: 0\r\nContent-Length: 0\r\n").status, 200);
    assert_eq!(with("Transfer-Encoding: chunked\r\n").status, 413);
}

#[test]
fn keep_alive_and_pipelined_requests_are_answered_in_order() {
    let site = small_site();
    let server = Server::start(&site);
    let host = server.host();
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    // Two requests in one write, then a third once the first two are answered.
    write!(s, "GET /login/ HTTP/1.1\r\nHost: {host}\r\n\r\nHEAD /extra.css HTTP/1.1\r\nHost: {host}\r\n\r\n").unwrap();
    let mut seen = Vec::new();
    let mut chunk = [0u8; 4096];
    while String::from_utf8_lossy(&seen).matches("HTTP/1.1 200 OK").count() < 2 || !seen.ends_with(b"\r\n\r\n") {
        let n = s.read(&mut chunk).unwrap();
        assert!(n > 0, "closed after: {}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8_lossy(&seen).into_owned();
    assert!(text.find("Logging in").unwrap() < text.find("text/css").unwrap(), "{text}");
    write!(s, "GET /login/first-time/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut rest = Vec::new();
    s.read_to_end(&mut rest).unwrap();
    let last = Reply::parse(&rest);
    assert_eq!(last.status, 200);
    assert!(last.text().contains("Open the portal."));
}

#[test]
fn redirects_stay_on_this_site() {
    let site = small_site();
    let server = Server::start(&site);
    // `//search/` in a Location header is the host `search` to a browser.
    let r = server.get("//search");
    assert_eq!((r.status, r.header("location").as_deref()), (301, Some("/search/")), "{}", r.head);
    let r = server.get("//login?next=//evil.example");
    assert_eq!((r.status, r.header("location").as_deref()), (301, Some("/login/?next=//evil.example")));
    for target in [
        "///search",
        "//search?x=1",
        "/%2F%2Fsearch",
        "/%2fsearch",
        "//%2fsearch",
        "/\\search",
        "/\\/search",
        "//\\search",
        "/%5csearch",
        "/%5C%5Csearch",
        "/%09/search",
        "//evil.example",
        "//evil.example/",
        "/%2F%2Fevil.example",
    ] {
        let r = server.raw(&format!("GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.host()));
        match r.status {
            301 => {
                let to = r.header("location").unwrap_or_default();
                let mut chars = to.chars();
                assert_eq!(chars.next(), Some('/'), "{target}: {to}");
                assert!(!matches!(chars.next(), Some('/' | '\\')), "{target} redirects off the site: {to}");
            }
            400 | 404 => {}
            other => panic!("{target}: {other} {}", r.head),
        }
    }
}

#[test]
fn http_semantics_ranges_etags_redirects_and_404() {
    let site = small_site();
    let clip: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
    site.write("content/login/reset/clip.mp4", &clip);
    let server = Server::start(&site);

    let r = server.get("/login/reset/clip.mp4");
    assert_eq!((r.status, r.header("content-type").as_deref()), (200, Some("video/mp4")));
    assert_eq!(r.body, clip);
    let r = server.get_with("/login/reset/clip.mp4", "Range: bytes=100-199\r\n");
    assert_eq!(r.status, 206);
    assert_eq!(r.header("content-range").as_deref(), Some("bytes 100-199/5000"));
    assert_eq!(r.body, clip[100..200]);
    let r = server.get_with("/login/reset/clip.mp4", "Range: bytes=-10\r\n");
    assert_eq!((r.status, r.body.as_slice()), (206, &clip[4990..]));
    let r = server.get_with("/login/reset/clip.mp4", "Range: bytes=6000-\r\n");
    assert_eq!(r.status, 416);
    assert_eq!(r.header("content-range").as_deref(), Some("bytes */5000"));
    let r = server.get_with("/", "Range: bytes=0-14\r\n");
    assert_eq!((r.status, r.text().as_str()), (206, "<!doctype html>"));

    let page = server.get("/login/");
    let etag = page.header("etag").expect("pages have an ETag");
    let r = server.get_with("/login/", &format!("If-None-Match: {etag}\r\n"));
    assert_eq!((r.status, r.body.len()), (304, 0));
    assert_eq!(server.get_with("/login/", "If-None-Match: \"other\"\r\n").status, 200);

    let r = server.get("/login?x=1");
    assert_eq!((r.status, r.header("location").as_deref()), (301, Some("/login/?x=1")));
    let r = server.get("/no/such/page/");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("<html"), "the site's 404.html is served");
    let r = server.raw(&format!("HEAD /login/ HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.host()));
    assert_eq!((r.status, r.body.len()), (200, 0));
    assert_eq!(r.header("content-length"), page.header("content-length"));
    assert_eq!(server.get("/sitemap.xml").header("content-type").as_deref(), Some("application/xml; charset=utf-8"));
    let css = server.get("/extra.css");
    assert_eq!(css.header("content-type").as_deref(), Some("text/css; charset=utf-8"));
}

#[test]
fn fifty_event_streams_and_a_page_request_are_all_answered() {
    let site = small_site();
    let server = Server::start(&site);
    let mut streams: Vec<Events> = (0..50).map(|_| server.events()).collect();
    let r = server.get("/login/first-time/");
    assert_eq!(r.status, 200, "a page still answers with 50 streams open");
    site.write("content/login/first-time.md", b"+++\ntitle = \"First time\"\n+++\nEdited for fifty.\n");
    for s in &mut streams {
        s.next_named("reload");
    }
}

/// A socket that has sent `request` and reads nothing.
fn connect_and_send(server: &Server, request: &str) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    s
}

/// Nothing the server has answered or closed: a read would still wait.
fn still_waiting(s: &TcpStream) -> bool {
    s.set_nonblocking(true).unwrap();
    let waiting = matches!(s.peek(&mut [0u8; 1]), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock);
    s.set_nonblocking(false).unwrap();
    waiting
}

#[test]
fn a_page_is_answered_while_event_streams_idle_and_slowloris_sockets_are_open() {
    let site = small_site();
    let server = Server::start(&site);
    let mut streams: Vec<Events> = (0..200).map(|_| server.events()).collect();
    let idle: Vec<TcpStream> = (0..16).map(|_| connect_and_send(&server, "")).collect();
    let head = format!("GET / HTTP/1.1\r\nHost: {}\r\nX-Slow: ", server.host());
    let slow: Vec<TcpStream> = (0..50).map(|_| connect_and_send(&server, &head)).collect();
    let r = server.get("/login/first-time/");
    assert_eq!(r.status, 200, "{}", r.head);
    // Answered while every idle and slow socket was still held open: none waited for their time
    // to run out (the server's head timeout, seconds, against milliseconds for a page).
    for (n, s) in idle.iter().chain(&slow).enumerate() {
        assert!(still_waiting(s), "socket {n} was answered or closed before the page");
    }
    site.write("content/login/first-time.md", b"+++\ntitle = \"First time\"\n+++\nEdited for two hundred.\n");
    for s in &mut streams {
        s.next_named("reload");
    }
}

#[test]
fn event_clients_that_never_read_hold_up_neither_the_rebuild_nor_other_browsers() {
    let site = small_site();
    let server = Server::start(&site);
    let request = format!("GET /__docent/events HTTP/1.1\r\nHost: {}\r\n\r\n", server.host());
    let deaf: Vec<TcpStream> = (0..100).map(|_| connect_and_send(&server, &request)).collect();
    let mut events = server.events();
    // A page with 20,000 broken links: a problems event of several megabytes, more than the
    // socket of a client that does not read takes in.
    let broken = |name: &str| {
        let links: String = (0..20_000).map(|n| format!("[link {n}]({name}-{n}.md)\n")).collect();
        format!("+++\ntitle = \"Broken\"\n+++\n{links}")
    };
    // Saved whole (a rename), so that the server never reads half of the file.
    let save = |text: String| {
        site.write("content/login/.broken.md.tmp", text.as_bytes());
        std::fs::rename(site.path("content/login/.broken.md.tmp"), site.path("content/login/broken.md")).unwrap();
    };
    save(broken("no-such-page"));
    let problems = events.next_named("problems");
    assert!(problems.len() > 8 << 20, "a problems event of {} bytes", problems.len());
    assert!(problems.contains("content/login/broken.md"));
    save(broken("still-no-page"));
    assert!(events.next_named("problems").contains("still-no-page"));
    site.write("content/login/broken.md", b"+++\ntitle = \"Fixed\"\n+++\nNo links now.\n");
    events.next_named("clear");
    events.next_named("reload");
    server.wait_for_text("/login/broken/", "No links now.");
    // Each deaf client fell more than its buffer behind: the server closed it (a read ends after
    // the bytes its socket took in).
    let deadline = Instant::now() + PATIENCE;
    for (n, mut s) in deaf.into_iter().enumerate() {
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        let mut chunk = vec![0u8; 1 << 16];
        loop {
            assert!(Instant::now() < deadline, "deaf client {n} is still served");
            match s.read(&mut chunk) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                    panic!("deaf client {n} is still open")
                }
                Err(_) => break,
            }
        }
    }
}

#[test]
fn served_files_match_docent_build_after_a_series_of_edits() {
    let site = small_site();
    let server = Server::start(&site);
    let mut events = server.events();
    let edits: [(&str, Option<&[u8]>); 6] = [
        ("content/login/new-page.md", Some(b"+++\ntitle = \"A new page\"\n+++\n## Overview\n\nNew.\n")),
        (
            "content/login/reset.md",
            Some(b"+++\ntitle = \"Reset it\"\nweight = 0\n+++\nNew text. [New](new-page.md#overview)\n"),
        ),
        ("content/login/first-time.md", None),
        ("content/login/new-page/picture.txt", Some(b"an asset beside a page")),
        ("content/_index.md", Some(b"+++\ntitle = \"Home again\"\n+++\nSee [the new page](login/new-page.md).\n")),
        ("static/extra.css", Some(b"p { margin: 0 }\n")),
    ];
    for (path, bytes) in edits {
        match bytes {
            Some(b) => site.write(path, b),
            None => std::fs::remove_file(site.path(path)).unwrap(),
        }
        let (name, _) = events.next();
        assert!(name == "reload" || name == "css", "{path}: {name}");
    }
    let out = tempfile::tempdir().unwrap();
    let o = site.build(&["--output", out.path().join("p").to_str().unwrap(), "--base-url", &server.url]);
    assert!(o.status.success(), "{}", stderr(&o));
    let built = read_tree(&out.path().join("p"));
    assert!(built.contains_key("login/new-page/picture.txt"));
    // `.docent/files` records what `docent build` wrote to disk; the preview writes nothing.
    for (path, bytes) in built.iter().filter(|(p, _)| *p != ".docent/files") {
        let r = server.get(&format!("/{path}"));
        assert_eq!(r.status, 200, "{path}");
        let served = r.text().replace("<script src=\"/__docent/live-reload.js\" defer></script>\n", "");
        assert!(served.as_bytes() == bytes.as_slice(), "{path} differs from docent build");
    }
    assert_eq!(server.get("/login/first-time/").status, 404);
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = small_site();
    let mut server = Server::start(&site);
    let pid = server.child.id().to_string();
    assert!(std::process::Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let start = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status:?}");
            break;
        }
        assert!(start.elapsed() < PATIENCE, "docent serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A site with one of everything a page's output can depend on: sections, videos (embedded and
/// listed), quick links, a search help page, roles, aliases, screens, a template of its own and
/// a static file.
fn rich_site() -> TempSite {
    let page_template = std::fs::read_to_string(repo().join("themes/default/templates/page.html")).unwrap();
    let site = TempSite::new(&[
        (
            "docent.toml",
            "title = \"Rich\"\n[search]\nhelp_page = \"help/contact.md\"\n\n[[quick_links]]\ntitle = \"Reset\"\nurl = \"login/reset.md\"\n\n[vars]\ndesk_url = \"https://desk.example.org/\"\n\n[languages.es]\nname = \"Español\"\n",
        ),
        (
            "content/login/reset.es.md",
            "+++\ntitle = \"Restablecer\"\n+++\n## Pasos\n\nUse Olvidé. Vea [primera](first-time.md#steps).\n",
        ),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome. [Reset](login/reset.md#steps)\n"),
        ("content/login/_index.md", "+++\ntitle = \"Logging in\"\n+++\nHow to log in.\n"),
        (
            "content/login/first-time.md",
            "+++\ntitle = \"First time\"\nweight = 1\nroles = [\"clerk\"]\naliases = [\"/old/first/\"]\n+++\n## Steps\n\nOpen the portal.\n",
        ),
        (
            "content/login/reset.md",
            "+++\ntitle = \"Reset your password\"\nweight = 2\nscreens = [\"password-reset\"]\nvideos = [\"intro\"]\n+++\n## Steps\n\nUse Forgot Password. See [first](first-time.md#steps).\n\n::video[intro]\n",
        ),
        ("content/help/contact.md", "+++\ntitle = \"Contact us\"\nroles = [\"nurse\"]\n+++\nCall the desk.\n"),
        // The authoring toolkit: a snippet, a section of a page, a variable and a glossary term.
        (
            "content/help/request.md",
            "+++\ntitle = \"Send a request\"\n+++\nThe CVP desk.\n\n::include[shared/steps.md]\n\n::include[login/first-time.md#steps]\n",
        ),
        ("snippets/shared/steps.md", "Open [the desk](:var[desk_url]) and [reset](../login/reset.md).\n"),
        ("glossary.toml", "[CVP]\nfull = \"Connecticut Vaccine Program\"\n"),
        ("videos/intro.vtt", VTT),
        ("videos/intro.toml", "title = \"Intro\"\nscreens = [\"password-reset\"]\n"),
        (
            "templates/page.html",
            &page_template.replace("<article class=\"page\">", "<article class=\"page\" data-own>"),
        ),
        ("static/extra.css", "body { color: black; }\n"),
    ]);
    site.write("videos/intro.webm", &webm());
    site
}

/// The options `docent serve` builds `site` with, as a `Session` in the tests takes them.
fn session_options(site: &TempSite) -> docent::BuildOptions {
    docent::BuildOptions {
        root: site.root().to_path_buf(),
        base_url: Some("http://127.0.0.1:1/".into()),
        drafts: false,
        preview: true,
        role: None,
    }
}

#[test]
fn the_model_kept_in_memory_builds_what_a_fresh_build_does_after_edits() {
    use docent::serve::rebuild::{Outcome, Session};
    let site = rich_site();
    let opts = session_options(&site);
    let mut session = Session::start(opts.clone()).unwrap();
    assert!(session.problems.is_empty(), "{:?}", session.problems);
    // The pages made for paper are compared too: they are built from every page of a module.
    for printed in ["print/index.html", "login/print/index.html", "help/cards/index.html"] {
        assert!(session.tree.files.contains_key(printed), "{printed}");
    }
    let page_template = std::fs::read_to_string(site.path("templates/page.html")).unwrap();
    let edited_template = page_template.replace("data-own", "data-own-edited");
    let png = std::fs::read(repo().join("tests/fixtures/toolkit/content/send/form.png")).unwrap();
    let blocks: &[u8] = b"+++\ntitle = \"Blocks\"\n+++\n::: tabs\n== Clerks\n::: only roles=\"clerk\"\n::: steps\n1. Go.\n   Result: Gone.\n:::\n:::\n== Others\n::: details Why?\nBecause.\n:::\n:::\n\n![A shot](shot.png \"The *shot*\")\n";
    let edits: Vec<(&str, Option<&[u8]>)> = vec![
        // A translation: its text and title; a new one (the page it translates loses its notice).
        ("content/login/reset.es.md", Some("+++\ntitle = \"Restablecer la contraseña\"\n+++\n## Pasos\n\nTexto nuevo.\n".as_bytes())),
        ("content/login/_index.es.md", Some("+++\ntitle = \"Iniciar sesión\"\n+++\nCómo entrar.\n".as_bytes())),
        // `:::` blocks and a figure; then a larger copy of its image (its srcset follows), an
        // edit to the blocks, and the copy removed again.
        ("content/login/shot.png", Some(&png)),
        ("content/login/blocks.md", Some(blocks)),
        ("content/login/shot@2x.png", Some(&png)),
        ("content/login/blocks.md", Some(b"+++\ntitle = \"Blocks\"\n+++\n::: only roles=\"nurse\"\n![A shot](shot.png \"Other\")\n:::\n")),
        ("content/login/shot@2x.png", None),
        // A page: its text, then only its summary (the section page that lists it must follow).
        ("content/login/reset.md", Some(b"+++\ntitle = \"Reset it\"\nweight = 5\nvideos = [\"intro\"]\n+++\n## Steps\n\nNew text.\n\n::video[intro]\n")),
        ("content/login/first-time.md", Some(b"+++\ntitle = \"First time\"\nweight = 1\nroles = [\"clerk\"]\n+++\n## Steps\n\nA new summary.\n")),
        // A section.
        ("content/login/_index.md", Some(b"+++\ntitle = \"Logging in\"\ndescription = \"All about it\"\n+++\nHi.\n")),
        // A video's sidecar (title and screens) and its captions, which name two pages (linked
        // from the video's page; the second page is renamed, then deleted, below).
        ("videos/intro.toml", Some(b"title = \"Choose a new password\"\nscreens = [\"password-reset\"]\n")),
        ("videos/intro.vtt", Some(b"WEBVTT\n\n00:00.000 --> 00:02.000\nSee First time, or Contact us.\n")),
        // Roles and aliases.
        ("content/help/contact.md", Some(b"+++\ntitle = \"Contact the desk\"\nroles = [\"manager\"]\naliases = [\"/old/contact/\"]\n+++\nCall.\n")),
        // A snippet, a page another includes a section of, a variable, the glossary.
        ("snippets/shared/steps.md", Some(b"Then [call](:var[desk_url]) the CVP.\n")),
        ("content/login/first-time.md", Some(b"+++\ntitle = \"First time\"\nweight = 1\nroles = [\"clerk\"]\n+++\n## Steps\n\nOpen the new portal.\n")),
        ("glossary.toml", Some(b"[CVP]\nfull = \"Connecticut Vaccine Program\"\ndefinition = \"The state program.\"\n[desk]\ndefinition = \"Where requests go.\"\n")),
        ("snippets/shared/steps.md", None),
        ("snippets/shared/steps.md", Some(b"Open [the desk](:var[desk_url]).\n")),
        ("glossary.toml", None),
        // The configuration: quick links, the search help page, the title, the variables.
        ("docent.toml", Some(b"title = \"Renamed\"\n[search]\nhelp_page = \"login/first-time.md\"\n\n[[quick_links]]\ntitle = \"First\"\nurl = \"login/first-time.md\"\n\n[vars]\ndesk_url = \"https://new-desk.example.org/\"\n\n[languages.es]\n")),
        // A template of the site's own, and a static file.
        ("templates/page.html", Some(edited_template.as_bytes())),
        ("static/extra.css", Some(b"p { margin: 0 }\n")),
        // Drafts, errors, deletions, an asset beside a page.
        ("content/login/draft.md", Some(b"+++\ntitle = \"Draft\"\ndraft = true\n+++\nNot yet.\n")),
        ("content/login/bad.md", Some(b"+++\ntitle = 3\n+++\n")),
        ("content/login/bad.md", None),
        ("content/login/draft.md", Some(b"+++\ntitle = \"Draft\"\n+++\nPublished now.\n")),
        ("content/help/contact.md", None),
        // A translation removed: its page falls back to the source with the notice.
        ("content/login/_index.es.md", None),
        ("content/login/reset/shot.png", Some(b"not really a png")),
        ("videos/intro.toml", None),
        ("templates/page.html", None),
    ];
    for (path, bytes) in edits {
        match bytes {
            Some(b) => site.write(path, b),
            None => std::fs::remove_file(site.path(path)).unwrap(),
        }
        let outcome = session.apply(&[site.path(path)]);
        let fresh = docent::build(&opts).unwrap();
        if fresh.has_errors() {
            assert_eq!(outcome, Outcome::Failed, "{path}");
            let errors: Vec<_> = fresh.diagnostics.into_iter().filter(|d| d.is_error()).collect();
            assert_eq!(session.problems, errors, "after {path}");
            continue;
        }
        assert!(session.problems.is_empty(), "{path}: {:?}", session.problems);
        // When the browsers are told to reload, everything but the search index is current...
        let pages = |tree: &docent::output::OutputTree| {
            let mut t = tree.files.clone();
            t.retain(|p, _| !docent::derive::search::is_index_file(p));
            t
        };
        assert_eq!(differing(&pages(&session.tree), &pages(&fresh.tree)), Vec::<String>::new(), "after {path}");
        // ...and once the index follows, the whole tree is what `docent build` makes.
        session.finish_search();
        assert!(!session.search_pending());
        assert_eq!(differing(&session.tree.files, &fresh.tree.files), Vec::<String>::new(), "after {path}");
    }
}

#[test]
fn pages_are_kept_on_disk_and_rendered_again_from_the_kept_markdown_after_a_template_edit() {
    use docent::output::OutputFile;
    let site = rich_site();
    let opts = session_options(&site);
    let mut session = docent::serve::rebuild::Session::start(opts.clone()).unwrap();
    let pages = ["login/reset/index.html", "es/login/reset/index.html", "login/print/index.html"];
    let staged =
        |tree: &docent::output::OutputTree| pages.iter().all(|p| matches!(tree.files[*p], OutputFile::Staged(_)));
    assert!(staged(&session.tree), "pages and print pages are in the staging files, not in memory");
    // Every page is rendered again with the new template, from the Markdown HTML the memo kept
    // on disk; the bytes read back are a fresh build's, byte for byte.
    let template = std::fs::read_to_string(site.path("templates/page.html")).unwrap();
    site.write("templates/page.html", template.replace("data-own", "data-own-again").as_bytes());
    session.apply(&[site.path("templates/page.html")]);
    session.finish_search();
    assert!(session.problems.is_empty(), "{:?}", session.problems);
    assert!(staged(&session.tree));
    let fresh = docent::build(&opts).unwrap();
    for (path, file) in &fresh.tree.files {
        let OutputFile::Bytes(bytes) = file else { continue };
        let served = session.tree.read(path).unwrap_or_else(|| panic!("{path} is served")).unwrap();
        assert!(served == **bytes, "{path} differs from a fresh build");
    }
    assert!(session.tree.read("login/reset/index.html").unwrap().unwrap().windows(14).any(|w| w == b"data-own-again"));
}

/// Output paths whose files differ between two trees (present in one only, or different bytes).
fn differing(
    a: &std::collections::BTreeMap<String, docent::output::OutputFile>,
    b: &std::collections::BTreeMap<String, docent::output::OutputFile>,
) -> Vec<String> {
    let mut paths: Vec<String> = a.keys().chain(b.keys()).filter(|p| a.get(*p) != b.get(*p)).cloned().collect();
    paths.dedup();
    paths
}

#[test]
fn pages_forbid_foreign_frames_and_the_widget_files_allow_local_cors_following_docent_toml() {
    let site = small_site();
    let server = Server::start(&site);
    for path in ["/", "/login/reset/", "/no-such-page/", "/extra.css"] {
        let r = server.get(path);
        assert_eq!(
            r.header("content-security-policy").as_deref(),
            Some("frame-ancestors 'self'"),
            "{path}: {}",
            r.head
        );
        assert_eq!(r.header("access-control-allow-origin"), None, "{path}");
    }
    // The widget's files may be read across origins by an application running on this machine,
    // not by any website the author happens to visit.
    for path in ["/help-map.json", "/docent-help.js"] {
        let r = server.get_with(path, "Origin: http://localhost:3000\r\n");
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("access-control-allow-origin").as_deref(), Some("http://localhost:3000"), "{path}");
        assert_eq!(r.header("vary").as_deref(), Some("Origin"), "{path}");
        assert_eq!(r.header("content-security-policy").as_deref(), Some("frame-ancestors 'self'"), "{path}");
        let r = server.get_with(path, "Origin: https://evil.example\r\n");
        assert_eq!((r.status, r.header("access-control-allow-origin")), (200, None), "{path}");
        assert_eq!(server.get(path).header("access-control-allow-origin"), None, "{path}");
    }
    site.write(
        "docent.toml",
        b"title = \"Serve test\"\nbase_url = \"https://example.org/help/\"\n[security]\nframe_ancestors = \"'none'\"\n",
    );
    let start = Instant::now();
    while server.get("/").header("content-security-policy").as_deref() != Some("frame-ancestors 'none'") {
        assert!(start.elapsed() < PATIENCE, "the new frame_ancestors was never served");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_follows_edits_to_snippets_and_the_glossary() {
    let site = small_site();
    site.write("content/login/first-time.md", b"+++\ntitle = \"First time\"\n+++\nThe CVP.\n\n::include[steps.md]\n");
    site.write("snippets/steps.md", b"Choose Immunizations Program.\n");
    let server = Server::start(&site);
    let page = || server.get("/login/first-time/").text();
    assert!(page().contains("Choose Immunizations Program."), "{}", page());
    let wait_for = |what: &str| {
        let start = Instant::now();
        while !page().contains(what) {
            assert!(start.elapsed() < PATIENCE, "never served: {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    site.write("snippets/steps.md", b"Choose Vaccines for Children.\n");
    wait_for("Choose Vaccines for Children.");
    site.write("glossary.toml", b"[CVP]\nfull = \"Connecticut Vaccine Program\"\n");
    wait_for("<abbr>CVP</abbr>");
    assert!(server.get("/glossary/").text().contains("Connecticut Vaccine Program"));
}
