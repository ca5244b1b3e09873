//! The search index as the real binary writes it: where the files are, what is left out, and
//! the diagnostic for a wrong `[search] help_page`; and the client's query logic (run in Node
//! by `tests/search/js-query.mjs`) over indexes too large for the example site's tests.

mod common;
use common::{TempSite, read_tree, stderr};

const HOME: (&str, &str) = ("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n");

#[allow(non_snake_case)]
fn HOME_OWNED() -> (String, String) {
    (HOME.0.to_string(), HOME.1.to_string())
}

#[test]
fn index_leaves_out_drafts_and_unsearchable_pages_and_links_sections() {
    let site = TempSite::new(&[
        HOME,
        ("docent.toml", "title = \"T\"\nbase_url = \"/help/\"\n[search]\nhelp_page = \"ask.md\"\n"),
        ("content/ask.md", "+++\ntitle = \"Ask us\"\n+++\nCall.\n"),
        ("content/hidden.md", "+++\ntitle = \"Quokka\"\nsearch = false\n+++\nquokka\n"),
        ("content/draft.md", "+++\ntitle = \"Wombat\"\ndraft = true\n+++\nwombat\n"),
        ("content/reset.md", "+++\ntitle = \"Reset\"\n+++\nIntro.\n\n## Answer your questions\n\nPlatypus.\n"),
    ]);
    let o = site.build(&["--drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let tree = read_tree(&site.path("public"));
    assert!(tree.contains_key("search/index.html"), "the /search/ page");
    let manifest = String::from_utf8(tree["search/manifest.json"].clone()).unwrap();
    assert!(manifest.contains(r#""help":["Ask us","/help/ask/"]"#), "{manifest}");
    let shards: String = tree
        .iter()
        .filter(|(k, _)| k.starts_with("search/") && k.ends_with(".json"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .collect();
    assert!(
        shards.contains("platypus")
            && shards.contains(r#"["answer-your-questions","Answer your questions","Platypus."]"#)
    );
    assert!(shards.contains("\"/help/reset/\""), "URLs start with the base path");
    for left_out in ["quokka", "Quokka", "wombat", "Wombat"] {
        assert!(!shards.contains(left_out), "{left_out} is indexed");
    }
    let html = String::from_utf8(tree["reset/index.html"].clone()).unwrap();
    assert!(html.contains(r#"action="/help/search/""#) && html.contains(r#"data-index="/help/search/manifest.json""#));
}

#[test]
fn report_url_goes_into_the_manifest_and_a_wrong_one_is_an_error() {
    let site = TempSite::new(&[HOME, ("docent.toml", "[search]\nreport_url = \"https://stats.example.org/miss\"\n")]);
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let manifest = std::fs::read_to_string(site.path("public/search/manifest.json")).unwrap();
    assert!(manifest.contains(r#""report":"https://stats.example.org/miss""#), "{manifest}");
    let site = TempSite::new(&[HOME, ("docent.toml", "[search]\nreport_url = \"javascript:alert(1)\"\n")]);
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("[search] report_url \"javascript:alert(1)\" is not a URL"), "{}", stderr(&o));
}

#[test]
fn wrong_help_page_is_an_error_naming_docent_toml() {
    let site = TempSite::new(&[HOME, ("docent.toml", "[search]\nhelp_page = \"nope.md\"\n")]);
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error: docent.toml:") && err.contains("[search] help_page nope.md: no such page"), "{err}");
}

/// Runs the client's query logic over a built site; the URLs of the result pages per query.
fn client_results(public: &std::path::Path, queries: &[&str]) -> Vec<Vec<String>> {
    let out = std::process::Command::new("node")
        .arg(common::repo().join("tests/search/js-query.mjs"))
        .arg(public)
        .args(queries)
        .output()
        .expect("node runs (scripts/install-test-deps installs it)");
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert!(v["ms"].as_f64().unwrap() < 5_000.0, "bounded time: {l}");
            v["urls"].as_array().unwrap().iter().map(|u| u.as_str().unwrap().to_string()).collect()
        })
        .collect()
}

/// A made-up word for number `n`: 7 to 10 letters, pseudo-random (so that words seldom lie one
/// edit apart), and unchanged by the stemmer (no "e", "s", "d" or "g").
fn word(n: usize) -> String {
    let mut x = (n as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut next = |m: u64| {
        x ^= x >> 29;
        x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        (x >> 33) % m
    };
    let len = 7 + next(4) as usize;
    (0..len)
        .map(|i| if i % 2 == 0 { b"bkmnprtvz"[next(9) as usize] } else { b"aiou"[next(4) as usize] } as char)
        .collect()
}

#[test]
fn typos_and_joined_words_find_terms_in_other_shards_and_bad_synonyms_do_no_harm() {
    // 400 pages of made-up words: many term shards, so a typo often sorts into another shard.
    let mut files: Vec<(String, String)> = vec![(
        "docent.toml".into(),
        "title = \"T\"\n[search]\nsynonyms = [[], [\"mfa\", \"MFA\"], [\"clinc\", \"office\"], [\"the\"], [\"gizmo\", \"widget\"]]\n"
            .into(),
    )];
    files.push(HOME_OWNED());
    for p in 0..400 {
        let body: Vec<String> = (0..40).map(|i| word(p * 40 + i)).collect();
        files.push((format!("content/p{p}.md"), format!("+++\ntitle = \"Page {p}\"\n+++\n{}\n", body.join(" "))));
    }
    files.push((
        "content/drop.md".into(),
        "+++\ntitle = \"Menus\"\n+++\nOpen the drop-down. A widget and a clinic.\n".into(),
    ));
    let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let site = TempSite::new(&refs);
    let o = site.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    for warning in [
        "synonyms group 1 is empty",
        "synonyms group 2 [\"mfa\", \"MFA\"] names one word",
        "\"the\" has no searchable word",
    ] {
        assert!(err.contains("warning: docent.toml") && err.contains(warning), "{warning}: {err}");
    }
    let public = site.path("public");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(public.join("search/manifest.json")).unwrap()).unwrap();
    let keys: Vec<String> = manifest["keys"].as_array().unwrap().iter().map(|k| k.as_str().unwrap().into()).collect();
    assert!(keys.len() > 10, "many shards: {}", keys.len());
    assert_eq!(manifest["syn"], serde_json::json!([[["clinc"], ["offic"]], [["gizmo"], ["widget"]]]));
    // Words that open a shard: without their last letter (and not as the word being typed), or with
    // their first two letters swapped, they sort into another shard.
    let mut queries = Vec::new();
    let mut expected = Vec::new();
    let words: Vec<String> = (0..16_000).map(word).collect();
    let unstemmed = keys.iter().skip(1).filter_map(|k| words.iter().position(|w| w == k).map(|n| (k, n)));
    for (key, n) in unstemmed.filter(|(k, _)| k.len() >= 6 && k.len() <= 12).take(4) {
        let page = format!("/p{}/", n / 40);
        let b = key.as_bytes();
        queries.push(format!("{} ", &key[..key.len() - 1]));
        expected.push(page.clone());
        queries.push(format!("{}{}{} ", b[1] as char, b[0] as char, &key[2..]));
        expected.push(page);
    }
    assert!(queries.len() >= 6, "{keys:?}");
    let extra = ["dropdown", "drop down", "clinc", "gizmo", "mfa", "the", ""];
    let mut all: Vec<&str> = queries.iter().map(String::as_str).collect();
    all.extend(extra);
    let results = client_results(&public, &all);
    for ((q, want), got) in queries.iter().zip(&expected).zip(&results) {
        assert!(got.iter().take(3).any(|u| u == want), "{q:?}: {want} not in {got:?}");
    }
    let rest = &results[queries.len()..];
    assert_eq!(rest[0].first().map(String::as_str), Some("/drop/"), "dropdown finds drop-down");
    assert_eq!(rest[1].first().map(String::as_str), Some("/drop/"), "drop down finds drop-down");
    assert_eq!(rest[2].first().map(String::as_str), Some("/drop/"), "a synonym that is a typo of clinic");
    assert_eq!(rest[3].first().map(String::as_str), Some("/drop/"), "gizmo is a widget");
    assert!(rest[4].is_empty() && rest[5].is_empty() && rest[6].is_empty(), "{rest:?}");
}

#[test]
fn search_report_summarises_logs_and_suggests_words_of_the_built_index() {
    let site = TempSite::new(&[
        HOME,
        ("docent.toml", "title = \"T\"\n"),
        ("content/reset.md", "+++\ntitle = \"Reset your password\"\n+++\nUse the verification code.\n"),
        (
            "misses.jsonl",
            "{\"v\":1,\"queries\":[\"mfa\",\"passwrd help\"]}\n{\"v\":1,\"queries\":[\"MFA\"]}\nnot a report\n",
        ),
    ]);
    assert!(site.build(&[]).status.success());
    let o = common::docent()
        .args(["search-report", "--site"])
        .arg(site.path("public"))
        .arg(site.path("misses.jsonl"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(out.starts_with("3 queries that found nothing (2 different) in 2 reports"), "{out}");
    assert!(out.contains("     2  mfa\n") && out.contains("     2  mfa: (none close)\n"), "{out}");
    assert!(out.contains("     1  passwrd: password\n"), "{out}");
    assert!(stderr(&o).contains("misses.jsonl:3:1: not a search report"), "{}", stderr(&o));
    let o = common::docent().args(["search-report", "/nonexistent.jsonl"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent.jsonl"), "{}", stderr(&o));
}

/// Builds `tests/fixtures/search-es` (a whole site with `language = "es"`) into a temporary folder.
fn spanish_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let o = common::docent()
        .args(["build", "--root"])
        .arg(common::repo().join("tests/fixtures/search-es"))
        .arg("--output")
        .arg(&public)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    (out, public)
}

#[test]
fn a_spanish_site_is_indexed_with_spanish_rules_and_folded_accents() {
    let (_out, public) = spanish_site();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(public.join("search/manifest.json")).unwrap()).unwrap();
    assert_eq!((&manifest["v"], &manifest["lang"]), (&serde_json::json!(4), &serde_json::json!("es")));
    assert!(manifest["rules"]["stop"].as_array().unwrap().contains(&serde_json::json!("los")), "{manifest}");
    assert_eq!(manifest["syn"][0], serde_json::json!([["clav"], ["contras"]]), "synonyms in Spanish terms");
    let mut terms = Vec::new();
    for hash in manifest["terms"].as_array().unwrap() {
        let shard: Vec<String> = serde_json::from_slice(
            &std::fs::read(public.join(format!("search/t-{}.json", hash.as_str().unwrap()))).unwrap(),
        )
        .unwrap();
        terms.extend(shard.into_iter().step_by(2));
    }
    for term in ["contras", "inform", "vacun", "bloque", "registr", "nin"] {
        assert!(terms.iter().any(|t| t == term), "{term} in {terms:?}");
    }
    for absent in ["los", "las", "del", "una", "contraseña", "contrasena", "contraseñas", "niño", "información"] {
        assert!(!terms.iter().any(|t| t == absent), "{absent} is not a term: {terms:?}");
    }

    let reset = "/cuenta/restablecer-contrasena/";
    let child = "/vacunas/informacion-del-nino/";
    let dose = "/vacunas/registrar-una-dosis/";
    let cases: [(&str, &str); 12] = [
        ("contraseñas", reset),
        ("contrasena", reset),
        ("CONTRASEÑA", reset),
        ("cuentas bloqueadas", reset),
        ("olvidé mi contraseña", reset),
        ("informacion del nino", child),
        ("Información", child),
        ("lotes administrados", dose),
        ("clave", reset),
        ("contrasña", reset),
        ("¿Dónde actualizo los datos del niño?", child),
        ("verificacion 2fa", "/cuenta/iniciar-sesion/"),
    ];
    let queries: Vec<&str> = cases.iter().map(|(q, _)| *q).collect();
    let results = client_results(&public, &queries);
    for ((q, want), got) in cases.iter().zip(&results) {
        assert_eq!(got.first().map(String::as_str), Some(*want), "{q:?} finds {want} first: {got:?}");
    }
    // Stop words alone find nothing.
    assert!(client_results(&public, &["de los las"])[0].is_empty());
}

#[test]
fn an_english_manifest_carries_no_language_rules() {
    let site = TempSite::new(&[HOME, ("docent.toml", "title = \"T\"\n")]);
    assert!(site.build(&[]).status.success());
    let manifest = std::fs::read_to_string(site.path("public/search/manifest.json")).unwrap();
    assert!(manifest.contains(r#""lang":"en""#) && manifest.contains(r#""rules":null"#), "{manifest}");
}
