//! What `docent build`, `check` and `serve` refuse so that no file is lost and none from outside
//! the site is published: a folder without docent.toml, an output folder docent did not write,
//! static files that would replace generated ones, symlinks in videos/.

mod common;
use common::*;

const HOME: (&str, &str) = ("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n");

/// A folder that is not a site, with a `public/` holding a file of its owner's.
fn not_a_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("public")).unwrap();
    std::fs::write(dir.path().join("public/f"), "hi").unwrap();
    dir
}

#[test]
fn build_without_docent_toml_fails_and_leaves_public_alone() {
    let dir = not_a_site();
    let o = docent().arg("build").current_dir(dir.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("no docent.toml in") && err.contains("not a docent site"), "{err}");
    let looked = std::path::absolute(dir.path()).unwrap().join("docent.toml");
    assert!(err.contains(&looked.display().to_string()), "must say where it looked: {err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("public/f")).unwrap(), "hi");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing may be written beside public/");
}

#[test]
fn check_of_a_wrong_root_fails_instead_of_passing() {
    let dir = not_a_site();
    for root in ["typo", "."] {
        let o = docent().args(["check", "--root", root]).current_dir(dir.path()).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "check --root {root}: {}", stderr(&o));
        assert!(stderr(&o).contains("no docent.toml in"), "{}", stderr(&o));
        assert!(!stderr(&o).contains("no problems"), "{}", stderr(&o));
    }
    let o = docent().args(["check", "--root", "typo"]).current_dir(dir.path()).output().unwrap();
    assert!(stderr(&o).contains("typo") && stderr(&o).contains("does not exist"), "{}", stderr(&o));
}

#[test]
fn serve_without_docent_toml_fails() {
    let dir = not_a_site();
    let mut child = docent()
        .args(["serve", "--port", "0"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A server that started anyway would run until killed: a bound that only that exceeds.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("docent serve started in a folder without docent.toml");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no docent.toml in"), "{}", stderr(&o));
}

#[test]
fn output_folder_docent_did_not_write_is_refused_and_kept() {
    let site = TempSite::new(&[HOME]);
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("thesis.tex"), "years of work").unwrap();
    let o = site.build(&["--output", out.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("holds files that docent did not write") && err.contains("choose another --output"), "{err}");
    assert_eq!(std::fs::read_to_string(out.path().join("thesis.tex")).unwrap(), "years of work");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 1);
    // The default output folder follows the same rule.
    site.write("public/notes.txt", b"mine");
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(site.path("public/notes.txt")).unwrap(), "mine");
}

#[test]
fn output_folder_that_is_empty_or_a_previous_build_is_replaced() {
    let site = TempSite::new(&[HOME]);
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    std::fs::create_dir(&target).unwrap();
    let o = site.build(&["--output", target.to_str().unwrap()]);
    assert!(o.status.success(), "an empty folder is fine: {}", stderr(&o));
    assert!(target.join(".docent/urls.json").is_file(), "every build carries the marker");
    site.write("content/a.md", b"+++\ntitle = \"A\"\n+++\n");
    let o = site.build(&["--output", target.to_str().unwrap()]);
    assert!(o.status.success(), "a previous build is replaced: {}", stderr(&o));
    assert!(target.join("a/index.html").is_file());
}

#[test]
fn output_that_is_a_file_is_refused() {
    let site = TempSite::new(&[HOME]);
    site.write("out.txt", b"data");
    let o = site.build(&["--output", site.path("out.txt").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(site.path("out.txt")).unwrap(), "data");
}

#[test]
fn output_that_holds_the_site_or_is_inside_its_sources_is_refused() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("docent.toml"), "").unwrap();
    std::fs::write(root.join("content/_index.md"), HOME.1).unwrap();
    for (output, says) in [
        (root.clone(), "is, or contains, the site folder"),
        (parent.path().to_path_buf(), "is, or contains, the site folder"),
        (root.join("content/out"), "inside the site's content/ folder"),
        (root.join("static"), "inside the site's static/ folder"),
    ] {
        let o = docent().args(["build", "--root"]).arg(&root).arg("--output").arg(&output).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{}: {}", output.display(), stderr(&o));
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
    }
    assert_eq!(std::fs::read_to_string(root.join("content/_index.md")).unwrap(), HOME.1);
    assert!(!root.join("content/out").exists());
}

const VTT: &str = "WEBVTT\n\n00:00.000 --> 00:02.000\nHello and welcome.\n";

/// A site with one good video `intro` (webm + captions).
fn video_site() -> TempSite {
    let site = TempSite::new(&[HOME, ("content/a.md", "+++\ntitle = \"A\"\nvideos = [\"intro\"]\n+++\n")]);
    site.write("videos/intro.webm", &std::fs::read(repo().join("videos/reset-your-password.webm")).unwrap());
    site
}

#[cfg(unix)]
#[test]
fn symlinked_file_in_videos_is_not_published() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwd"), "root:x:0:0:SECRET-FILE").unwrap();
    let site = video_site();
    site.write("videos/intro.vtt", VTT.as_bytes());
    std::os::unix::fs::symlink(outside.path().join("passwd"), site.path("videos/intro.png")).unwrap();
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: videos/intro.png:1:1: symlink points outside the site; not followed"),
        "{}",
        stderr(&o)
    );
    let tree = read_tree(&site.path("public"));
    assert!(tree.contains_key("videos/intro.webm"));
    assert!(!tree.contains_key("videos/intro.png"));
    assert!(!tree.values().any(|b| String::from_utf8_lossy(b).contains("SECRET-FILE")), "the file leaked");
}

#[cfg(unix)]
#[test]
fn symlinked_captions_in_videos_are_not_read() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("notes.vtt"), "WEBVTT\n\n00:00.000 --> 00:02.000\nSECRET-CAPTION\n").unwrap();
    let site = video_site();
    std::os::unix::fs::symlink(outside.path().join("notes.vtt"), site.path("videos/intro.vtt")).unwrap();
    let o = docent().arg("check").arg("--root").arg(site.root()).output().unwrap();
    let err = stderr(&o);
    assert!(err.contains("warning: videos/intro.vtt:1:1: symlink points outside the site"), "{err}");
    assert!(!err.contains("SECRET-CAPTION"), "{err}");
    // Without its captions the video is incomplete: the build fails and publishes nothing.
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!site.path("public").exists());
}

#[test]
fn static_files_may_not_replace_generated_ones() {
    let site = TempSite::new(&[
        HOME,
        ("content/a.md", "+++\ntitle = \"A\"\n+++\n![A picture](img.png)\n"),
        ("content/img.png", "the page's picture"),
        ("static/a/index.html", "not the page"),
        ("static/docent-help.js", "alert(1)"),
        ("static/docent-help.js.sri", "sha384-x"),
        ("static/help-map.json", "{}"),
        ("static/404.html", "gone"),
        ("static/img.png", "another picture"),
        ("static/search/manifest.json", "{}"),
        ("static/sitemap.xml", "<urlset/>"),
        ("static/robots.txt", "User-agent: *"),
        ("static/favicon-extra.png", "fine"),
    ]);
    let expect = [
        ("static/a/index.html", "the page of content/a.md"),
        ("static/docent-help.js", "docent-help.js that docent generates"),
        ("static/docent-help.js.sri", "docent-help.js.sri that docent generates"),
        ("static/help-map.json", "help-map.json that docent generates"),
        ("static/404.html", "404.html that docent generates"),
        ("static/img.png", "content/img.png"),
        ("static/search/manifest.json", "the search index"),
        ("static/sitemap.xml", "sitemap.xml that docent generates"),
        ("static/robots.txt", "robots.txt that docent generates"),
    ];
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    for (file, other) in expect {
        let line = err.lines().find(|l| l.starts_with(&format!("error: {file}:1:1: "))).unwrap_or_else(|| {
            panic!("no error for {file}: {err}");
        });
        assert!(line.contains(other), "{line}");
    }
    assert!(err.contains("put your 404.html in templates/"), "{err}");
    assert!(!err.contains("favicon-extra"), "{err}");
    assert!(!site.path("public").exists());
    let o = docent().arg("check").arg("--root").arg(site.root()).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "check reports them too: {}", stderr(&o));
    assert_eq!(stderr(&o).matches("error: static/").count(), expect.len(), "{}", stderr(&o));
}

#[test]
fn no_such_heading_hints_stay_small_on_a_page_of_thousands_of_headings() {
    let headings: String = (0..8000).map(|i| format!("## h{i}\n\n")).collect();
    let links = "[x](#nope)\n\n".repeat(8000);
    let site = TempSite::new(&[HOME, ("content/a.md", &format!("+++\ntitle = \"A\"\n+++\n{headings}{links}"))]);
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.matches("no such heading").count(), 8000, "one error per link");
    // Each error is a line and a short hint, not the page's 8,000 headings (440 MB before).
    assert!(err.len() < 8000 * 300, "{} bytes of diagnostics", err.len());
    assert!(err.contains("= help: nearest of the 8000 headings there: "), "{}", &err[..2000.min(err.len())]);
}

const ENDLESS_MACRO: &str = "{% macro m(n) %}{{ self::m(n=n+1) }}{% endmacro m %}\n<main>{{ self::m(n=0) }}</main>\n";

#[test]
fn endless_template_recursion_is_an_error_naming_the_template() {
    let site = TempSite::new(&[
        HOME,
        ("content/a.md", "+++\ntitle = \"A\"\n+++\nText.\n"),
        ("templates/page.html", ENDLESS_MACRO),
    ]);
    let o = site.build(&[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error: templates/page.html:") && err.contains("macro m nests too deeply"), "{err}");
    assert!(err.contains("while rendering content/a.md") || err.contains("content/a.md"), "{err}");
}

#[test]
fn endless_template_recursion_leaves_serve_up() {
    use std::io::{BufRead as _, BufReader, Read as _, Write as _};
    let site = TempSite::new(&[
        HOME,
        ("content/a.md", "+++\ntitle = \"A\"\n+++\nText.\n"),
        ("templates/page.html", ENDLESS_MACRO),
    ]);
    let mut child = docent()
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut url = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut url).unwrap();
    let port = url.trim().trim_end_matches('/').rsplit(':').next().unwrap().to_string();
    assert!(!port.is_empty(), "serve died before listening: {:?}", child.wait_with_output().unwrap());
    let mut stream = std::net::TcpStream::connect(format!("127.0.0.1:{port}")).unwrap();
    write!(stream, "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 "), "{reply}");
    assert!(child.try_wait().unwrap().is_none(), "the server must stay up");
    child.kill().unwrap();
    let err = String::from_utf8_lossy(&child.wait_with_output().unwrap().stderr).into_owned();
    assert!(err.contains("macro m nests too deeply"), "{err}");
}

#[test]
fn deeply_nested_yaml_front_matter_is_refused_at_its_line() {
    let deep = format!("---\ntitle: A\nextra:\n  x: {}{}\n---\nText.\n", "[".repeat(100_000), "]".repeat(100_000));
    let site = TempSite::new(&[HOME, ("content/a.md", &deep)]);
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("error: content/a.md:4:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("nested deeper than 64 levels"), "{}", stderr(&o));
}

#[test]
fn a_page_over_one_megabyte_builds_with_a_warning() {
    let text = "A sentence of an unusually long page about vaccines and clinics.\n\n".repeat(17_000);
    let site = TempSite::new(&[HOME, ("content/big.md", &format!("+++\ntitle = \"Big\"\n+++\n{text}"))]);
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: content/big.md:1:1: this page is 1.1 MB: pages over 1 MB are unusually large"),
        "{}",
        stderr(&o)
    );
    assert!(site.path("public/big/index.html").is_file());
    let small =
        TempSite::new(&[HOME, ("content/a.md", &format!("+++\ntitle = \"A\"\n+++\n{}", "x".repeat(1_000_000)))]);
    assert!(!stderr(&small.build(&[])).contains("unusually large"));
}

#[test]
fn files_added_to_a_previous_build_are_not_deleted() {
    let site = TempSite::new(&[HOME]);
    assert!(site.build(&[]).status.success());
    let list = std::fs::read_to_string(site.path("public/.docent/files")).unwrap();
    assert!(list.lines().any(|l| l == "index.html") && list.lines().any(|l| l == ".docent/urls.json"), "{list}");
    site.write("public/CNAME", b"help.example.org");
    site.write("public/notes/todo.txt", b"mine");
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("holds 2 file(s) that docent did not write (CNAME, notes/todo.txt)"), "{err}");
    assert!(err.contains("static/"), "says how to proceed: {err}");
    assert_eq!(std::fs::read_to_string(site.path("public/CNAME")).unwrap(), "help.example.org");
    assert_eq!(std::fs::read_to_string(site.path("public/notes/todo.txt")).unwrap(), "mine");
    // Moved to static/, CNAME is docent's to write.
    site.write("static/CNAME", b"help.example.org");
    std::fs::remove_file(site.path("public/CNAME")).unwrap();
    std::fs::remove_dir_all(site.path("public/notes")).unwrap();
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.path("public/CNAME").is_file());
}

#[test]
fn a_build_from_before_the_file_list_is_replaced() {
    let site = TempSite::new(&[HOME]);
    assert!(site.build(&[]).status.success());
    std::fs::remove_file(site.path("public/.docent/files")).unwrap();
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.path("public/.docent/files").is_file());
}
