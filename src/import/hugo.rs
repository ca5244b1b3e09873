//! Hugo: the site config (`hugo.toml|yaml|json` or `config.*`: title, description, the content
//! folder, also a language's `contentDir`), `content/` with `_index.md` sections and leaf bundles
//! (`dir/index.md` becomes `dir.md`), TOML/YAML/JSON front matter (`read_tree`, shared with Zola),
//! `{{< ref >}}`/`{{< relref >}}` turned into links to the page's file, and the other shortcodes
//! (`shortcodes`). Top-level folders without `_index.md` get one, as Hugo makes them sections.

use super::front;
use super::markdown::Slugs;
use super::shortcodes::{Shortcode, Style};
use super::{Kind, Project, Report, SourceFiles, dir_of, join};
use toml::Table;

const CONFIGS: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
    "config/_default/hugo.toml",
    "config/_default/hugo.yaml",
    "config/_default/hugo.yml",
    "config/_default/hugo.json",
    "config/_default/config.toml",
    "config/_default/config.yaml",
    "config/_default/config.yml",
];

pub fn read(src: &dyn SourceFiles, report: &mut Report) -> Result<Project, String> {
    let (file, text) = CONFIGS
        .iter()
        .find_map(|f| Some((f.to_string(), src.read_text(f)?)))
        .ok_or("no hugo.toml or config.toml here: give the Hugo site's folder")?;
    let config = parse_config(&file, &text)?;
    let str_at = |t: &Table, k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let params = config.get("params").and_then(|p| p.as_table());
    let content_root = str_at(&config, "contentDir")
        .or_else(|| language_content_dir(&config))
        .or_else(|| mounted_content(&config))
        .unwrap_or("content".into());
    let mut project = Project {
        kind: Some(Kind::Hugo),
        title: str_at(&config, "title"),
        description: params.and_then(|p| str_at(p, "description")).or_else(|| str_at(&config, "description")),
        content_root: content_root.trim_matches('/').to_string(),
        slugs: Some(Slugs::Github),
        ..Default::default()
    };
    let root = project.content_root.clone();
    let pages: Vec<String> = src
        .list()
        .into_iter()
        .filter_map(|f| f.strip_prefix(&format!("{root}/")).filter(|r| r.ends_with(".md")).map(str::to_string))
        .collect();
    let prefix = format!("{root}/");
    let mut notes = Vec::new();
    let mut made = 0;
    let mut made_params = 0;
    let site_params = params.cloned().unwrap_or_default();
    let mut known = |sc: &Shortcode, file: &str, line: u32| -> Option<String> {
        if sc.name == "param" {
            // The site's `params` (a page's own params are rarely used this way).
            let key = sc.positional.first().map(String::as_str).or(sc.arg("name"))?;
            let mut at = site_params.get(key.split('.').next()?)?;
            for part in key.split('.').skip(1) {
                at = at.get(part)?;
            }
            made_params += 1;
            return Some(match at {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            });
        }
        if sc.name != "ref" && sc.name != "relref" {
            return None;
        }
        let target = sc.positional.first().map(String::as_str).or(sc.arg("path")).unwrap_or("");
        let dir = dir_of(file.strip_prefix(&prefix).unwrap_or(file));
        match resolve_ref(&pages, dir, target) {
            Some(link) => {
                made += 1;
                Some(link)
            }
            None => {
                notes.push((
                    file.to_string(),
                    line,
                    format!("ref `{target}`: no such page; the link goes nowhere (`#`)"),
                ));
                Some("#".into())
            }
        }
    };
    super::zola::read_tree(src, &mut project, Style::Hugo, &mut known, report);
    report.count("{{< ref >}} and {{< relref >}} made links", made);
    report.count("{{< param >}} replaced by the site's value", made_params);
    for (file, line, message) in notes {
        report.note(&file, line, message);
    }
    for top in ["layouts", "themes", "assets"] {
        let n = src.list().iter().filter(|f| f.starts_with(&format!("{top}/"))).count();
        if n > 0 {
            report.note(&format!("{top}/"), 0, format!("{n} file(s) not imported: docent has its own theme"));
        }
    }
    super::zola::add_missing_sections(&mut project, report);
    Ok(project)
}

fn parse_config(file: &str, text: &str) -> Result<Table, String> {
    let parsed = if file.ends_with(".toml") {
        front::parse_toml(text)
    } else if file.ends_with(".json") {
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        match front::json_to_toml(v) {
            Some(toml::Value::Table(t)) => Ok(t),
            _ => Err("not an object".into()),
        }
    } else {
        front::parse_yaml(text)
    };
    parsed.map_err(|e| format!("{file}: {e}"))
}

/// The default language's `contentDir` (multilingual sites keep content per language).
fn language_content_dir(config: &Table) -> Option<String> {
    let langs = config.get("languages")?.as_table()?;
    let default = config.get("defaultContentLanguage").and_then(|v| v.as_str()).unwrap_or("en");
    let dir = |l: &toml::Value| l.get("contentDir").and_then(|v| v.as_str()).map(str::to_string);
    langs.get(default).and_then(dir).or_else(|| langs.values().find_map(dir))
}

/// The folder Hugo Modules mount as `content` (`module.mounts: [{source: content/en, target:
/// content}]`): the first such mount from inside the site.
fn mounted_content(config: &Table) -> Option<String> {
    let default = config.get("defaultContentLanguage").and_then(|v| v.as_str()).unwrap_or("en");
    let mounts = config.get("module")?.get("mounts")?.as_array()?;
    let content: Vec<(&str, bool)> = mounts
        .iter()
        .filter_map(|m| {
            let source = m.get("source")?.as_str()?;
            let ok = m.get("target")?.as_str()? == "content" && !source.starts_with("..");
            // `lang = "en"` (Hugo < 0.150) or `sites.matrix.languages = [en, fr]`.
            let langs = m.get("sites").and_then(|s| s.get("matrix")).and_then(|x| x.get("languages"));
            let for_default = m.get("lang").and_then(|l| l.as_str()) == Some(default)
                || langs.and_then(|l| l.as_array()).is_some_and(|a| a.iter().any(|l| l.as_str() == Some(default)));
            ok.then_some((source, for_default))
        })
        .collect();
    let pick = content.iter().find(|(_, d)| *d).or(content.first())?;
    Some(pick.0.trim_matches('/').to_string())
}

/// `@/path.md#anchor` for a ref written in a page of folder `dir` (relative to the content
/// folder): an absolute path, a path from the page's folder, or a unique file name.
fn resolve_ref(pages: &[String], dir: &str, target: &str) -> Option<String> {
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, format!("#{a}")),
        None => (target, String::new()),
    };
    if path.is_empty() {
        return Some(anchor);
    }
    let base = if let Some(abs) = path.strip_prefix('/') { abs.to_string() } else { join(dir, path) };
    let base = base.trim_end_matches('/');
    let candidates = [base.to_string(), format!("{base}.md"), format!("{base}/_index.md"), format!("{base}/index.md")];
    let found = candidates.iter().find(|c| pages.contains(c)).cloned().or_else(|| {
        let name = path.trim_start_matches('/').trim_end_matches('/');
        let suffix = if name.ends_with(".md") { name.to_string() } else { format!("{name}.md") };
        let hits: Vec<&String> = pages.iter().filter(|p| p.ends_with(&format!("/{suffix}")) || **p == suffix).collect();
        (hits.len() == 1).then(|| hits[0].clone())
    })?;
    Some(format!("@/{found}{anchor}"))
}

#[cfg(test)]
mod tests {
    use super::super::{MemFiles, OutFile, translate};
    use super::*;

    #[test]
    fn content_folder_from_a_module_mount() {
        let config = parse_config(
            "hugo.yaml",
            "module:\n  mounts:\n    - source: content/fr\n      target: content\n      sites: { matrix: { languages: [fr] } }\n    - source: content/en\n      target: content\n      sites: { matrix: { languages: [en, fr] } }\n",
        )
        .unwrap();
        assert_eq!(mounted_content(&config).as_deref(), Some("content/en"));
    }

    #[test]
    fn refs_resolve_absolute_relative_and_by_name() {
        let pages = vec!["docs/_index.md".to_string(), "docs/a.md".into(), "docs/b/index.md".into()];
        assert_eq!(resolve_ref(&pages, "", "/docs/a").as_deref(), Some("@/docs/a.md"));
        assert_eq!(resolve_ref(&pages, "docs", "b#x").as_deref(), Some("@/docs/b/index.md#x"));
        assert_eq!(resolve_ref(&pages, "", "a.md").as_deref(), Some("@/docs/a.md"));
        assert_eq!(resolve_ref(&pages, "", "/docs").as_deref(), Some("@/docs/_index.md"));
        assert_eq!(resolve_ref(&pages, "", "nope"), None);
    }

    #[test]
    fn hugo_site_with_language_content_dir_bundles_refs_and_sections() {
        let files = MemFiles::new(&[
            (
                "hugo.yaml",
                "title: H\ndefaultContentLanguage: en\nparams:\n  version: \"1.2\"\nlanguages:\n  en:\n    contentDir: content.en\n",
            ),
            (
                "content.en/docs/a.md",
                "---\ntitle: A\nweight: 2\nbookToc: false\n---\nSee [b]({{< relref \"/docs/b\" >}}) and [c]({{< ref \"nope\" >}}).\n{{< hint info >}}\nHi\n{{< /hint >}}\nVersion {{< param version >}}.\n",
            ),
            ("content.en/docs/b/index.md", "{\n\"title\": \"B\"\n}\n# B\n![x](x.png)\n"),
            ("content.en/docs/b/x.png", "png"),
            ("content.en/docs/b/inc/part.md", "Included by a shortcode.\n"),
        ]);
        let i = translate(Kind::Hugo, &files).unwrap();
        let t = |p: &str| match &i.files[p] {
            OutFile::Text(t) => t.clone(),
            f => panic!("{f:?} {:?}", i.files.keys().collect::<Vec<_>>()),
        };
        let a = t("content/docs/a.md");
        assert!(a.contains("[b](b.md)") && a.contains("[c](#)") && a.contains("> [!NOTE]\n> Hi"), "{a}");
        assert!(a.contains("bookToc = false") && a.contains("Version 1.2."), "{a}");
        assert!(t("content/docs/b.md").contains("![x](b/x.png)"));
        assert!(!i.files.contains_key("content/docs/b/inc/part.md"), "a bundle's Markdown is a resource");
        assert!(!i.files.contains_key("content/docs/b/_index.md"));
        assert!(t("content/docs/_index.md").contains("title = \"Docs\""));
        assert!(t("docent.toml").contains("title = \"H\""));
        let report = i.report.render("h", "s");
        assert!(report.contains("content.en/docs/a.md:6: ref `nope`: no such page"), "{report}");
    }
}
