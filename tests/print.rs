//! The pages made for paper, built by the real binary: `/print/`, `/SECTION/print/` and
//! `/help/cards/` (order, in-document links, printed URLs, QR codes that decode to the right
//! address, a date that comes from the sources and not from the clock).

mod common;
use common::*;

const VTT: &str = "WEBVTT\n\n00:00.000 --> 00:02.000\nHello and welcome.\n";

fn site(base_url: &str) -> TempSite {
    let site = TempSite::new(&[
        ("docent.toml", &format!("title = \"Clinic help\"\nbase_url = \"{base_url}\"\n")),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n"),
        ("content/login/_index.md", "+++\ntitle = \"Logging in\"\nweight = 1\n+++\nHow to log in.\n"),
        (
            "content/login/reset.md",
            "+++\ntitle = \"Reset your password\"\nweight = 2\nscreens = [\"password-reset\"]\nvideos = [\"intro\"]\n+++\n\
             ## Steps\n\nSee [first](first-time.md#steps), [the clinic](../clinic/edit.md), \
             [the registry](https://registry.example.org/about) and [back up](#steps).[^1]\n\n::video[intro]\n\n[^1]: A note.\n",
        ),
        (
            "content/login/first-time.md",
            "+++\ntitle = \"First time\"\nweight = 1\n+++\n## Steps\n\nOpen the portal.[^1]\n\n[^1]: Another note.\n",
        ),
        ("content/clinic/_index.md", "+++\ntitle = \"Clinic\"\nweight = 2\n+++\nClinics.\n"),
        (
            "content/clinic/edit.md",
            "+++\ntitle = \"Edit a clinic\"\nscreens = [\"clinic-edit\"]\ndescription = \"Change a clinic's name.\"\n+++\nText.\n",
        ),
        ("videos/intro.vtt", VTT),
        ("videos/intro.toml", "title = \"Choose a new password\"\n"),
    ]);
    site.write("videos/intro.webm", &std::fs::read(repo().join("videos/reset-your-password.webm")).unwrap());
    site
}

fn build(site: &TempSite, epoch: Option<&str>) -> std::collections::BTreeMap<String, String> {
    let mut cmd = docent();
    cmd.arg("build").arg("--root").arg(site.root()).env_remove("SOURCE_DATE_EPOCH");
    if let Some(e) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", e);
    }
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    read_tree(&site.path("public"))
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".xml") || p.ends_with(".json"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

/// The QR codes of an HTML page, decoded: each `<svg class="qr" …>` painted and read by rqrr.
fn qr_codes(html: &str) -> Vec<String> {
    html.split("<svg class=\"qr\"").skip(1).map(|s| decode(s.split("</svg>").next().unwrap())).collect()
}

fn decode(svg: &str) -> String {
    let size: usize = svg.split("viewBox=\"0 0 ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    let path = svg.split(" d=\"").nth(1).unwrap().split('"').next().unwrap();
    let mut dark = vec![false; size * size];
    for rect in path.split('M').filter(|r| !r.is_empty()) {
        let n: Vec<usize> =
            rect.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty()).map(|n| n.parse().unwrap()).collect();
        for y in n[1]..n[1] + n[3] {
            for x in n[0]..n[0] + n[2] {
                dark[y * size + x] = true;
            }
        }
    }
    let mut img =
        rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| if dark[y * size + x] { 0 } else { 255 });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1);
    grids[0].decode().unwrap().1
}

/// The titles of the printed pages, in the order the document has them.
fn printed_titles(html: &str) -> Vec<String> {
    html.split("<section class=\"print-page\">")
        .skip(1)
        .map(|s| s.split("\">").nth(1).unwrap().split("</h2>").next().unwrap().to_string())
        .collect()
}

#[test]
fn the_site_and_each_module_print_in_menu_order_with_links_inside_the_document() {
    let site = site("https://help.example.org/clinic/");
    let tree = build(&site, Some("1798675200")); // 2026-12-31, 00:00 UTC
    let whole = &tree["print/index.html"];
    assert_eq!(
        printed_titles(whole),
        vec!["Home", "Logging in", "First time", "Reset your password", "Clinic", "Edit a clinic"]
    );
    let module = &tree["login/print/index.html"];
    assert_eq!(printed_titles(module), vec!["Logging in", "First time", "Reset your password"]);
    assert!(module.contains("<meta name=\"robots\" content=\"noindex\">"), "{module}");
    assert!(module.contains("<time datetime=\"2026-12-31\">2026-12-31</time>"), "{module}");
    assert!(module.contains("<dd>https://help.example.org/clinic/</dd>"), "the site's URL on the cover");
    // The contents link to each page's anchor; page titles carry them.
    assert!(module.contains("<a href=\"#p-2\">First time</a>") && module.contains("<h2 id=\"p-2\">First time</h2>"));
    // In-document links: to a printed heading, to the page's own heading, to its footnote.
    let reset = module.split("<h2 id=\"p-3\">").nth(1).unwrap();
    assert!(reset.contains("<h3 id=\"p-3-steps\">"), "{reset}");
    assert!(reset.contains("<a href=\"#p-2-steps\">first</a>"), "{reset}");
    assert!(reset.contains("<a href=\"#p-3-steps\">back up</a>"), "{reset}");
    assert!(reset.contains("href=\"#p-3-fn-1\""), "{reset}");
    // Outside the module: absolute, with the URL printed; an external link likewise.
    assert!(
        reset.contains("<a href=\"https://help.example.org/clinic/clinic/edit/\">the clinic</a><span class=\"print-url\"> (https://help.example.org/clinic/clinic/edit/)</span>"),
        "{reset}"
    );
    assert!(reset.contains("the registry</a><span class=\"print-url\"> (https://registry.example.org/about)</span>"));
    // In the whole site, the same link stays in the document.
    assert!(whole.contains("<a href=\"#p-6\">the clinic</a>"), "{whole}");
    // Ids are unique across the document (two pages have `steps` and a footnote 1).
    let ids: Vec<&str> = whole.split(" id=\"").skip(1).map(|s| s.split('"').next().unwrap()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
    // The video: no player, a QR code of its page (embedded and listed), its title and URL.
    assert!(!module.contains("<video"));
    let video = "https://help.example.org/clinic/videos/intro/";
    assert_eq!(qr_codes(module), vec![video, video]);
    assert!(module.contains("Choose a new password"));
    // Not in the menu, the sitemap or the search index.
    assert!(!tree["clinic/edit/index.html"].contains("print/"), "the menu does not list print pages");
    assert!(!tree["sitemap.xml"].contains("print/") && !tree["sitemap.xml"].contains("cards/"));
    for (path, text) in tree.iter().filter(|(p, _)| p.starts_with("search/")) {
        assert!(!text.contains("print/") && !text.contains("cards/"), "{path}");
    }
    // Each module's page links to its print page; the home page to the whole site's.
    assert!(tree["index.html"].contains("<a href=\"/clinic/print/\">Print the whole guide</a>"));
    assert!(tree["login/index.html"].contains("<a href=\"/clinic/login/print/\">Print this module</a>"));
    assert!(!tree["login/reset/index.html"].contains("Print this module"));
}

#[test]
fn the_date_is_the_newest_page_without_source_date_epoch_and_builds_are_identical() {
    let site = site("/");
    let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000); // 2023-11-14
    for page in ["_index.md", "login/_index.md", "login/reset.md", "login/first-time.md", "clinic/_index.md"] {
        std::fs::File::options()
            .write(true)
            .open(site.path(&format!("content/{page}")))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let newest = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_750_000_000); // 2025-06-15
    std::fs::File::options()
        .write(true)
        .open(site.path("content/clinic/edit.md"))
        .unwrap()
        .set_modified(newest)
        .unwrap();
    let first = build(&site, None);
    assert!(first["print/index.html"].contains("<time datetime=\"2025-06-15\">"), "{}", first["print/index.html"]);
    assert!(first["clinic/print/index.html"].contains("<time datetime=\"2025-06-15\">"));
    assert!(!first["print/index.html"].contains("<dt>Online</dt>"), "no host, no site URL on the cover");
    assert_eq!(build(&site, None), first);
}

#[test]
fn desk_cards_hold_a_qr_code_of_each_screen_and_its_video() {
    let site = site("https://help.example.org/clinic/");
    let tree = build(&site, None);
    let cards = &tree["help/cards/index.html"];
    assert!(cards.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert_eq!(cards.matches("<li class=\"desk-card\">").count(), 2, "{cards}");
    assert_eq!(
        qr_codes(cards),
        vec![
            "https://help.example.org/clinic/help/clinic-edit/",
            "https://help.example.org/clinic/help/password-reset/",
            "https://help.example.org/clinic/videos/intro/",
        ]
    );
    assert!(cards.contains("Help: https://help.example.org/clinic/help/clinic-edit/"), "the URL printed as text");
    assert!(cards.contains("Change a clinic&#39;s name."), "{cards}");
    assert!(!cards.contains("These codes hold only a path"));
    // Without a host the codes hold paths, and the page tells whoever prints it.
    let site = self::site("/");
    let tree = build(&site, None);
    let cards = &tree["help/cards/index.html"];
    assert_eq!(qr_codes(cards)[0], "/help/clinic-edit/");
    assert!(cards.contains("These codes hold only a path, which a phone cannot open"));
}

#[test]
fn print_pages_and_cards_speak_the_site_language() {
    let site = site("https://help.example.org/clinic/");
    site.write(
        "docent.toml",
        b"title = \"Ayuda\"\nbase_url = \"https://help.example.org/clinic/\"\nlanguage = \"es\"\n",
    );
    let tree = build(&site, Some("0"));
    assert!(tree["login/index.html"].contains(">Imprimir este módulo</a>"));
    let module = &tree["login/print/index.html"];
    assert!(module.contains("<html lang=\"es\"") && module.contains(">Contenido</h2>"), "{module}");
    assert!(module.contains("aria-label=\"Código QR de la dirección impresa al lado\""), "{module}");
    let cards = &tree["help/cards/index.html"];
    assert!(
        cards.contains("Pantalla: clinic-edit")
            && cards.contains("Ayuda: https://help.example.org/clinic/help/clinic-edit/")
    );
}

#[test]
fn a_module_too_long_to_print_whole_links_its_sections_print_pages_instead() {
    let mut files = vec![
        ("docent.toml".to_string(), "title = \"Clinic help\"\n".to_string()),
        ("content/_index.md".into(), "+++\ntitle = \"Home\"\n+++\n".into()),
        ("content/big/_index.md".into(), "+++\ntitle = \"Big\"\n+++\n".into()),
    ];
    for s in ["one", "two"] {
        files.push((format!("content/big/{s}/_index.md"), format!("+++\ntitle = \"Part {s}\"\n+++\n")));
        for p in 0..60 {
            files.push((format!("content/big/{s}/p{p:02}.md"), format!("+++\ntitle = \"Page {p}\"\n+++\nText.\n")));
        }
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let site = TempSite::new(&refs);
    let tree = build(&site, Some("0"));
    assert!(!tree.contains_key("big/print/index.html") && !tree.contains_key("print/index.html"));
    assert!(!tree["big/index.html"].contains("print/"), "no link to a print page that is not made");
    assert!(tree["big/one/index.html"].contains("<a href=\"/big/one/print/\">Print this section</a>"));
    assert_eq!(tree["big/two/print/index.html"].matches("<section class=\"print-page\">").count(), 61);
}
