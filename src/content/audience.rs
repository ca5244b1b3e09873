//! Audiences: the roles pages declare in front matter (`roles`), the site for one of them
//! (`docent build --role`), and the roles `::: only` blocks name, checked against those.
//!
//! Pure: works on the loaded `Site` and on what rendering recorded; reads nothing.

use super::Site;
use crate::diagnostics::{Diagnostic, Severity, Span};

/// The roles pages declare, sorted, each once.
pub fn declared_roles(site: &Site) -> Vec<String> {
    let mut roles: Vec<String> = site.pages.iter().flat_map(|p| p.front.roles.iter().cloned()).collect();
    roles.sort();
    roles.dedup();
    roles
}

/// Makes `site` the site for one audience: pages whose `roles` leave `role` out are removed
/// (pages without `roles` are for everyone), and rendering leaves out `only` blocks for other
/// roles. A role no page declares is an error naming those that are.
pub fn select(site: &mut Site, role: &str) -> Option<Diagnostic> {
    let declared = declared_roles(site);
    if !declared.iter().any(|r| r == role) {
        let help = if declared.is_empty() {
            "no page declares `roles` in its front matter, so there is no audience to build for".to_string()
        } else {
            let names: Vec<String> = declared.iter().map(|r| format!("\"{r}\"")).collect();
            format!("the roles pages declare: {}", names.join(", "))
        };
        return Some(Diagnostic {
            severity: Severity::Error,
            span: None,
            message: format!("--role \"{role}\": no page declares this role"),
            help: Some(help),
        });
    }
    let (kept, left): (Vec<_>, Vec<_>) = std::mem::take(&mut site.pages)
        .into_iter()
        .partition(|p| p.front.roles.is_empty() || p.front.roles.iter().any(|r| r == role));
    site.pages = kept;
    site.left_out = left.into_iter().map(|p| p.source).collect();
    // A translation (`a.es.md`) goes with the page it translates (`a.md`): its roles are the
    // source's until it is read with it.
    let codes: Vec<&String> = site.config.languages.keys().collect();
    let left_out = &site.left_out;
    let mut dropped = Vec::new();
    let mut keep = |p: &super::Page| {
        let source = codes.iter().find_map(|code| {
            p.source.strip_suffix(".md")?.strip_suffix(&format!(".{code}")).map(|stem| format!("{stem}.md"))
        });
        let keep = source.is_none_or(|s| !left_out.contains(&s));
        if !keep {
            dropped.push(p.source.clone());
        }
        keep
    };
    site.pages.retain(&mut keep);
    site.translations.retain(&mut keep);
    site.left_out.extend(dropped);
    site.audience = Some(role.to_string());
    None
}

/// A warning for each role an `only` block names that no page declares, with the nearest.
/// `only_roles` holds, per page, what rendering recorded (`RenderedMarkdown::only_roles`).
pub fn check_only_roles<'a>(
    site: &Site,
    only_roles: impl IntoIterator<Item = &'a [(String, Span)]>,
) -> Vec<Diagnostic> {
    if site.audience.is_some() {
        // The pages of other audiences are gone; a full build reports these.
        return Vec::new();
    }
    let declared = declared_roles(site);
    let mut out = Vec::new();
    for (role, span) in only_roles.into_iter().flatten() {
        if declared.iter().any(|r| r == role) {
            continue;
        }
        let help = match crate::explain::nearest(role, declared.iter().map(String::as_str)) {
            Some(near) => format!("did you mean \"{near}\"? pages declare audiences in their front matter `roles`"),
            None if declared.is_empty() => {
                "no page declares `roles` in its front matter; add the role to the pages for that audience".into()
            }
            None => format!("the roles pages declare: {}", declared.join(", ")),
        };
        out.push(
            Diagnostic::warning(span.clone(), format!("`::: only` names the role \"{role}\", which no page declares"))
                .with_help(help),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::test_site;

    fn site() -> Site {
        test_site(&[
            ("all.md", "+++\ntitle = \"All\"\n+++\nx"),
            ("nurse.md", "+++\ntitle = \"N\"\nroles = [\"school nurse\"]\n+++\nx"),
            ("clinic.md", "+++\ntitle = \"C\"\nroles = [\"clinic staff\"]\n+++\nx"),
        ])
    }

    #[test]
    fn a_role_build_keeps_that_audiences_pages_and_everyones() {
        let mut s = site();
        assert!(select(&mut s, "school nurse").is_none());
        let kept: Vec<&str> = s.pages.iter().map(|p| p.rel.as_str()).collect();
        assert_eq!(kept, vec!["all.md", "nurse.md"]);
        assert_eq!(s.audience.as_deref(), Some("school nurse"));
    }

    #[test]
    fn an_undeclared_role_names_the_declared_ones() {
        let mut s = site();
        let d = select(&mut s, "nurse").expect("an error");
        assert_eq!(d.message, "--role \"nurse\": no page declares this role");
        assert_eq!(d.help.as_deref(), Some("the roles pages declare: \"clinic staff\", \"school nurse\""));
        assert_eq!(s.pages.len(), 3, "nothing is removed");
    }

    #[test]
    fn only_roles_no_page_declares_are_warnings_with_the_nearest() {
        let s = site();
        let roles = vec![
            ("school nurse".to_string(), Span::new("content/all.md", 7, 1)),
            ("school nurses".to_string(), Span::new("content/all.md", 9, 1)),
        ];
        let d = check_only_roles(&s, [roles.as_slice()]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "`::: only` names the role \"school nurses\", which no page declares");
        assert_eq!(d[0].span.as_ref().unwrap().line, 9);
        assert!(d[0].help.as_deref().unwrap().starts_with("did you mean \"school nurse\"?"), "{:?}", d[0].help);
    }
}
