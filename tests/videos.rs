//! Videos end to end: the real binary on temporary sites with good and bad videos.

mod common;
use common::*;

const HOME: (&str, &str) = ("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n");
const VTT: &str =
    "WEBVTT\n\n00:00.000 --> 00:02.000\nHello and welcome.\n\n00:02.500 --> 00:05.000\nClick Forgot Password.\n";

fn webm() -> Vec<u8> {
    std::fs::read(repo().join("videos/reset-your-password.webm")).expect("the example video")
}

/// A site with one good video `intro` (webm + captions) and the given extra files.
fn site_with(files: &[(&str, &str)]) -> TempSite {
    let site = TempSite::new(&[HOME]);
    site.write("videos/intro.webm", &webm());
    site.write("videos/intro.vtt", VTT.as_bytes());
    for (path, text) in files {
        site.write(path, text.as_bytes());
    }
    site
}

/// Builds, expects exit 1 with no output written and no panic; returns stderr.
fn fails(site: &TempSite) -> String {
    let o = site.build(&[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "expected a content error, got: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!site.path("public").exists(), "a failed build must not write output");
    err
}

#[test]
fn a_good_video_gets_a_page_a_list_entry_an_embed_and_its_files() {
    let site = site_with(&[
        ("content/a.md", "+++\ntitle = \"A\"\nvideos = [\"intro\"]\n+++\nWatch:\n\n::video[intro]\n"),
        (
            "videos/intro.toml",
            "title = \"Intro <tour>\"\n[[chapters]]\nstart = 0\ntitle = \"Start\"\n[[chapters]]\nstart = \"1m05s\"\ntitle = \"Later\"\n",
        ),
    ]);
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let tree = read_tree(&site.path("public"));
    for f in ["videos/index.html", "videos/intro/index.html", "videos/intro.webm", "videos/intro.vtt"] {
        assert!(tree.contains_key(f), "{f} missing");
    }
    let page = String::from_utf8_lossy(&tree["videos/intro/index.html"]).into_owned();
    assert!(page.contains("<h1>Intro &lt;tour&gt;</h1>"), "{page}");
    assert!(
        page.contains("<track kind=\"captions\" src=\"/videos/intro.vtt\" srclang=\"en\" label=\"English\" default>")
    );
    assert!(page.contains("preload=\"metadata\""));
    assert!(page.contains("href=\"#t=65\" data-seek=\"65\""), "chapter link");
    assert!(page.contains("href=\"#t=2\" data-seek=\"2.500\""), "transcript cue link");
    assert!(page.contains("Click Forgot Password."));
    let list = String::from_utf8_lossy(&tree["videos/index.html"]).into_owned();
    assert!(
        list.contains("href=\"/videos/intro/\">Intro &lt;tour&gt;</a>") && list.contains("(</span>1:19<"),
        "{list}"
    );
    let a = String::from_utf8_lossy(&tree["a/index.html"]).into_owned();
    assert!(a.contains("class=\"video-embed\"") && a.contains("Learn More: Intro"), "{a}");
    assert!(a.contains("id=\"page-videos-title\""), "front matter videos are listed on the page");
    let sitemap = String::from_utf8_lossy(&tree["sitemap.xml"]).into_owned();
    assert!(sitemap.contains("<loc>/videos/</loc>") && sitemap.contains("<loc>/videos/intro/</loc>"), "{sitemap}");
}

#[test]
fn missing_video_in_front_matter_names_the_page_line_and_path() {
    let site = site_with(&[("content/a.md", "+++\ntitle = \"A\"\n\nvideos = [\"intro\", \"nope\"]\n+++\nText.\n")]);
    let err = fails(&site);
    assert!(err.contains("error: content/a.md:4:1: in `videos`: no video named `nope`: videos/nope.webm"), "{err}");
    assert!(err.contains("use one of: intro"), "{err}");
}

#[test]
fn missing_video_in_an_embed_names_the_page_and_line() {
    let site = site_with(&[("content/a.md", "+++\ntitle = \"A\"\n+++\nText.\n\n::video[nope]\n")]);
    let err = fails(&site);
    assert!(err.contains("error: content/a.md:6:1: ::video: no video named `nope`: videos/nope.webm"), "{err}");
}

#[test]
fn names_with_quotes_or_parent_folders_are_refused() {
    let site = site_with(&[(
        "content/a.md",
        "+++\ntitle = \"A\"\nvideos = [\"../secret\", \"a\\\"b\"]\n+++\n::video[../x]\n",
    )]);
    let err = fails(&site);
    assert!(err.contains("`../secret` is not a video name"), "{err}");
    assert!(err.contains("`a\"b` is not a video name"), "{err}");
    assert!(err.contains("content/a.md:5:1: ::video: `../x` is not a video name"), "{err}");

    let site = site_with(&[]);
    site.write("videos/it's.webm", &webm());
    site.write("videos/it's.vtt", VTT.as_bytes());
    let err = fails(&site);
    assert!(err.contains("videos/it's.webm:1:1: `it's` is not a valid video name"), "{err}");
}

#[test]
fn a_video_without_captions_is_an_error_unless_it_has_no_speech() {
    let site = site_with(&[]);
    site.write("videos/silent.webm", &webm());
    let err = fails(&site);
    assert!(
        err.contains("error: videos/silent.webm:1:1: this video has no captions: videos/silent.vtt is missing"),
        "{err}"
    );
    assert!(err.contains("speech = false"), "{err}");
    site.write("videos/silent.toml", b"speech = false\n");
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn malformed_captions_name_the_file_and_line() {
    let site = site_with(&[(
        "videos/intro.vtt",
        "WEBVTT\n\n00:00.000 --> 00:02.000\nHi.\n\n00:03.000 -> 00:04.000\nBad arrow.\n",
    )]);
    let err = fails(&site);
    assert!(err.contains("error: videos/intro.vtt:6:1: captions: expected a cue timing line"), "{err}");

    let site = site_with(&[(
        "videos/intro.vtt",
        "WEBVTT\n\n00:00.000 --> 00:02.000\nHi.\n\n00:03.000 --> 00:0x.000\nBad time.\n",
    )]);
    let err = fails(&site);
    assert!(err.contains("error: videos/intro.vtt:6:1: captions: malformed end time `00:0x.000`"), "{err}");

    let site = site_with(&[("videos/intro.vtt", "Hello\n")]);
    let err = fails(&site);
    assert!(err.contains("videos/intro.vtt:1:1: captions: a captions file must start with the line `WEBVTT`"), "{err}");
}

#[test]
fn cues_out_of_order_or_overlapping_are_errors() {
    let site =
        site_with(&[("videos/intro.vtt", "WEBVTT\n\n00:05.000 --> 00:06.000\nB\n\n00:01.000 --> 00:02.000\nA\n")]);
    let err = fails(&site);
    assert!(err.contains("videos/intro.vtt:6:1: captions: cues out of order"), "{err}");
    let site =
        site_with(&[("videos/intro.vtt", "WEBVTT\n\n00:01.000 --> 00:06.000\nA\n\n00:05.000 --> 00:07.000\nB\n")]);
    let err = fails(&site);
    assert!(err.contains("videos/intro.vtt:6:1: captions: this cue overlaps the one before (line 3)"), "{err}");
}

#[test]
fn script_in_a_cue_is_shown_as_text_with_a_warning() {
    let vtt =
        "WEBVTT\n\n00:00.000 --> 00:02.000\n<script>alert(1)</script> <b>Bold</b> & <img src=x onerror=alert(2)>\n";
    let site = site_with(&[("videos/intro.vtt", vtt)]);
    let o = site.build(&[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(
            "warning: videos/intro.vtt:4:1: this cue contains markup that is not WebVTT's; it is shown as text"
        ),
        "{err}"
    );
    let page = std::fs::read_to_string(site.path("public/videos/intro/index.html")).unwrap();
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt; Bold &amp; &lt;img src=x onerror=alert(2)&gt;"),
        "{page}"
    );
    assert!(!page.contains("<script>alert") && !page.contains("<img src=x"), "{page}");
}

#[test]
fn truncated_and_non_video_files_are_clear_errors() {
    let bytes = webm();
    let site = site_with(&[]);
    site.write("videos/intro.webm", &bytes[..bytes.len() / 3]);
    let err = fails(&site);
    assert!(err.contains("error: videos/intro.webm:1:1: cannot read this video: the file is truncated"), "{err}");

    let site = site_with(&[]);
    site.write("videos/intro.webm", b"<html>not a video</html>");
    let err = fails(&site);
    assert!(err.contains("videos/intro.webm:1:1: cannot read this video: not a WebM file"), "{err}");

    let site = site_with(&[]);
    std::fs::remove_file(site.path("videos/intro.webm")).unwrap();
    site.write("videos/intro.mp4", b"");
    let err = fails(&site);
    assert!(err.contains("videos/intro.mp4:1:1: cannot read this video: not a readable MP4 file"), "{err}");
}

/// The hostile file of issue 15: `moov/trak/mdia/hdlr` with 64-bit sizes that all reach the end
/// of a sparse 64 GiB file (a few KB on disk). The `mp4` crate allocated the declared size and
/// aborted the build (exit 134).
#[test]
fn an_mp4_declaring_64_gib_boxes_is_a_diagnostic_in_bounded_memory_and_time() {
    const LEN: u64 = 64 << 30;
    let site = site_with(&[("videos/huge.vtt", VTT)]);
    let mut head = vec![0, 0, 0, 24];
    head.extend_from_slice(b"ftypisom\0\0\x02\0isommp41");
    for kind in [b"moov", b"trak", b"mdia", b"hdlr"] {
        let size = LEN - head.len() as u64;
        head.extend_from_slice(&1u32.to_be_bytes());
        head.extend_from_slice(kind);
        head.extend_from_slice(&size.to_be_bytes());
    }
    head.extend_from_slice(b"\0\0\0\0\0\0\0\0vide");
    site.write("videos/huge.mp4", &head);
    std::fs::OpenOptions::new().write(true).open(site.path("videos/huge.mp4")).unwrap().set_len(LEN).unwrap();
    // The build runs with its address space capped at 2 GiB (the whole build needs far less),
    // so reading any box's declared size into memory fails the test instead of the machine.
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 2097152 && exec \"$0\" build --root \"$1\"")
        .arg(env!("CARGO_BIN_EXE_docent"))
        .arg(site.root())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("docent build did not finish within 120 s on a 4 KB file");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error: videos/huge.mp4:1:1: cannot read this video: "), "{err}");
    assert!(
        err.contains("the box `hdlr` declares 68719476664 bytes, more than such a header ever needs (64 KiB)"),
        "{err}"
    );
}

#[test]
fn external_urls_must_be_https_and_on_the_allow_list() {
    let external = |url: &str| {
        TempSite::new(&[
            HOME,
            ("videos/remote.vtt", VTT),
            ("videos/remote.toml", &format!("title = \"Remote\"\nduration = \"2:00\"\n\nurl = \"{url}\"\n")),
            ("docent.toml", "title = \"T\"\n[videos]\nallowed_hosts = [\"media.example.org\"]\n"),
        ])
    };
    let err = fails(&external("http://media.example.org/remote.webm"));
    assert!(
        err.contains(
            "error: videos/remote.toml:4:1: external video URL `http://media.example.org/remote.webm` is not https"
        ),
        "{err}"
    );
    let err = fails(&external("https://evil.example.com/remote.webm"));
    assert!(
        err.contains("videos/remote.toml:4:1: external video host `evil.example.com` is not in the site's allow-list"),
        "{err}"
    );
    assert!(err.contains("allowed_hosts"), "{err}");

    let site = external("https://media.example.org/remote.webm");
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(site.path("public/videos/remote/index.html")).unwrap();
    assert!(page.contains("<source src=\"https://media.example.org/remote.webm\" type=\"video/webm\">"), "{page}");
    assert!(page.contains("Length: 2:00"), "{page}");
}

#[test]
fn a_content_page_at_a_video_url_is_an_error() {
    let site = site_with(&[("content/videos/_index.md", "+++\ntitle = \"Videos\"\n+++\nMine.\n")]);
    let err = fails(&site);
    assert!(
        err.contains(
            "error: content/videos/_index.md:1:1: this page has the URL /videos/, which docent uses for videos"
        ),
        "{err}"
    );
}

#[test]
fn sub_path_sites_prefix_every_video_url() {
    let site = site_with(&[("content/a.md", "+++\ntitle = \"A\"\n+++\n::video[intro]\n")]);
    let o = site.build(&["--base-url", "https://org.github.io/help/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(site.path("public/videos/intro/index.html")).unwrap();
    assert!(
        page.contains("src=\"/help/videos/intro.webm\"") && page.contains("src=\"/help/videos/intro.vtt\""),
        "{page}"
    );
    let a = std::fs::read_to_string(site.path("public/a/index.html")).unwrap();
    assert!(a.contains("href=\"/help/videos/intro/\""), "{a}");
}

#[test]
fn the_breadcrumb_root_has_one_name_on_task_and_video_pages() {
    let site = site_with(&[
        ("content/_index.md", "+++\ntitle = \"Training home\"\n+++\nWelcome.\n"),
        ("content/a.md", "+++\ntitle = \"A task\"\nvideos = [\"intro\"]\n+++\nText.\n"),
    ]);
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let root = |path: &str| {
        let html = std::fs::read_to_string(site.path(path)).unwrap();
        let crumbs = html.split("aria-label=\"Breadcrumb\"").nth(1).expect("a breadcrumb").to_string();
        let first = crumbs.split("<li>").nth(1).expect("a first crumb");
        first.split("</li>").next().unwrap().to_string()
    };
    let task = root("public/a/index.html");
    assert!(task.contains(">Training home</a>"), "{task}");
    assert_eq!(root("public/videos/intro/index.html"), task);
    assert_eq!(root("public/videos/index.html"), task);
}

/// The example captions' second cue, then a cue naming pages (one inside other words).
const VTT_NAMING_PAGES: &str = "WEBVTT\n\n00:00.000 --> 00:02.000\nHello and welcome.\n\n\
    00:02.500 --> 00:05.000\nIf you lost it, see the page called forgot\nyour username.\n\n\
    00:05.500 --> 00:08.000\nBlocked or unlocked? See Account lock & <i>Lockout</i>, or go Home.\n";

fn guides_site() -> TempSite {
    let site = site_with(&[
        ("content/a.md", "+++\ntitle = \"A task\"\nweight = 1\nvideos = [\"intro\", \"other\"]\n+++\nText.\n"),
        ("content/b.md", "+++\ntitle = \"Forgot your username\"\nweight = 2\nvideos = [\"intro\"]\n+++\nText.\n"),
        ("content/lock.md", "+++\ntitle = \"Account lock\"\nweight = 3\n+++\nText.\n"),
        ("content/home.md", "+++\ntitle = \"Home\"\nweight = 4\n+++\nText.\n"),
        ("videos/intro.toml", "title = \"Reset your password\"\n"),
        ("videos/other.vtt", VTT_NAMING_PAGES),
    ]);
    site.write("videos/other.webm", &webm());
    site
}

#[test]
fn a_task_page_with_videos_starts_with_a_watch_link() {
    let site = guides_site();
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let read = |p: &str| std::fs::read_to_string(site.path(p)).unwrap();
    let b = read("public/b/index.html");
    let watch = b.split("<p class=\"watch-links\">").nth(1).expect("a watch link").split("</p>").next().unwrap();
    assert_eq!(watch, "<a href=\"/videos/intro/\">Watch: Reset your password (1:19)</a>");
    assert!(b.find("watch-links") < b.find("<div class=\"content\">"), "near the top, before the text");
    let a = read("public/a/index.html");
    let watch = a.split("<p class=\"watch-links\">").nth(1).expect("a watch link").split("</p>").next().unwrap();
    assert_eq!(
        watch,
        "<a href=\"/videos/intro/\">Watch: Reset your password (1:19)</a> <a href=\"#page-videos-title\">All 2 videos</a>",
        "the first video, then a link to the list of all of them"
    );
    assert!(!read("public/lock/index.html").contains("watch-links"), "no videos, no watch link");
}

#[test]
fn a_video_page_links_back_to_the_pages_that_list_it_in_menu_order() {
    let site = guides_site();
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let read = |p: &str| std::fs::read_to_string(site.path(p)).unwrap();
    let intro = read("public/videos/intro/index.html");
    let guides = intro.split("<p class=\"video-guides\">").nth(1).expect("guides").split("</p>").next().unwrap();
    assert_eq!(
        guides, "Read the steps: <a href=\"/a/\">A task</a>, <a href=\"/b/\">Forgot your username</a>",
        "menu order: weight 1 then 2"
    );
    let other = read("public/videos/other/index.html");
    assert!(other.contains("Read the steps: <a href=\"/a/\">A task</a></p>"), "{other}");
}

#[test]
fn page_titles_spoken_in_a_transcript_link_to_their_pages_but_not_inside_words() {
    let site = guides_site();
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let other = std::fs::read_to_string(site.path("public/videos/other/index.html")).unwrap();
    let transcript = other.split("class=\"transcript\"").nth(1).expect("a transcript");
    assert!(
        transcript.contains(
            "<li class=\"cue-with-links\"><a href=\"#t=2\" data-seek=\"2.500\" data-end=\"5.000\"><span class=\"video-time\">0:02</span></a> \
             If you lost it, see the page called <a href=\"/b/\">forgot your username</a>.</li>"
        ),
        "{transcript}"
    );
    assert!(
        transcript
            .contains("Blocked or unlocked? See <a href=\"/lock/\">Account lock</a> &amp; Lockout, or go Home.</li>"),
        "Account lock is linked once, and a one-word title (Home) is not a page's name: {transcript}"
    );
    assert!(
        transcript.contains("<span class=\"video-time\">0:00</span> Hello and welcome.</a></li>"),
        "a cue without a page name stays one seek link"
    );
}
