//! A bound on template recursion: a macro that calls itself without end must become a
//! diagnostic naming the template, not a stack overflow that aborts `docent build` and kills
//! `docent serve` (Rust cannot catch an overflow).
//!
//! Tera has no depth limit of its own, so `guard_macros` puts a call to `stack_guard` at the
//! start of every macro body and before every include, on the same line (line numbers in errors do not move), and the
//! function fails once the thread has less than `RESERVE` bytes of stack left. Measuring the
//! stack rather than counting calls bounds every way a macro can recurse (itself, through
//! another macro, through a loop) with no limit that a legitimate template, such as a menu
//! rendered by a recursive macro, would meet. Refusing self-recursive macros outright was the
//! other choice, and it would forbid exactly those menus.

use std::borrow::Cow;
use std::collections::HashMap;

/// The name the guard is registered under; no template would choose it.
pub const FUNCTION: &str = "__docent_stack_guard";

/// Stack left when the guard refuses to go deeper: several times what one level of a macro
/// takes in Tera (including debug builds), so that the error itself can unwind.
const RESERVE: usize = 512 * 1024;

/// Fails when the rendering thread is close to the end of its stack.
pub fn stack_guard(args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    match stacker::remaining_stack() {
        Some(left) if left < RESERVE => {
            let what = match args.get("name").and_then(|v| v.as_str()) {
                Some("include") | None => "includes nest".to_string(),
                Some(name) => format!("macro {name} nests"),
            };
            Err(tera::Error::msg(format!(
                "{what} too deeply (probably a macro or template that calls itself without end); \
                 give the recursion a condition that stops it"
            )))
        }
        _ => Ok(tera::Value::String(String::new())),
    }
}

/// `text` with a call to the guard right after each `{% macro name(...) %}` tag and before each
/// `{% include %}` (outside `{% raw %}` blocks). The call prints nothing, and `-%}` and `{%-`
/// keep trimming what they trimmed.
pub fn guard_macros(text: &str) -> Cow<'_, str> {
    if !text.contains("macro") && !text.contains("include") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(open) = rest.find("{%") {
        let Some(close) = rest[open..].find("%}").map(|c| open + c + 2) else { break };
        let tag = &rest[open + 2..close - 2];
        let words: Vec<&str> = tag.trim_matches('-').split_whitespace().collect();
        out.push_str(&rest[..open]);
        if words.first() == Some(&"include") {
            // A template that includes itself recurses too: the guard runs before each include.
            let trim = if tag.starts_with('-') { "-" } else { "" };
            out.push_str(&format!("{{{{{trim} {FUNCTION}(name=\"include\") }}}}"));
        }
        out.push_str(&rest[open..close]);
        rest = &rest[close..];
        match words.first().copied() {
            Some("macro") => {
                let name: String = words
                    .get(1)
                    .map(|w| w.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect())
                    .unwrap_or_default();
                let trim = if tag.ends_with('-') { "-" } else { "" };
                out.push_str(&format!("{{{{ {FUNCTION}(name=\"{name}\") {trim}}}}}"));
            }
            Some("raw") => {
                // Copy the raw block as it is, up to and including its end tag.
                let end = find_endraw(rest).unwrap_or(rest.len());
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            _ => {}
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The end of the first `{% endraw %}` tag in `text`.
fn find_endraw(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(open) = text[from..].find("{%").map(|o| from + o) {
        let close = text[open..].find("%}").map(|c| open + c + 2)?;
        if text[open + 2..close - 2].trim_matches('-').trim() == "endraw" {
            return Some(close);
        }
        from = close;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_goes_after_each_macro_tag_on_the_same_line() {
        let t = "{% macro m(n) %}\n{{ n }}{% endmacro m %}\n{%- macro k() -%}\n x{% endmacro %}";
        let g = guard_macros(t);
        assert_eq!(
            g,
            "{% macro m(n) %}{{ __docent_stack_guard(name=\"m\") }}\n{{ n }}{% endmacro m %}\n\
             {%- macro k() -%}{{ __docent_stack_guard(name=\"k\") -}}\n x{% endmacro %}"
        );
        assert_eq!(g.lines().count(), t.lines().count());
    }

    #[test]
    fn guard_goes_before_each_include() {
        assert_eq!(
            guard_macros("a\n  {%- include \"x.html\" %}"),
            "a\n  {{- __docent_stack_guard(name=\"include\") }}{%- include \"x.html\" %}"
        );
        let mut tera = tera::Tera::default();
        tera.register_function(FUNCTION, stack_guard);
        tera.add_raw_template("self.html", &guard_macros("x{% include \"self.html\" %}")).unwrap();
        let err = std::thread::scope(|s| {
            let render = || tera.render("self.html", &tera::Context::new());
            std::thread::Builder::new().stack_size(2 << 20).spawn_scoped(s, render).unwrap().join().unwrap()
        });
        assert!(format!("{:?}", err.unwrap_err()).contains("includes nest too deeply"));
    }

    #[test]
    fn raw_blocks_and_templates_without_macros_are_left_alone() {
        let t = "{% raw %}{% macro m() %}{% endraw %}";
        assert_eq!(guard_macros(t), t);
        assert!(matches!(guard_macros("<p>{{ page.title }}</p>"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_macro_that_calls_itself_without_end_is_an_error_and_a_deep_one_renders() {
        let mut tera = tera::Tera::default();
        tera.register_function(FUNCTION, stack_guard);
        let endless = "{% macro m(n) %}{{ self::m(n=n+1) }}{% endmacro m %}{{ self::m(n=0) }}";
        let deep = "{% macro m(n) %}{% if n < 30 %}{{ self::m(n=n+1) }}{% else %}{{ n }}{% endif %}{% endmacro m %}{{ self::m(n=0) }}";
        tera.add_raw_templates([("endless.html", guard_macros(endless)), ("deep.html", guard_macros(deep))]).unwrap();
        let ctx = tera::Context::new();
        // On a thread with the 2 MiB stack that rayon's render threads get.
        let (endless, deep) = std::thread::scope(|s| {
            std::thread::Builder::new()
                .stack_size(2 << 20)
                .spawn_scoped(s, || (tera.render("endless.html", &ctx), tera.render("deep.html", &ctx)))
                .unwrap()
                .join()
                .unwrap()
        });
        let mut chain = String::new();
        let err = endless.unwrap_err();
        let mut source: Option<&dyn std::error::Error> = Some(&err);
        while let Some(e) = source {
            chain.push_str(&e.to_string());
            source = e.source();
        }
        assert!(chain.contains("macro m nests too deeply"), "{chain}");
        assert_eq!(deep.unwrap().trim(), "30");
    }
}
