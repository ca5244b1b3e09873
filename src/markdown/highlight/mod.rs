//! Code highlighting, as short CSS classes, plus the stylesheet for them.
//!
//! The languages are two-face's collection of syntect syntaxes (syntect's defaults plus TOML,
//! TypeScript, SCSS, Dockerfile, Jinja, INI, PowerShell and more, kept up to date by bat's
//! maintainers); the commonest ones are parsed by tree-sitter instead (`tree.rs`), whose tokens
//! are given TextMate scopes and styled by the same themes. The syntax set, grammars and themes
//! load once per process (lazily); highlighting itself is pure.
//!
//! Every token colour in the stylesheet reads at WCAG AA on its theme's background
//! (`readable`): the themes' own comment, number and tag colours did not.
//!
//! Each run of text is styled by both themes (light and dark) here, and a run of text gets one flat
//! `<span>` only where a theme gives it something other than plain text, with a class per
//! theme and property: `hl3` (light colour 3), `hd5` (dark colour 5), `hlb2`/`hdb2`
//! (background), `hls1`/`hds2` (bold, italic, underline as bits). Colours are numbered in the
//! order the theme lists them, so the stylesheet is known before any page renders. This is a
//! fraction of the bytes of a class per scope name (`hl-keyword hl-other hl-DML hl-sql`, nested
//! per scope), which was a third of a page with code.

mod tree;

use crate::markdown::text_escape;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;
use syntect::highlighting::{Color, FontStyle, Highlighter, Style, Theme, ThemeSet};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// The two themes, light then dark, with their colour tables.
fn themes() -> &'static [Palette; 2] {
    static THEMES: OnceLock<[Palette; 2]> = OnceLock::new();
    THEMES.get_or_init(|| {
        let mut set = ThemeSet::load_defaults();
        let mut take = |name: &str| Palette::new(set.themes.remove(name).expect("syntect's default themes"));
        [take("InspiredGitHub"), take("base16-ocean.dark")]
    })
}

/// A theme and the colours it can give a token, numbered in the order it lists them.
struct Palette {
    theme: Theme,
    colors: Vec<Color>,
}

impl Palette {
    fn new(theme: Theme) -> Palette {
        let mut colors: Vec<Color> = Vec::new();
        let listed = theme.scopes.iter().flat_map(|item| [item.style.foreground, item.style.background]);
        for c in [theme.settings.foreground, theme.settings.background].into_iter().chain(listed).flatten() {
            if !colors.contains(&c) {
                colors.push(c);
            }
        }
        Palette { theme, colors }
    }

    fn index(&self, c: Color) -> Option<usize> {
        self.colors.iter().position(|&k| k == c)
    }

    /// The classes (after a space each) that make `style` in this theme, `tag` being `l` or `d`:
    /// none for what plain text already looks like.
    fn classes(&self, style: Style, default: Style, tag: char, out: &mut String) {
        if let Some(i) = self.index(style.foreground).filter(|_| style.foreground != default.foreground) {
            let _ = write!(out, " h{tag}{i}");
        }
        if let Some(i) = self.index(style.background).filter(|_| style.background != default.background) {
            let _ = write!(out, " h{tag}b{i}");
        }
        if !style.font_style.is_empty() {
            let _ = write!(out, " h{tag}s{}", style.font_style.bits());
        }
    }
}

/// Fence names writers use that are neither a file extension nor a syntax's name, with the
/// syntax each one means. Anything else is looked up as syntect does (extension, then name).
const ALIASES: &[(&str, &str)] = &[
    ("console", "Bourne Again Shell (bash)"),
    ("shell", "Bourne Again Shell (bash)"),
    ("shell-session", "Bourne Again Shell (bash)"),
    ("shellsession", "Bourne Again Shell (bash)"),
    ("docker", "Dockerfile"),
    // Templates on help and docs sites are HTML with tags in them: highlight both.
    ("jinja", "HTML (Jinja2)"),
    ("jinja2", "HTML (Jinja2)"),
    ("j2", "HTML (Jinja2)"),
    ("tera", "HTML (Jinja2)"),
    ("powershell", "PowerShell"),
    ("pwsh", "PowerShell"),
];

/// The syntax a fence's language token names, if docent knows it.
fn find_syntax<'a>(ss: &'a SyntaxSet, token: &str) -> Option<&'a SyntaxReference> {
    let lower = token.to_ascii_lowercase();
    if let Some((_, name)) = ALIASES.iter().find(|(alias, _)| *alias == lower) {
        return ss.find_syntax_by_name(name);
    }
    ss.find_syntax_by_token(&lower)
}

/// Highlights `code` written in `lang` (a fence's info string); `None` when the language is
/// unknown, so the caller shows the code as plain text.
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let ss = syntaxes();
    let token = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    if token.is_empty() {
        return None;
    }
    let syntax = SYNTAX_OF.with_borrow_mut(|known| {
        if let Some(&found) = known.get(token) {
            return found;
        }
        if known.len() >= STYLES_MAX {
            known.clear();
        }
        *known.entry(token.to_string()).or_insert_with(|| find_syntax(ss, token))
    })?;
    STYLES.with_borrow_mut(|styles| {
        if styles.len() > STYLES_MAX {
            styles.clear();
        }
        let mut spans = Spans::new(styles, code.len());
        let by_tree = tree::grammar_for(&syntax.name)
            .filter(|grammar| grammar.takes(code))
            .and_then(|grammar| tree::for_each_run(grammar, code, |piece, scopes| spans.text(piece, scopes)));
        if by_tree.is_none() {
            if code.lines().any(|line| line.len() > SYNTECT_LINE_MAX) {
                return None;
            }
            spans.out.clear();
            spans.run.clear();
            spans.open.clear();
            let mut parse = ParseState::new(syntax);
            let mut stack = ScopeStack::new();
            for line in LinesWithEndings::from(code) {
                let ops = parse.parse_line(line, ss).ok()?;
                let mut at = 0;
                for (i, op) in &ops {
                    spans.text(&line[at..*i], stack.as_slice());
                    at = *i;
                    stack.apply(op).ok()?;
                }
                spans.text(&line[at..], stack.as_slice());
            }
        }
        Some(spans.finish())
    })
}

/// The highlighted HTML being written: flat spans, one per run of text with the same classes.
struct Spans<'a> {
    styles: &'a mut HashMap<Vec<Scope>, String>,
    out: String,
    /// The open span's classes ("" when none is open) and the text waiting for it.
    open: String,
    run: String,
}

impl<'a> Spans<'a> {
    fn new(styles: &'a mut HashMap<Vec<Scope>, String>, len: usize) -> Spans<'a> {
        Spans { styles, out: String::with_capacity(len * 2), open: String::new(), run: String::new() }
    }

    /// Adds `piece`, styled as text under `scopes` (outermost first) is.
    fn text(&mut self, piece: &str, scopes: &[Scope]) {
        if piece.is_empty() {
            return;
        }
        if !self.styles.contains_key(scopes) {
            self.styles.insert(scopes.to_vec(), classes_of(scopes));
        }
        let classes = &self.styles[scopes];
        if *classes != self.open {
            flush(&self.open, &self.run, &mut self.out);
            self.run.clear();
            self.open.clone_from(classes);
        }
        self.run.push_str(piece);
    }

    fn finish(mut self) -> String {
        flush(&self.open, &self.run, &mut self.out);
        self.out
    }
}

thread_local! {
    /// The syntax of each fence token met so far on this thread: syntect looks a token up by
    /// comparing it with every syntax's extensions and names, once per code block otherwise.
    static SYNTAX_OF: std::cell::RefCell<HashMap<String, Option<&'static SyntaxReference>>> = Default::default();

    /// The classes of each scope stack met so far on this thread. A token's style is a function
    /// of its scopes only, and matching both themes' selectors against a stack is most of the
    /// cost of highlighting, while a site's code blocks meet a few thousand stacks at most.
    static STYLES: std::cell::RefCell<HashMap<Vec<Scope>, String>> = Default::default();
}

/// The longest line syntect is given, in bytes; a block with a longer one is shown as plain text.
/// syntect matches its patterns from each token to the end of the line, so a line's cost grows
/// with its length squared: a bash line of 100,000 `(` took 21 s (fuzzing found such inputs),
/// where this bound keeps any block's cost linear in its size. Code in help pages keeps well
/// under it; what passes it is data (minified scripts, long JSON lines), where colour adds
/// little. tree-sitter is linear and has its own bound on a block (`tree::MAX_BYTES`).
pub const SYNTECT_LINE_MAX: usize = 1_000;

/// Past this many stacks the cache starts again, so it cannot grow without bound.
const STYLES_MAX: usize = 50_000;

/// The classes (after a space each) for text under `stack`: the light theme's, then the dark.
fn classes_of(stack: &[Scope]) -> String {
    let [light, dark] = themes();
    let mut classes = String::new();
    for (palette, tag) in [(light, 'l'), (dark, 'd')] {
        let highlighter = Highlighter::new(&palette.theme);
        palette.classes(highlighter.style_for_stack(stack), highlighter.get_default(), tag, &mut classes);
    }
    classes
}

/// Writes `text`, escaped, in a span with `classes` (each after a space), or bare without any.
fn flush(classes: &str, text: &str, out: &mut String) {
    if text.is_empty() {
        return;
    }
    if classes.is_empty() {
        out.push_str(&text_escape(text));
    } else {
        let _ = write!(out, "<span class=\"{}\">{}</span>", &classes[1..], text_escape(text));
    }
}

/// The stylesheet for highlighted code: a light theme, and a dark one that applies when the
/// reader's system prefers dark (unless they chose light) or when they chose dark.
pub fn stylesheet() -> String {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(build_stylesheet).clone()
}

fn build_stylesheet() -> String {
    let [light, dark] = themes();
    let mut out = String::from("/* Code highlighting, generated by docent from syntect's themes. */\n");
    out.push_str(&rules(light, 'l', "", ""));
    // In dark mode a token drops its light colours first (a token may be coloured in one theme
    // only); the dark classes then win by specificity. Font styles add up, as they did when the
    // classes were scope names (a keyword bold in the light theme stays bold in the dark one).
    for root in [":root[data-theme=\"dark\"]", ":root:not([data-theme=\"light\"])"] {
        let dark_rules = format!(
            "{root} .hl-code span {{ color: inherit; background-color: transparent; }}\n{}",
            rules(dark, 'd', root, " .hl-code")
        );
        if root.contains("not") {
            let _ = write!(out, "@media (prefers-color-scheme: dark) {{\n{dark_rules}}}\n");
        } else {
            out.push_str(&dark_rules);
        }
    }
    out
}

/// The contrast a token's colour keeps with the theme's background: WCAG's 4.5:1 for text, with
/// room for a page that paints code blocks a little darker than the theme does (the default
/// theme's `--bg-soft`, #f3f5f8, is 9 % darker than white).
const TEXT_CONTRAST: f64 = 5.0;

/// WCAG 2's relative luminance of a colour.
fn luminance(c: Color) -> f64 {
    let linear = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 { s / 12.92 } else { ((s + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b)
}

fn contrast(a: Color, b: Color) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// `c` as text on `background`: unchanged when it reads at `TEXT_CONTRAST`, else mixed towards
/// black (on a light background) or white (on a dark one) just far enough. The themes' comment
/// grey, number blue and tag green read at 2.9–4.2:1 on white as they come.
fn readable(c: Color, background: Color) -> Color {
    let toward: u8 = if luminance(background) > 0.18 { 0 } else { 255 };
    let mix = |v: u8, t: f64| (f64::from(v) + (f64::from(toward) - f64::from(v)) * t).round() as u8;
    (0..=100)
        .map(|step| f64::from(step) / 100.0)
        .map(|t| Color { r: mix(c.r, t), g: mix(c.g, t), b: mix(c.b, t), a: c.a })
        .find(|&m| contrast(m, background) >= TEXT_CONTRAST)
        .unwrap_or(c)
}

/// One theme's rules: the block's own colours, then a rule per colour and font style class.
fn rules(palette: &Palette, tag: char, root: &str, scope: &str) -> String {
    let css_color = |c: Color| {
        if c.a == 0xFF {
            format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
        } else {
            format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
        }
    };
    let prefix = format!("{root}{scope}");
    let sel = |class: String| if prefix.is_empty() { class } else { format!("{prefix} {class}") };
    let settings = &palette.theme.settings;
    let mut out = if root.is_empty() { String::from(".hl-code {") } else { format!("{root} .hl-code {{") };
    if let Some(c) = settings.foreground {
        let _ = write!(out, " color: {};", css_color(c));
    }
    if let Some(c) = settings.background {
        let _ = write!(out, " background-color: {};", css_color(c));
    }
    out.push_str(" }\n");
    let background = settings.background.unwrap_or(Color::WHITE);
    for (i, &c) in palette.colors.iter().enumerate() {
        let text = css_color(readable(c, background));
        let _ = writeln!(out, "{} {{ color: {text}; }}", sel(format!(".h{tag}{i}")));
        let _ = writeln!(out, "{} {{ background-color: {}; }}", sel(format!(".h{tag}b{i}")), css_color(c));
    }
    for bits in 1..=7u8 {
        let style = FontStyle::from_bits_truncate(bits);
        let mut decl = String::new();
        if style.contains(FontStyle::BOLD) {
            decl.push_str(" font-weight: bold;");
        }
        if style.contains(FontStyle::ITALIC) {
            decl.push_str(" font-style: italic;");
        }
        if style.contains(FontStyle::UNDERLINE) {
            decl.push_str(" text-decoration: underline;");
        }
        let _ = writeln!(out, "{} {{{decl} }}", sel(format!(".h{tag}s{bits}")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes_unknown_gets_none() {
        let html = highlight("fn main() {}\n", "rust").unwrap();
        assert!(html.starts_with("<span class=\"hl"), "`fn` is a coloured keyword: {html}");
        assert!(highlight("x", "no-such-language").is_none());
    }

    #[test]
    fn common_languages_go_to_tree_sitter_under_every_fence_name_and_the_rest_to_syntect() {
        let engine = |token: &str| tree::grammar_for(&find_syntax(syntaxes(), token).unwrap().name).is_some();
        for token in [
            "sh", "bash", "zsh", "shell", "console", "json", "yaml", "yml", "sql", "python", "py", "js", "jsx", "rust",
            "rs",
        ] {
            assert!(engine(token), "{token} is highlighted by tree-sitter");
        }
        for token in ["toml", "html", "powershell", "go"] {
            assert!(!engine(token), "{token} is highlighted by syntect");
        }
        // Both engines' tokens take their colours from the same themes: a keyword is a keyword.
        let keyword = |code: &str, lang: &str| span_classes(&highlight(code, lang).unwrap())[0].join(" ");
        assert_eq!(keyword("if (a) { return 1; }\n", "rust"), keyword("if (a) { return 1; }\n", "c"));
    }

    #[test]
    fn stylesheet_has_dark_rules() {
        let css = stylesheet();
        assert!(css.contains(":root[data-theme=\"dark\"] .hl-code .hd"), "{css}");
        assert!(
            css.contains("@media (prefers-color-scheme: dark) {\n:root:not([data-theme=\"light\"]) .hl-code span {")
        );
    }

    #[test]
    fn every_token_colour_reads_at_wcag_aa_on_its_theme() {
        for palette in themes() {
            let background = palette.theme.settings.background.unwrap();
            for &c in &palette.colors {
                let text = readable(c, background);
                assert!(contrast(text, background) >= 4.5 * 1.09, "{c:?} -> {text:?}");
                if contrast(c, background) >= TEXT_CONTRAST {
                    assert_eq!(text, c, "a colour that reads already is kept");
                }
            }
        }
        // A colour the light theme gives comments (#969896, 2.9:1 on white) is darkened.
        let grey = Color { r: 0x96, g: 0x98, b: 0x96, a: 0xff };
        assert_ne!(readable(grey, Color::WHITE), grey);
        assert!(!stylesheet().contains("{ color: #969896; }"));
    }

    #[test]
    fn shell_options_look_as_syntect_styled_them() {
        // syntect's bash gives `--verbose` an option scope, which the light theme leaves plain.
        let html = highlight("registry-cli reset --email a@example.org --verbose\n", "sh").unwrap();
        assert!(html.contains("<span class=\"hd4\">--verbose</span>"), "{html}");
    }

    #[test]
    fn spans_are_flat_and_only_where_a_theme_styles_the_text() {
        let html = highlight("SELECT name FROM users;\n", "sql").unwrap();
        assert!(html.contains("</span> name <span"), "plain text is bare: {html}");
        assert!(!html.contains("</span></span>") && !html.contains("\"><span"), "no nesting: {html}");
        assert_eq!(html.matches("<span").count(), html.matches("</span>").count());
    }

    /// Samples in each language issue 16 asks for, under each fence name writers use for it.
    const SAMPLES: &[(&[&str], &str)] = &[
        (&["toml"], "[package]\nname = \"docent\" # the name\n"),
        (&["yaml", "yml"], "site:\n  title: Help # shown\n  pages: 3\n"),
        (&["json"], "{\"title\": \"Help\", \"pages\": 3, \"draft\": false}\n"),
        (&["sh", "bash", "shell", "console", "shell-session"], "$ docent build --output out\n"),
        (&["powershell", "ps1", "pwsh"], "$out = Get-ChildItem -Path \"C:\\docs\"\nWrite-Host $out\n"),
        (&["sql"], "SELECT name FROM users WHERE id = 1;\n"),
        (&["ts", "typescript"], "const n: number = 1;\nexport function f(x: string): void {}\n"),
        (&["scss"], "$accent: #06c;\n.nav { a { color: $accent; } }\n"),
        (&["dockerfile", "docker"], "FROM debian:bookworm\nRUN apt-get update\nCOPY . /app\n"),
        (&["html"], "<p class=\"note\">Hello</p>\n"),
        (&["jinja", "jinja2", "tera", "j2"], "<ul>{% for p in pages %}<li>{{ p.title }}</li>{% endfor %}</ul>\n"),
        (&["ini", "cfg"], "[server]\nport = 8080 ; the port\n"),
    ];

    /// The classes of every `<span class="…">` in `html`.
    fn span_classes(html: &str) -> Vec<Vec<&str>> {
        html.split("<span class=\"").skip(1).map(|rest| rest[..rest.find('"').unwrap()].split(' ').collect()).collect()
    }

    #[test]
    fn each_help_site_language_is_highlighted_and_styled() {
        let css = stylesheet();
        for (names, code) in SAMPLES {
            for name in *names {
                let html = highlight(code, name).unwrap_or_else(|| panic!("{name} is not highlighted"));
                let spans = span_classes(&html);
                assert!(!spans.is_empty(), "{name}: no token is styled: {html}");
                for class in spans.iter().flatten() {
                    assert!(class.starts_with("hl") || class.starts_with("hd"), "{name}: {class} in {html}");
                    let rule = if class.starts_with("hl") {
                        format!("\n.{class} {{")
                    } else {
                        format!(".hl-code .{class} {{")
                    };
                    assert!(css.contains(&rule), "{name}: no rule for {class}");
                }
            }
        }
    }

    #[test]
    fn fence_names_are_case_insensitive_and_info_string_extras_ignored() {
        assert!(highlight("a = 1\n", "TOML").is_some());
        assert!(highlight("a = 1\n", "toml {title=\"x\"}").is_some());
        assert!(highlight("a = 1\n", "Console").is_some());
    }

    #[test]
    fn a_block_with_a_line_too_long_for_syntect_stays_plain() {
        // Over tree-sitter's size bound, so the block goes to syntect.
        let long = format!("echo {}\n", "(".repeat(tree::MAX_BYTES));
        assert_eq!(highlight(&long, "bash"), None);
        let short = format!("echo {}\n", "(".repeat(SYNTECT_LINE_MAX - 10)).repeat(tree::MAX_BYTES / 900);
        assert!(short.len() > tree::MAX_BYTES);
        assert!(highlight(&short, "bash").is_some_and(|html| html.contains("<span")));
        // Data on one long line in a language only syntect knows.
        assert_eq!(highlight(&format!("<a>{}</a>\n", "x ".repeat(SYNTECT_LINE_MAX)), "xml"), None);
        assert!(highlight("<a>x</a>\n", "xml").is_some());
    }

    #[test]
    fn unknown_or_empty_language_stays_plain() {
        assert!(highlight("<b>x</b>", "no-such-language").is_none());
        assert!(highlight("x", "").is_none());
    }

    #[test]
    fn highlighting_keeps_the_code_text_and_is_deterministic() {
        for (names, code) in SAMPLES {
            let html = highlight(code, names[0]).unwrap();
            assert_eq!(html, highlight(code, names[0]).unwrap());
            let text = strip_tags(&html)
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">");
            assert_eq!(text.replace("&amp;", "&"), *code, "{}", names[0]);
        }
    }

    fn strip_tags(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }
}
