//! `[offline]` of `docent.toml`: whether the site is installable for offline reading. serde
//! checks its keys; the one check that needs the built site (a site file in the place of the
//! worker or manifest) is `derive::offline::check_paths`.

use serde::{Deserialize, Serialize};

/// `[offline]`: an installable site that readers can keep for reading offline (opt-in).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct OfflineConfig {
    /// Writes a web app manifest and a service worker, and the "Save for offline use" buttons.
    pub enabled: bool,
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn offline_is_off_unless_enabled_and_unknown_keys_name_their_line() {
        assert!(!Config::parse("").unwrap().offline.enabled);
        assert!(Config::parse("[offline]\nenabled = true\n").unwrap().offline.enabled);
        let err = Config::parse("[offline]\nenable = true\n").unwrap_err();
        assert!(err.message.contains("unknown key `enable` in [offline]"), "{}", err.message);
        assert_eq!(err.span.unwrap().line, 2);
    }
}
