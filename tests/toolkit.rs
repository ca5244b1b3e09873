//! The authoring toolkit end to end with the real binary: includes from `snippets/`, `[vars]`,
//! the glossary and its page, "Last updated" and "Edit this page", and what `check` says.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::process::Command;

const HOME: (&str, &str) = ("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n");

fn build(site: &TempSite, env: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
    let mut cmd = docent();
    cmd.arg("build").arg("--root").arg(site.root()).env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    read_tree(&site.path("public"))
}

fn text(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(tree.get(path).unwrap_or_else(|| panic!("no {path}")).clone()).unwrap()
}

fn toolkit_site() -> TempSite {
    TempSite::new(&[
        (
            "docent.toml",
            "title = \"Toolkit\"\nbase_url = \"/help/\"\nedit_url = \"https://example.org/edit/main/content/{path}\"\n\n[vars]\nhelpdesk_url = \"https://desk.example.org/new\"\n",
        ),
        HOME,
        (
            "content/forms/request.md",
            "+++\ntitle = \"Send a request\"\n+++\nThe CVP desk helps.\n\n::include[shared/help-desk.md]\n\n```\n:var[helpdesk_url] stays in code\n```\n",
        ),
        ("content/login/reset.md", "+++\ntitle = \"Reset\"\n+++\n## Steps\n\nUse Forgot Password.\n"),
        ("content/shared/form.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"2\"></svg>"),
        (
            "snippets/shared/help-desk.md",
            "Open [the help desk](:var[helpdesk_url]), see [reset](../login/reset.md#steps).\n\n![The request form](form.svg)\n",
        ),
        ("snippets/shared/unused.png", "not published"),
        (
            "glossary.toml",
            "[CVP]\nfull = \"Connecticut Vaccine Program\"\ndefinition = \"The <script>alert(1)</script> program.\"\n",
        ),
    ])
}

#[test]
fn includes_vars_and_terms_render_into_the_page_and_snippets_stay_unpublished() {
    let site = toolkit_site();
    let tree = build(&site, &[]);
    let html = text(&tree, "forms/request/index.html");
    assert!(html.contains("<a href=\"https://desk.example.org/new\">the help desk</a>"), "{html}");
    assert!(html.contains("<a href=\"/help/login/reset/#steps\">reset</a>"), "{html}");
    assert!(html.contains("<img src=\"/help/shared/form.svg\" alt=\"The request form\""), "{html}");
    assert!(html.contains(":var[helpdesk_url] stays in code"), "code is left alone: {html}");
    assert!(html.contains("<a class=\"term-link\" href=\"/help/glossary/#cvp\""), "{html}");
    assert!(!tree.keys().any(|k| k.contains("help-desk") || k.contains("unused")), "{:?}", tree.keys());
    let glossary = text(&tree, "glossary/index.html");
    assert!(glossary.contains("<dt id=\"cvp\">"), "{glossary}");
    assert!(text(&tree, "sitemap.xml").contains("<loc>/help/glossary/</loc>"));
    assert!(glossary.contains("The &lt;script&gt;alert(1)&lt;/script&gt; program."), "{glossary}");
    assert!(!html.contains("<script>alert"), "entries are text: {html}");
}

/// `docent build` frees each page's source once the page is rendered: a page that another page
/// or a snippet includes must keep it, whichever of the two is rendered first.
#[test]
fn pages_included_by_pages_and_snippets_render_whole_in_a_streaming_build() {
    let mut files = vec![
        ("docent.toml", "title = \"Includes\"\n"),
        HOME,
        ("content/a-first.md", "+++\ntitle = \"First\"\n+++\n::include[z-shared/steps.md#steps]\n"),
        (
            "content/b-second.md",
            "+++\ntitle = \"Second\"\n+++\n::include[./z-shared/steps%2Emd]\n\n::include[note.md]\n",
        ),
        (
            "content/z-shared/steps.md",
            "+++\ntitle = \"Steps\"\n+++\nIntro.\n\n## Steps\n\nPress Save to keep the clinic.\n",
        ),
        ("content/z-shared/tip.md", "+++\ntitle = \"Tip\"\n+++\nAsk the CVP desk for a new PIN.\n"),
        ("snippets/note.md", "::include[z-shared/tip.md]\n"),
    ];
    let filler: Vec<(String, String)> = (0..40)
        .map(|i| (format!("content/m/p{i:02}.md"), format!("+++\ntitle = \"P{i}\"\n+++\nText {i}.\n")))
        .collect();
    files.extend(filler.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let site = TempSite::new(&files);
    let tree = build(&site, &[]);
    let first = text(&tree, "a-first/index.html");
    assert!(first.contains("Press Save to keep the clinic."), "{first}");
    assert!(!first.contains("Intro."), "only the section: {first}");
    let second = text(&tree, "b-second/index.html");
    assert!(second.contains("Intro.") && second.contains("Press Save to keep the clinic."), "{second}");
    assert!(second.contains("Ask the CVP desk for a new PIN."), "a snippet's include of a page: {second}");
    assert!(text(&tree, "z-shared/steps/index.html").contains("Press Save to keep the clinic."));
    assert!(text(&tree, "z-shared/tip/index.html").contains("Ask the CVP desk for a new PIN."));
}

#[test]
fn edit_links_and_dates_come_from_the_template_git_front_matter_or_source_date_epoch() {
    let site = toolkit_site();
    let tree = build(&site, &[]);
    let html = text(&tree, "login/reset/index.html");
    assert!(
        html.contains("<a href=\"https://example.org/edit/main/content/login/reset.md\">Edit this page</a>"),
        "{html}"
    );
    assert!(!html.contains("Last updated"), "outside git and without SOURCE_DATE_EPOCH there is no date");
    let tree = build(&site, &[("SOURCE_DATE_EPOCH", "1764547200")]);
    assert!(text(&tree, "login/reset/index.html").contains("<time datetime=\"2025-12-01\">2025-12-01</time>"));
    site.write("content/login/reset.md", b"+++\ntitle = \"Reset\"\nupdated = 2024-05-06\n+++\n## Steps\n\nText.\n");
    let tree = build(&site, &[("SOURCE_DATE_EPOCH", "1764547200")]);
    assert!(text(&tree, "login/reset/index.html").contains("<time datetime=\"2024-05-06\">"), "front matter wins");

    let git = |args: &[&str]| {
        let o = Command::new("git")
            .current_dir(site.root())
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"])
            .args(args)
            .env("GIT_COMMITTER_DATE", "2026-02-03T10:00:00Z")
            .env("GIT_AUTHOR_DATE", "2026-02-03T10:00:00Z")
            .output()
            .unwrap();
        assert!(o.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "first"]);
    let tree = build(&site, &[("SOURCE_DATE_EPOCH", "1764547200")]);
    assert!(text(&tree, "forms/request/index.html").contains("<time datetime=\"2026-02-03\">"), "git's date");
    assert!(text(&tree, "login/reset/index.html").contains("<time datetime=\"2024-05-06\">"), "front matter wins");
}

#[test]
fn bad_includes_variables_and_dates_fail_the_build_naming_file_and_line() {
    let site = TempSite::new(&[
        HOME,
        (
            "content/a.md",
            "+++\ntitle = \"A\"\nupdated = \"last week\"\n+++\n::include[../docent.toml]\n\n::include[loop.md]\n\nCall :var[phone].\n",
        ),
        ("snippets/loop.md", "Again:\n\n::include[loop.md]\n"),
    ]);
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for expected in [
        "error: content/a.md:3:1: front matter: `updated` must be a date, YYYY-MM-DD; found `last week`",
        "error: content/a.md:5:1: ::include[../docent.toml]: `../docent.toml` leaves content/ (and snippets/)",
        "error: snippets/loop.md:3:1: include cycle: content/a.md:7 includes snippets/loop.md, snippets/loop.md:3 includes snippets/loop.md",
        "error: content/a.md:9:6: unknown variable `phone`",
    ] {
        assert!(err.contains(expected), "missing {expected}\n{err}");
    }
}

#[test]
fn check_warns_about_placeholders_and_unexplained_abbreviations() {
    let site = TempSite::new(&[
        (
            "docent.toml",
            "title = \"T\"\n[vars]\nportal = \"https://portal.example.invalid/\"\nreal = \"https://example.org/\"\n",
        ),
        (
            "content/_index.md",
            "+++\ntitle = \"Home\"\ndescription = \"d\"\n+++\nOpen :var[portal] with 2FA; the CVP is known.\n",
        ),
        ("glossary.toml", "[CVP]\nfull = \"Connecticut Vaccine Program\"\n"),
    ]);
    let o = docent().args(["check", "--root"]).arg(site.root()).output().unwrap();
    let err = stderr(&o);
    assert!(err.contains("warning: docent.toml:3:1: variable `portal` still holds a placeholder"), "{err}");
    assert!(!err.contains("`real`"), "{err}");
    assert!(err.contains("warning: content/_index.md:5:"), "{err}");
    assert!(err.contains("abbreviation 2FA is used before the page spells it out"), "{err}");
    assert!(!err.contains("abbreviation CVP"), "{err}");
}

#[test]
fn page_facts_and_the_glossary_page_speak_the_site_language() {
    let site = TempSite::new(&[
        ("docent.toml", "title = \"Ayuda\"\nlanguage = \"es\"\nedit_url = \"https://example.org/edit/{path}\"\n"),
        ("content/_index.md", "+++\ntitle = \"Inicio\"\n+++\nEl CVP.\n"),
        ("content/mi página.md", "+++\ntitle = \"Mi página\"\n+++\nTexto.\n"),
        ("glossary.toml", "[CVP]\nfull = \"Connecticut Vaccine Program\"\n"),
    ]);
    let tree = build(&site, &[("SOURCE_DATE_EPOCH", "0")]);
    let html = text(&tree, "mi-página/index.html");
    assert!(html.contains("<p>Última actualización: <time datetime=\"1970-01-01\">1970-01-01</time></p>"), "{html}");
    assert!(html.contains("<a href=\"https://example.org/edit/mi%20p%C3%A1gina.md\">Editar esta página</a>"), "{html}");
    let glossary = text(&tree, "glossary/index.html");
    assert!(glossary.contains("<h1>Glosario</h1>"), "{glossary}");
    assert!(glossary.contains("Términos y abreviaturas que se usan en Ayuda."), "{glossary}");
}
