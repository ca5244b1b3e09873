//! `docent build` end to end: the real binary on real folders.

mod common;
use common::*;
use std::time::{Duration, Instant};

const HOME: (&str, &str) = ("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n");

#[test]
fn example_site_builds_with_no_diagnostics() {
    let out = tempfile::tempdir().unwrap();
    let o =
        docent().args(["build", "--root"]).arg(repo()).arg("--output").arg(out.path().join("public")).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "the example site must build without warnings");
    let tree = read_tree(&out.path().join("public"));
    assert!(tree.contains_key("index.html"));
    assert!(tree.contains_key("404.html"));
    assert!(tree.contains_key("sitemap.xml"));
    assert!(tree.contains_key("robots.txt"));
    let pages = tree.keys().filter(|k| k.ends_with("index.html")).count();
    assert!(pages >= 20, "only {pages} pages");
}

#[test]
fn two_builds_with_different_thread_counts_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for (dir, threads) in [(&a, "1"), (&b, "2")] {
        let o = docent()
            .env("RAYON_NUM_THREADS", threads)
            .args(["build", "--root"])
            .arg(repo())
            .arg("--output")
            .arg(dir.path().join("p"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let (ta, tb) = (read_tree(&a.path().join("p")), read_tree(&b.path().join("p")));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(v == &tb[k], "{k} differs between builds");
    }
}

/// `docent build` writes pages and print pages while rendering and keeps none of them, and its
/// search index frees the pages' text as it reads it (issue 21); what it writes must be exactly
/// what the in-memory build (`docent serve`'s) holds, languages, print pages and search indexes
/// included.
#[test]
fn streamed_pages_on_disk_are_the_in_memory_build() {
    let out = tempfile::tempdir().unwrap();
    let o = docent().args(["build", "--root"]).arg(repo()).arg("--output").arg(out.path().join("p")).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let disk = read_tree(&out.path().join("p"));
    let build = docent::build(&docent::BuildOptions { root: repo(), ..Default::default() }).unwrap();
    let memory: Vec<&String> = build.tree.files.keys().collect();
    let written: Vec<&String> = disk.keys().filter(|p| *p != ".docent/files").collect();
    assert_eq!(written, memory, "docent build wrote other files than the build holds");
    for path in [
        "index.html",
        "es/index.html",
        "print/index.html",
        "es/print/index.html",
        "search/manifest.json",
        "es/search/manifest.json",
    ] {
        assert!(build.tree.files.contains_key(path), "{path} is not in the build");
    }
    for path in memory {
        let bytes = build.tree.read(path).unwrap().unwrap();
        assert!(disk.get(path.as_str()) == Some(&bytes), "{path} on disk differs from the in-memory build");
    }
}

/// A one-off build whose staging folder refuses temporary files (no spill) keeps each page's
/// Markdown HTML LZ4-packed in memory instead: its pages are the in-memory build's.
#[test]
fn a_one_off_build_without_its_spill_renders_the_same_pages() {
    let opts = docent::BuildOptions { root: repo(), ..Default::default() };
    let memory = docent::build(&opts).unwrap();
    let (site, diags) = docent::content::load_site(&repo()).unwrap();
    let pages = std::sync::Mutex::new(std::collections::BTreeMap::new());
    let put = |path: &str, html: docent::output::SharedBytes| {
        pages.lock().unwrap().insert(path.to_string(), html.to_vec());
        docent::output::OutputFile::Written
    };
    let sink = docent::render::PageSink { put: &put, keeps_memo: false, spill: None };
    let (build, _) = docent::build_pages(site, diags, &opts, &mut Default::default(), Some(sink));
    assert!(!build.has_errors());
    let pages = pages.into_inner().unwrap();
    assert!(pages.contains_key("index.html") && pages.contains_key("es/print/index.html"), "{:?}", pages.keys());
    for (path, html) in &pages {
        assert!(memory.tree.read(path).unwrap().unwrap() == *html, "{path} differs from the in-memory build");
    }
}

#[test]
fn failed_build_leaves_previous_output_byte_identical() {
    let site = TempSite::new(&[
        HOME,
        ("content/a.md", "+++\ntitle = \"A\"\n+++\nSee [b](b.md).\n"),
        ("content/b.md", "+++\ntitle = \"B\"\n+++\nB.\n"),
    ]);
    assert!(site.build(&[]).status.success());
    let before = read_tree(&site.path("public"));
    std::fs::remove_file(site.path("content/b.md")).unwrap();
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error: content/a.md:4:5: link to b.md: no such page"), "{}", stderr(&o));
    assert!(stderr(&o).contains("left as it was"));
    assert_eq!(read_tree(&site.path("public")), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left behind");
}

/// Builds a site expected to fail; returns stderr after checking exit 1 and that no output was written.
fn fails(files: &[(&str, &str)]) -> String {
    let site = TempSite::new(files);
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1), "expected a content error, got: {}", stderr(&o));
    assert!(!site.path("public").exists(), "a failed build must not write output");
    stderr(&o)
}

#[test]
fn unclosed_front_matter_names_file_and_says_what_to_do() {
    let err = fails(&[HOME, ("content/a.md", "+++\ntitle = \"A\"\nBody\n")]);
    assert!(err.contains("error: content/a.md:1:1: front matter opened with `+++` is never closed"), "{err}");
    assert!(err.contains("= help: add a line with just `+++`"), "{err}");
}

#[test]
fn wrong_type_in_front_matter_names_the_line() {
    let err = fails(&[HOME, ("content/a.md", "+++\ntitle = \"A\"\nweight = \"first\"\n+++\n")]);
    assert!(err.contains("error: content/a.md:3:"), "{err}");
    assert!(err.contains("`weight` must be a whole number, found the text \"first\""), "{err}");
}

#[test]
fn unknown_front_matter_key_is_named() {
    let err = fails(&[HOME, ("content/a.md", "+++\ntitle = \"A\"\ncolour = \"red\"\n+++\n")]);
    assert!(err.contains("error: content/a.md:3:1: unknown front matter key `colour`"), "{err}");
}

#[test]
fn unknown_config_key_is_named() {
    let err = fails(&[HOME, ("docent.toml", "title = \"x\"\nthem = \"dark\"\n")]);
    assert!(err.contains("error: docent.toml:2:1:"), "{err}");
    assert!(err.contains("`them`"), "{err}");
}

#[test]
fn invalid_utf8_is_reported_with_its_line() {
    let site = TempSite::new(&[HOME]);
    site.write("content/a.md", b"+++\ntitle = \"A\"\n+++\n\xff\xfe\n");
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error: content/a.md:4:1: the file is not valid UTF-8"), "{}", stderr(&o));
}

#[test]
fn bom_and_crlf_build_the_same_as_lf() {
    let lf = "+++\ntitle = \"A\"\n+++\nLine one\nline two\n\n## Steps\n";
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let a = TempSite::new(&[HOME, ("content/a.md", lf)]);
    let b = TempSite::new(&[HOME, ("content/a.md", &crlf)]);
    assert!(a.build(&[]).status.success());
    assert!(b.build(&[]).status.success());
    assert_eq!(read_tree(&a.path("public")), read_tree(&b.path("public")));
}

#[test]
fn empty_file_is_an_error() {
    let err = fails(&[HOME, ("content/a.md", "")]);
    assert!(err.contains("error: content/a.md:1:1: the file is empty"), "{err}");
}

#[test]
fn two_files_with_one_url_are_both_named() {
    let err = fails(&[
        HOME,
        ("content/a-b.md", "+++\ntitle = \"1\"\n+++\n"),
        ("content/a_b.md", "+++\ntitle = \"2\"\n+++\n"),
    ]);
    assert!(err.contains("content/a-b.md") && err.contains("content/a_b.md") && err.contains("/a-b/"), "{err}");
}

#[test]
fn link_to_missing_anchor_lists_the_headings() {
    let err = fails(&[
        HOME,
        ("content/a.md", "+++\ntitle = \"A\"\n+++\n[x](b.md#nope)\n"),
        ("content/b.md", "+++\ntitle = \"B\"\n+++\n## Steps\n"),
    ]);
    assert!(err.contains("error: content/a.md:4:1: link to #nope in content/b.md: no such heading"), "{err}");
    assert!(err.contains("headings there: steps"), "{err}");
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let err = fails(&[
        HOME,
        ("content/a.md", "+++\ntitle = \"A\"\n+++\n[x](x.md) [y](y.md)\n"),
        ("content/b.md", "+++\nbogus = 1\n+++\n"),
    ]);
    assert_eq!(err.matches("error: content/").count(), 3, "{err}");
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_an_error() {
    let site = TempSite::new(&[HOME]);
    std::fs::create_dir_all(site.path("content/a")).unwrap();
    std::os::unix::fs::symlink(site.path("content"), site.path("content/a/loop")).unwrap();
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("content/a/loop:1:1: symlink loop"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn symlink_outside_the_site_is_not_followed_and_warned() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "+++\ntitle = \"Secret\"\n+++\n").unwrap();
    let site = TempSite::new(&[HOME]);
    std::os::unix::fs::symlink(outside.path().join("secret.md"), site.path("content/secret.md")).unwrap();
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: content/secret.md:1:1: symlink points outside the site"), "{}", stderr(&o));
    assert!(!site.path("public/secret").exists());
}

#[test]
fn template_error_names_the_template_line() {
    let err = fails(&[HOME, ("templates/page.html", "<p>\n{% if %}x{% endif %}\n")]);
    assert!(err.contains("error: templates/page.html:2:"), "{err}");
}

#[test]
fn template_render_error_names_the_page() {
    let err = fails(&[
        HOME,
        ("content/a.md", "+++\ntitle = \"A\"\n+++\n"),
        ("templates/page.html", "{{ page.nope.deeper }}"),
    ]);
    assert!(err.contains("templates/page.html") && err.contains("while rendering content/a.md"), "{err}");
}

#[test]
fn pathological_markdown_renders_without_overflow() {
    let nested = ">".repeat(20_000) + " deep\n";
    let lists: String = (0..2_000).map(|i| format!("{}- x\n", "  ".repeat(i))).collect();
    let emphasis = "*".repeat(40_000);
    let site = TempSite::new(&[
        HOME,
        ("content/a.md", &format!("+++\ntitle = \"A\"\n+++\n{nested}")),
        ("content/b.md", &format!("+++\ntitle = \"B\"\n+++\n{lists}")),
        ("content/c.md", &format!("+++\ntitle = \"C\"\n+++\n{emphasis}\n")),
    ]);
    let mut child = docent().arg("build").arg("--root").arg(site.root()).spawn().unwrap();
    // A generous bound that only a hang would exceed; speed itself is measured in benchmarks.
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("pathological Markdown did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success());
}

/// A small tmpfs mounted for one test (root only), unmounted on drop.
#[cfg(target_os = "linux")]
struct Mount(std::path::PathBuf);

#[cfg(target_os = "linux")]
impl Mount {
    fn tmpfs(dir: &std::path::Path, options: &str) -> Mount {
        std::fs::create_dir_all(dir).unwrap();
        let o = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir)
            .output()
            .unwrap();
        assert!(o.status.success(), "mount tmpfs: {}", String::from_utf8_lossy(&o.stderr));
        Mount(dir.to_path_buf())
    }
}

#[cfg(target_os = "linux")]
impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

fn is_root() -> bool {
    std::process::Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0\n")).unwrap_or(false)
}

#[cfg(target_os = "linux")]
#[test]
fn read_only_output_folder_is_an_io_error_and_nothing_is_lost() {
    use std::os::unix::fs::PermissionsExt;
    let site = TempSite::new(&[HOME]);
    let ro = site.path("ro");
    // Root ignores file permissions, so as root the folder is a read-only mount instead.
    let _mount = if is_root() {
        Some(Mount::tmpfs(&ro, "ro,size=64k"))
    } else {
        std::fs::create_dir_all(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        None
    };
    let o = site.build(&["--output", ro.join("public").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("error: creating") && stderr(&o).contains("ro/"), "{}", stderr(&o));
    assert!(!ro.join("public").exists());
}

#[cfg(target_os = "linux")]
#[test]
fn full_output_disk_is_an_io_error_and_previous_output_survives() {
    if !is_root() {
        return output_write_failure_keeps_previous_output();
    }
    let big = "word ".repeat(40_000);
    let site = TempSite::new(&[HOME]);
    let disk = site.path("disk");
    let _mount = Mount::tmpfs(&disk, "size=256k");
    let out = disk.join("public");
    let o = site.build(&["--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = read_tree(&out);
    site.write("content/big.md", format!("+++\ntitle = \"Big\"\n+++\n{big}\n").as_bytes());
    let o = site.build(&["--output", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("No space left on device"), "{}", stderr(&o));
    assert_eq!(read_tree(&out), before, "the previous output must survive a full disk");
    let names: Vec<String> =
        std::fs::read_dir(&disk).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, vec!["public".to_string()], "the temporary folder must be cleaned up");
}

#[test]
fn output_write_failure_keeps_previous_output() {
    // A file where the output's temporary folder must go makes the write fail, as a full disk would.
    let site = TempSite::new(&[HOME, ("content/a.md", "+++\ntitle = \"A\"\n+++\n")]);
    assert!(site.build(&[]).status.success());
    let before = read_tree(&site.path("public"));
    let out = site.path("public");
    // A static file where page b's folder must go makes writing fail midway.
    site.write("content/b.md", b"+++\ntitle = \"B\"\n+++\n");
    site.write("static/b", b"not a folder");
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(read_tree(&out), before);
}

#[test]
fn output_that_is_the_site_is_refused() {
    let site = TempSite::new(&[HOME]);
    let o = site.build(&["--output", site.root().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is, or contains, the site folder"), "{}", stderr(&o));
    assert!(site.path("content/_index.md").exists());
}

#[test]
fn sub_path_base_url_prefixes_every_link() {
    let site = TempSite::new(&[HOME, ("content/a.md", "+++\ntitle = \"A\"\n+++\n[home](_index.md)\n")]);
    let o = site.build(&["--base-url", "https://org.github.io/help/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(site.path("public/a/index.html")).unwrap();
    assert!(html.contains("href=\"/help/\""), "{html}");
    assert!(html.contains("/help/style."), "{html}");
    let sitemap = std::fs::read_to_string(site.path("public/sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://org.github.io/help/a/</loc>"), "{sitemap}");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TempSite::new(&[HOME, ("content/d.md", "+++\ntitle = \"D\"\ndraft = true\n+++\n")]);
    assert!(site.build(&[]).status.success());
    assert!(!site.path("public/d/index.html").exists());
    assert!(site.build(&["--drafts"]).status.success());
    assert!(site.path("public/d/index.html").exists());
}

#[test]
fn aliases_write_redirect_pages_and_assets_are_copied() {
    let site = TempSite::new(&[
        HOME,
        (
            "content/login/reset.md",
            "+++\ntitle = \"Reset\"\naliases = [\"/old/reset.html\", \"/older/\"]\n+++\n![Diagram](reset/d.txt)\n",
        ),
        ("content/login/reset/d.txt", "x"),
        ("static/favicon.ico", "i"),
    ]);
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r = std::fs::read_to_string(site.path("public/old/reset.html")).unwrap();
    assert!(r.contains("url=/login/reset/"), "{r}");
    assert!(site.path("public/older/index.html").exists());
    assert_eq!(std::fs::read(site.path("public/login/reset/d.txt")).unwrap(), b"x");
    assert!(site.path("public/favicon.ico").exists());
}

#[test]
fn new_writes_a_starter_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("help");
    let o = docent().arg("new").arg(&target).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = docent().arg("build").arg("--root").arg(&target).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    assert!(target.join("public/getting-started/first-login/index.html").exists());
    let again = docent().arg("new").arg(&target).output().unwrap();
    assert_eq!(again.status.code(), Some(2), "new must refuse a non-empty folder");
}

#[test]
fn help_and_version() {
    let o = docent().arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("docent "));
    let o = docent().args(["build", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("--base-url"));
    let o = docent().arg("frobnicate").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn headers_file_carries_frame_ancestors_and_cors_for_the_widget() {
    let site = TempSite::new(&[
        HOME,
        (
            "docent.toml",
            "title = \"x\"\nbase_url = \"https://org.github.io/help/\"\n[security]\nframe_ancestors = \"'self'  https://app.example.org\"\n",
        ),
    ]);
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let headers = std::fs::read_to_string(site.path("public/_headers")).unwrap();
    assert_eq!(
        headers,
        "# Written by docent: response headers for hosts that read this file.\n\
         /help/*\n  Content-Security-Policy: frame-ancestors 'self' https://app.example.org\n\
         /help/docent-help.js\n  Access-Control-Allow-Origin: *\n\
         /help/help-map.json\n  Access-Control-Allow-Origin: *\n"
    );
    // Without a setting, only the site itself may frame its pages.
    let plain = TempSite::new(&[HOME]);
    assert!(plain.build(&[]).status.success());
    let headers = std::fs::read_to_string(plain.path("public/_headers")).unwrap();
    assert!(headers.contains("/*\n  Content-Security-Policy: frame-ancestors 'self'\n"), "{headers}");
}

#[test]
fn frame_ancestors_that_would_break_the_header_is_an_error_naming_the_line() {
    let err =
        fails(&[HOME, ("docent.toml", "title = \"x\"\n[security]\nframe_ancestors = \"'self'; script-src *\"\n")]);
    assert!(err.contains("error: docent.toml:3:"), "{err}");
    assert!(err.contains("`'self';` is not a frame-ancestors source"), "{err}");
    let err = fails(&[HOME, ("docent.toml", "[security]\nframe_ancestors = \"none\"\n")]);
    assert!(err.contains("error: docent.toml:2:") && err.contains("'none'"), "{err}");
}

#[test]
fn a_sites_own_headers_file_is_kept_with_a_warning_listing_docents_rules() {
    let site = TempSite::new(&[HOME, ("static/_headers", "/*\n  X-Robots-Tag: noindex\n")]);
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("warning: static/_headers:1:1: this file replaces the _headers docent writes"), "{err}");
    assert!(err.contains("Content-Security-Policy: frame-ancestors 'self'"), "{err}");
    assert_eq!(std::fs::read_to_string(site.path("public/_headers")).unwrap(), "/*\n  X-Robots-Tag: noindex\n");
}

/// A site of `modules` top-level modules, each with one page.
fn site_of_modules(modules: usize) -> TempSite {
    let mut files: Vec<(String, String)> = vec![(HOME.0.to_string(), HOME.1.to_string())];
    for m in 0..modules {
        files.push((format!("content/m{m:02}/_index.md"), format!("+++\ntitle = \"Module {m:02}\"\n+++\nAbout it.\n")));
        files.push((format!("content/m{m:02}/task.md"), format!("+++\ntitle = \"Task in {m:02}\"\n+++\nDo it.\n")));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    TempSite::new(&files)
}

fn menu_of(html: &str) -> &str {
    let start = html.find("<ul class=\"menu\">").expect("a menu");
    &html[start..start + html[start..].find("</nav>").unwrap()]
}

#[test]
fn a_site_of_many_modules_gives_each_module_a_menu_of_its_own() {
    let site = site_of_modules(31);
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(site.path("public/m05/task/index.html")).unwrap();
    let menu = menu_of(&page);
    assert!(menu.contains("<a href=\"/#modules-title\">All modules</a>"), "{menu}");
    assert!(menu.contains("href=\"/m05/task/\" aria-current=\"page\""), "{menu}");
    assert!(!menu.contains("/m04/") && !menu.contains("/m06/"), "other modules are left to the home page: {menu}");
    // The home page's list, where that link goes, still names every module.
    let home = std::fs::read_to_string(site.path("public/index.html")).unwrap();
    assert!(home.contains("id=\"modules-title\""), "{home}");
    assert!((0..31).all(|m| home.contains(&format!("href=\"/m{m:02}/\""))), "{home}");
    assert!(!menu_of(&home).contains("/m00/"), "{}", menu_of(&home));

    // Thirty modules still fit one menu: every page lists them all.
    let site = site_of_modules(30);
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(site.path("public/m05/task/index.html")).unwrap();
    let menu = menu_of(&page);
    assert!(!menu.contains("All modules"), "{menu}");
    assert!((0..30).all(|m| menu.contains(&format!("href=\"/m{m:02}/\""))), "{menu}");
}

/// A build stopped before it could remove its staging folder (here killed, as Ctrl+C or the
/// system would) leaves it behind; the next build removes it, and nothing else: not a folder of
/// the same name without docent's marker, nor a previous output an interrupted commit set aside.
#[cfg(unix)]
#[test]
fn the_next_build_removes_the_staging_folder_of_a_killed_build() {
    let mut files: Vec<(String, String)> = vec![(HOME.0.into(), HOME.1.into())];
    for i in 0..400 {
        let body = "Some words about the clinic and its shipments. ".repeat(40);
        files.push((format!("content/p{i}.md"), format!("+++\ntitle = \"Page {i}\"\n+++\n## Steps\n\n{body}\n")));
    }
    let pairs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let site = TempSite::new(&pairs);
    let mut child = docent().arg("build").arg("--root").arg(site.root()).spawn().unwrap();
    let staging = site.path(&format!(".public.tmp-{}", child.id()));
    let marker = staging.join(".docent/building");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !marker.is_file() {
        assert!(child.try_wait().unwrap().is_none(), "the build ended before it could be stopped");
        assert!(Instant::now() < deadline, "no staging folder appeared");
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success() && staging.is_dir(), "a killed build leaves its staging folder");
    assert!(!site.path("public").exists());
    // Look-alikes that stay: a folder of that name without docent's marker (of a process that
    // has ended), another name, and a previous output that an interrupted commit set aside.
    let dead = {
        let mut c = std::process::Command::new("true").spawn().unwrap();
        c.wait().unwrap();
        c.id()
    };
    let unmarked = site.path(&format!(".public.tmp-{dead}"));
    site.write(&format!(".public.tmp-{dead}/mine.txt"), b"x");
    site.write(&format!(".public.tmp-{dead}x/mine.txt"), b"x");
    site.write(&format!(".public.old-{dead}/index.html"), b"the last good site");
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!staging.exists(), "the killed build's staging folder is removed");
    assert!(unmarked.join("mine.txt").is_file(), "a folder without docent's marker stays");
    assert!(site.path(&format!(".public.tmp-{dead}x/mine.txt")).is_file());
    assert!(site.path(&format!(".public.old-{dead}/index.html")).is_file(), "a set-aside output stays");
    assert!(!site.path("public/.docent/building").exists(), "the marker is not published");
    assert!(site.path("public/.docent/files").is_file());
}
