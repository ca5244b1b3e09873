//! A site's policy for links that docent should not resolve (`[check]` in `docent.toml`):
//! `ignore_links` (globs; matching links are written as they are and not checked, for links into
//! another part of a larger publication) and `link_prefixes` (a link starting with a prefix
//! becomes an external URL: `"../reference/" = "https://doc.rust-lang.org/reference/"`).

use crate::config::CheckConfig;

pub struct LinkPolicy {
    ignore: globset::GlobSet,
    /// (prefix, replacement), longest prefix first.
    prefixes: Vec<(String, String)>,
}

impl LinkPolicy {
    /// The policy of `[check]`. Invalid globs are skipped here: `Config::parse_all` reports them.
    pub fn new(config: &CheckConfig) -> LinkPolicy {
        let mut ignore = globset::GlobSetBuilder::new();
        for pattern in &config.ignore_links {
            if let Ok(glob) = globset::Glob::new(pattern) {
                ignore.add(glob);
            }
        }
        let mut prefixes: Vec<(String, String)> =
            config.link_prefixes.iter().map(|(p, r)| (p.clone(), r.clone())).collect();
        prefixes.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        LinkPolicy { ignore: ignore.build().unwrap_or_else(|_| globset::GlobSet::empty()), prefixes }
    }

    /// The URL to write for `dest` when the policy decides it (mapped or ignored), else `None`.
    pub fn apply(&self, dest: &str) -> Option<String> {
        if let Some((prefix, to)) = self.prefixes.iter().find(|(p, _)| dest.starts_with(p.as_str())) {
            return Some(format!("{to}{}", &dest[prefix.len()..]));
        }
        self.ignores(dest).then(|| dest.to_string())
    }

    /// True when `dest` matches one of `ignore_links`.
    pub fn ignores(&self, dest: &str) -> bool {
        !self.ignore.is_empty() && self.ignore.is_match(dest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_map_to_urls_and_globs_leave_links_alone() {
        let config = CheckConfig {
            ignore_links: vec!["../std/*".into()],
            link_prefixes: [
                ("../reference/".to_string(), "https://doc.rust-lang.org/reference/".to_string()),
                ("../reference/x/".to_string(), "https://x.org/".to_string()),
            ]
            .into_iter()
            .collect(),
        };
        let p = LinkPolicy::new(&config);
        assert_eq!(p.apply("../reference/types.html#a").unwrap(), "https://doc.rust-lang.org/reference/types.html#a");
        assert_eq!(p.apply("../reference/x/y.html").unwrap(), "https://x.org/y.html", "the longest prefix wins");
        assert_eq!(p.apply("../std/fmt/index.html").unwrap(), "../std/fmt/index.html");
        assert_eq!(p.apply("other.md"), None);
    }
}
