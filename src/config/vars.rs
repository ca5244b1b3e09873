//! `[vars]` of `docent.toml`: the values are plain strings kept in `Config::vars`; this module
//! records the line each one is written on, so that `check`'s placeholder warnings name it.
//! Substituting `:var[NAME]` is `markdown::vars`.

use super::Config;
use crate::diagnostics::LineIndex;

/// Records the line of each `[vars]` value in `Config::var_lines`.
pub(super) fn set_var_lines(config: &mut Config, doc: &toml::de::DeTable, lines: &LineIndex) {
    let Some(toml::de::DeValue::Table(vars)) = doc.get("vars").map(|v| v.get_ref()) else { return };
    for (name, value) in vars.iter() {
        config.var_lines.insert(name.get_ref().to_string(), lines.position(value.span().start).0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_var_knows_the_line_of_its_value() {
        let config =
            Config::parse("title = \"x\"\n[vars]\nportal = \"https://a.org\"\n\nhours = \"9 to 5\"\n").unwrap();
        assert_eq!(config.vars["hours"], "9 to 5");
        assert_eq!(config.var_lines.get("portal"), Some(&3));
        assert_eq!(config.var_lines.get("hours"), Some(&5));
    }
}
