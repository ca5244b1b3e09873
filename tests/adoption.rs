//! Content written for other tools (mdBook, Zola, Hugo, GitHub): what `docent check` must catch
//! rather than pass a visibly broken page, and errors that teach the fix. The real binary on
//! small temporary sites.

mod common;
use common::*;
use std::process::Output;

const HOME: (&str, &str) =
    ("content/_index.md", "+++\ntitle = \"Home\"\ndescription = \"Start here.\"\n+++\nWelcome.\n");

fn check(site: &TempSite) -> Output {
    docent().arg("check").arg("--root").arg(site.root()).output().expect("run docent")
}

/// The lines of the report that start a diagnostic (`error: ...`, `warning: ...`).
fn problems(o: &Output) -> Vec<String> {
    stderr(o).lines().filter(|l| l.starts_with("error: ") || l.starts_with("warning: ")).map(str::to_string).collect()
}

#[test]
fn front_matter_after_blank_lines_is_read_and_named() {
    let site =
        TempSite::new(&[HOME, ("content/a.md", "\n\n+++\ntitle = \"Alpha\"\ndescription = \"A.\"\n+++\nText.\n")]);
    let o = check(&site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: content/a.md:3:1: front matter starts on line 3, after blank lines"),
        "{}",
        stderr(&o)
    );
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(site.path("public/a/index.html")).unwrap();
    assert!(html.contains("<title>Alpha"), "the title is read");
    assert!(!html.contains("title = "), "front matter is not shown as text");
}

#[test]
fn every_front_matter_problem_of_a_file_is_reported_in_one_run() {
    let site = TempSite::new(&[
        HOME,
        (
            "content/a.md",
            "+++\ntitel = \"A\"\ndescription = \"A.\"\nweight = \"sixty\"\ncolour = \"red\"\n+++\nSee [b](b.md).\n",
        ),
        ("content/b.md", "+++\ntitle = \"B\"\ndescription = \"B.\"\n+++\nSee [a](a.md).\n"),
    ]);
    let o = check(&site);
    assert_eq!(o.status.code(), Some(1));
    let p = problems(&o);
    let errors: Vec<&String> = p.iter().filter(|l| l.starts_with("error")).collect();
    assert_eq!(
        errors,
        vec![
            "error: content/a.md:2:1: unknown front matter key `titel`",
            "error: content/a.md:4:1: front matter: `weight` must be a whole number, found the text \"sixty\"",
            "error: content/a.md:5:1: unknown front matter key `colour`",
        ],
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("= help: did you mean `title`?"), "{}", stderr(&o));
}

#[test]
fn unknown_front_matter_keys_can_be_warnings() {
    let site = TempSite::new(&[
        ("docent.toml", "[content]\nunknown_keys = \"warn\"\n"),
        HOME,
        ("content/a.md", "+++\ntitle = \"A\"\ndescription = \"A.\"\ndate = 2024-01-01\n+++\nText.\n"),
    ]);
    let o = check(&site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(problems(&o), vec!["warning: content/a.md:4:1: unknown front matter key `date` (ignored)"]);
    let o = docent().arg("check").arg("--root").arg(site.root()).arg("--deny-warnings").output().unwrap();
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn every_config_problem_is_reported_in_one_run_at_its_line() {
    let site = TempSite::new(&[
        (
            "docent.toml",
            "titel = \"Help\"\nlanguage = \"en\"\ncolour = \"red\"\n\n[[quick_links]]\ntitle = \"Reset\"\nurl = \"reset-your-pasword.md\"\n",
        ),
        HOME,
        ("content/reset-your-password.md", "+++\ntitle = \"Reset\"\ndescription = \"R.\"\n+++\nText.\n"),
    ]);
    let o = check(&site);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        problems(&o),
        vec![
            "error: docent.toml:1:1: unknown key `titel` in docent.toml",
            "error: docent.toml:3:1: unknown key `colour` in docent.toml",
            "error: docent.toml:7:1: quick link `Reset` points at reset-your-pasword.md: no such page",
        ],
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("= help: did you mean `title`?"), "{}", stderr(&o));
    assert!(stderr(&o).contains("= help: did you mean reset-your-password.md?"), "{}", stderr(&o));
}

#[test]
fn a_site_without_a_home_page_gets_one_and_its_menu_follows_weight() {
    let page = |t: &str, w: u32| format!("+++\ntitle = \"{t}\"\ndescription = \"{t}.\"\nweight = {w}\n+++\nText.\n");
    let (a, b, c) = (page("Alpha", 3), page("Bravo", 1), page("Charlie", 2));
    let site = TempSite::new(&[
        ("docent.toml", "title = \"Guide\"\n"),
        ("content/a.md", a.as_str()),
        ("content/b.md", b.as_str()),
        ("content/c.md", c.as_str()),
    ]);
    let o = check(&site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        problems(&o),
        vec!["warning: content/_index.md:1:1: the site has no home page; docent made one that lists the top pages"]
    );
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let home = std::fs::read_to_string(site.path("public/index.html")).expect("a home page");
    assert!(home.contains("<h1>Guide</h1>"), "{home}");
    let menu = std::fs::read_to_string(site.path("public/a/index.html")).unwrap();
    let at = |t: &str| menu.find(&format!(">{t}</a>")).unwrap_or_else(|| panic!("{t} in the menu"));
    assert!(at("Bravo") < at("Charlie") && at("Charlie") < at("Alpha"), "menu in weight order");
}

#[test]
fn a_second_h1_is_named_and_the_title_can_come_from_the_heading() {
    let files = [
        HOME,
        ("content/a.md", "+++\ntitle = \"Alpha\"\ndescription = \"A.\"\n+++\n# Alpha\n\nText.\n"),
        ("content/b.md", "# The `docent` tool\n\nText.\n"),
    ];
    let site = TempSite::new(&files);
    let o = check(&site);
    let p = problems(&o);
    assert!(
        p.contains(&"warning: content/a.md:5:1: second h1 `# Alpha`: the page's title is already its h1".to_string()),
        "{p:?}"
    );
    assert!(
        p.contains(
            &"warning: content/b.md:1:1: second h1 `# The docent tool`: the page's title is already its h1".to_string()
        ),
        "{p:?}"
    );
    assert!(stderr(&o).contains("title_from_heading = true"), "{}", stderr(&o));

    site.write("docent.toml", b"[markdown]\ntitle_from_heading = true\n");
    let o = check(&site);
    let p = problems(&o);
    assert!(p.iter().any(|l| l.contains("content/a.md:5:1: second h1")), "a front matter title still wins: {p:?}");
    assert!(!p.iter().any(|l| l.contains("content/b.md") && l.contains("h1")), "{p:?}");
    assert!(!p.iter().any(|l| l.contains("content/b.md") && l.contains("no title")), "{p:?}");
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(site.path("public/b/index.html")).unwrap();
    assert_eq!(html.matches("<h1").count(), 1, "one h1: {html}");
}

#[test]
fn inline_code_in_titles_is_code_in_html_and_plain_in_the_tab_and_search() {
    let site = TempSite::new(&[
        HOME,
        ("content/cli/_index.md", "+++\ntitle = \"The `docent` tool\"\ndescription = \"D.\"\n+++\nText.\n"),
        ("content/cli/check.md", "+++\ntitle = \"Run `docent check`\"\ndescription = \"C.\"\n+++\nText.\n"),
        ("content/cli/serve.md", "+++\ntitle = \"Serve\"\ndescription = \"S.\"\n+++\nText.\n"),
    ]);
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(site.path("public/cli/check/index.html")).unwrap();
    assert!(html.contains("<title>Run docent check ·"), "plain text in the tab");
    assert!(html.contains("<h1>Run <code>docent check</code></h1>"), "code in the h1");
    assert!(html.contains(">The <code>docent</code> tool</a>"), "code in the menu and breadcrumbs");
    assert!(!html.contains('`'), "no backticks anywhere: {html}");
    let serve = std::fs::read_to_string(site.path("public/cli/serve/index.html")).unwrap();
    assert!(serve.contains("</span> Run <code>docent check</code></a>"), "code in previous/next");
    let search: String = walk_text(&site.path("public/search"));
    assert!(search.contains("Run docent check") && !search.contains("`docent"), "plain text in the search index");
}

fn walk_text(dir: &std::path::Path) -> String {
    read_tree(dir).into_values().map(|b| String::from_utf8_lossy(&b).into_owned()).collect()
}

#[test]
fn github_heading_slugs_keep_links_from_github_working() {
    let site = TempSite::new(&[
        HOME,
        ("content/a.md", "+++\ntitle = \"A\"\ndescription = \"A.\"\n+++\n## Where's the `--` operator?\n\nText.\n"),
        ("content/b.md", "+++\ntitle = \"B\"\ndescription = \"B.\"\n+++\nSee [it](a.md#wheres-the----operator).\n"),
    ]);
    let o = check(&site);
    assert_eq!(o.status.code(), Some(1), "docent's own slugs by default: {}", stderr(&o));
    assert!(stderr(&o).contains("#wheres-the----operator"), "{}", stderr(&o));
    site.write("docent.toml", b"[markdown]\nslugs = \"github\"\n");
    let o = check(&site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    site.write(
        "content/a.md",
        b"+++\ntitle = \"A\"\ndescription = \"A.\"\n+++\n## Where's the -- operator?\n\nText.\n",
    );
    let o = check(&site);
    assert_eq!(o.status.code(), Some(0), "smart punctuation does not change the slug: {}", stderr(&o));
}

#[test]
fn ignored_links_and_link_prefixes_are_policy_not_errors() {
    let site = TempSite::new(&[
        (
            "docent.toml",
            "[check]\nignore_links = [\"../std/*\", \"[bad\"]\n\n[check.link_prefixes]\n\"../reference/\" = \"https://doc.rust-lang.org/reference/\"\n",
        ),
        HOME,
        (
            "content/a.md",
            "+++\ntitle = \"A\"\ndescription = \"A.\"\n+++\nSee [fmt](../std/fmt/index.html), [types](../reference/types.html#x) and [b](missing.md).\n",
        ),
    ]);
    let o = check(&site);
    assert_eq!(
        problems(&o),
        vec![
            "error: content/a.md:5:74: link to missing.md: no such page",
            "error: docent.toml:2:29: `[bad` in ignore_links is not a glob: unclosed character class; missing ']'",
        ],
        "{}",
        stderr(&o)
    );
    site.write("docent.toml", b"[check]\nignore_links = [\"../std/*\"]\n\n[check.link_prefixes]\n\"../reference/\" = \"https://doc.rust-lang.org/reference/\"\n");
    site.write("content/a.md", b"+++\ntitle = \"A\"\ndescription = \"A.\"\n+++\nSee [fmt](../std/fmt/index.html) and [types](../reference/types.html#x).\n");
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(site.path("public/a/index.html")).unwrap();
    assert!(html.contains("href=\"../std/fmt/index.html\""), "an ignored link is written as it is");
    assert!(html.contains("href=\"https://doc.rust-lang.org/reference/types.html#x\""), "a mapped link is external");
}

#[test]
fn a_folder_index_md_is_the_page_of_the_folder_with_its_files_beside_it() {
    let site = TempSite::new(&[
        HOME,
        ("content/guide/index.md", "+++\ntitle = \"Guide\"\ndescription = \"G.\"\n+++\n![Screen](shot.png)\n"),
        ("content/guide/shot.png", "png"),
        (
            "content/other.md",
            "+++\ntitle = \"Other\"\ndescription = \"O.\"\n+++\nSee [the guide](guide/) and [again](guide/index.md).\n",
        ),
    ]);
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(site.path("public/guide/index.html")).expect("the page is /guide/");
    assert!(html.contains("src=\"/guide/shot.png\""), "{html}");
    assert!(site.path("public/guide/shot.png").is_file());
    let other = std::fs::read_to_string(site.path("public/other/index.html")).unwrap();
    assert!(
        other.contains("<a href=\"/guide/\">the guide</a>") && other.contains("<a href=\"/guide/\">again</a>"),
        "{other}"
    );
    site.write("content/guide.md", b"+++\ntitle = \"G\"\n+++\n");
    let o = site.build(&[]);
    assert!(
        stderr(&o)
            .contains("error: content/guide/index.md:1:1: this page and content/guide.md both have the URL /guide/"),
        "{}",
        stderr(&o)
    );
}
