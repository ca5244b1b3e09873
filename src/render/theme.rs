//! The theme: templates (tera) and static files, embedded defaults overridden by the site's own.
//!
//! Static files get content-hashed names (`style.3f2a9c1b0d.css`) so hosts can cache them
//! forever; templates refer to them through the `assets` map by their plain names.

use crate::content::Site;
use crate::diagnostics::{Diagnostic, Span};
use crate::markdown::highlight;
use include_dir::{Dir, include_dir};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A theme ready to render with: the template engine and the hashed static files.
pub struct Theme {
    pub tera: tera::Tera,
    /// The digest of every template's text: what `tera` was made from.
    pub templates_key: u64,
    /// Plain name (`style.css`) -> URL path relative to the base (`style.3f2a9c1b0d.css`).
    pub assets: BTreeMap<String, String>,
    /// Output path -> bytes of each static file.
    pub files: BTreeMap<String, Vec<u8>>,
}

/// The embedded default theme's templates, by name (`page.html`).
pub fn default_templates() -> BTreeMap<String, String> {
    embedded_files("templates").into_iter().map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned())).collect()
}

fn embedded_files(sub: &str) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if let Some(dir) = DEFAULT_THEME.get_dir(sub) {
        collect(dir, sub, &mut out);
    }
    out
}

fn collect(dir: &Dir<'static>, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
    for f in dir.files() {
        let path = f.path().to_string_lossy().replace('\\', "/");
        let rel = path.strip_prefix(prefix).unwrap_or(&path).trim_start_matches('/').to_string();
        out.insert(rel, f.contents().to_vec());
    }
    for d in dir.dirs() {
        collect(d, prefix, out);
    }
}

/// Builds the theme: embedded templates, then the site's (same name wins), parsed once.
pub fn load_theme(site: &Site) -> Result<Theme, Vec<Diagnostic>> {
    let mut templates = default_templates();
    for (name, text) in &site.templates {
        templates.insert(name.clone(), text.clone());
    }
    let templates_key = crate::digest::of_serialized(&templates).expect("a map of strings always serializes");
    let tera = match parsed_templates(templates_key) {
        Some(tera) => tera,
        None => {
            let tera = parse_templates(&templates).map_err(|e| {
                let name = failing_template(&e.to_string(), &templates).unwrap_or_default();
                vec![template_error(site, &name, &e)]
            })?;
            remember_templates(templates_key, &tera);
            tera
        }
    };
    let mut statics = embedded_files("static");
    // The scripts of opt-in features are published only with the feature: no bytes otherwise.
    if !site.config.offline.enabled {
        statics.remove("offline.js");
    }
    if site.config.feedback.is_none() {
        statics.remove("feedback.js");
    }
    for (name, bytes) in &site.theme_static {
        statics.insert(name.clone(), bytes.clone());
    }
    if let Some(css) = statics.get_mut("style.css") {
        css.extend_from_slice(b"\n");
        css.extend_from_slice(highlight::stylesheet().as_bytes());
    }
    if let Some(js) = statics.get_mut("docent.js") {
        js.splice(0..0, script_strings(&site.config).into_bytes());
    }
    let mut assets = BTreeMap::new();
    let mut files = BTreeMap::new();
    for (name, bytes) in statics {
        let hashed = hashed_name(&name, &bytes);
        assets.insert(name, hashed.clone());
        files.insert(hashed, bytes);
    }
    Ok(Theme { tera, templates_key, assets, files })
}

/// The words the theme's scripts show, for every language of the site, as the statement put at
/// the start of `docent.js`: `window.docentStrings = {"en": {…}, "es": {…}};`. Scripts pick the
/// page's language by `<html lang>`. In the one cached script rather than in every page (about
/// 1 KB a page, 10 MB at 10,000 pages), and with no request of its own: `docent.js` runs before
/// the other deferred theme scripts.
pub fn script_strings(config: &crate::config::Config) -> String {
    let mut out = String::from("window.docentStrings = {");
    for (n, code) in crate::languages::all_languages(config).into_iter().enumerate() {
        let json = crate::strings::Language::new(code, config).script_json;
        let key = serde_json::to_string(code).expect("a string always serializes");
        out.push_str(&format!("{}{key}: {json}", if n > 0 { ", " } else { "" }));
    }
    out.push_str("};\n");
    out
}

/// The template engine with every template parsed (the guard put into each first).
fn parse_templates(templates: &BTreeMap<String, String>) -> tera::Result<tera::Tera> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which makes every URL unreadable; this escapes what HTML needs.
    tera.set_escape_fn(crate::markdown::text_escape);
    tera.register_function(super::guard::FUNCTION, super::guard::stack_guard);
    tera.register_filter("urlencode_strict", urlencode_strict);
    let guarded: Vec<(&str, std::borrow::Cow<str>)> =
        templates.iter().map(|(n, t)| (n.as_str(), super::guard::guard_macros(t))).collect();
    tera.add_raw_templates(guarded.iter().map(|(n, t)| (*n, t.as_ref())))?;
    Ok(tera)
}

/// The last templates parsed in this process, by their digest. Parsing is most of loading a
/// theme (about 12 ms for the default one), and a site in several languages loads it once per
/// language, `serve` once per rebuild, from the same templates; a copy is far cheaper.
static PARSED: std::sync::Mutex<Option<(u64, tera::Tera)>> = std::sync::Mutex::new(None);

fn parsed_templates(key: u64) -> Option<tera::Tera> {
    let parsed = PARSED.lock().ok()?;
    parsed.as_ref().filter(|(k, _)| *k == key).map(|(_, tera)| tera.clone())
}

fn remember_templates(key: u64, tera: &tera::Tera) {
    if let Ok(mut parsed) = PARSED.lock() {
        *parsed = Some((key, tera.clone()));
    }
}

/// Renders `name` into a buffer of `capacity` bytes: what a page will hold (its content and
/// menu plus the template's own markup). Tera's `render` starts at 2 KB and doubles, copying a
/// page about five times and a print page (megabytes) a dozen; the bytes are the same.
pub fn render_sized(tera: &tera::Tera, name: &str, ctx: &tera::Context, capacity: usize) -> tera::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(capacity);
    tera.render_to(name, ctx, &mut out)?;
    // Pages are kept until written: give back what the estimate over-reserved.
    out.shrink_to_fit();
    Ok(out)
}

/// What a template adds around a page's own HTML (head, header, footer, scripts), rounded up:
/// the default theme's page is about 4 KB besides its content and menu.
pub const TEMPLATE_BYTES: usize = 8 * 1024;

/// Tera's `urlencode_strict` (its builtin needs a feature docent leaves off): every byte but
/// letters, digits and `-._~` percent-encoded, for a value put into a URL's query (mailto
/// subjects, the help desk link).
fn urlencode_strict(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
    let text = tera::try_get_value!("urlencode_strict", "value", String, value);
    Ok(tera::Value::String(utf8_percent_encode(&text, QUERY_VALUE).to_string()))
}

/// How many hex digits of SHA-256 a hashed name carries.
const HASH_HEX_DIGITS: usize = 10;

/// `style.css` -> `style.<first 10 hex digits of SHA-256>.css`.
pub fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().take(HASH_HEX_DIGITS / 2).map(|b| format!("{b:02x}")).collect();
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hex}.{ext}"),
        None => format!("{name}.{hex}"),
    }
}

/// The plain name of a hashed static file (`css/style.0123456789.css` -> `css/style.css`), the
/// inverse of `hashed_name`; `None` for a name without the hash.
pub fn unhashed_name(path: &str) -> Option<String> {
    let (rest, ext) = path.rsplit_once('.')?;
    let (stem, hash) = rest.rsplit_once('.')?;
    let is_hash = hash.len() == HASH_HEX_DIGITS && hash.bytes().all(|b| b.is_ascii_hexdigit());
    is_hash.then(|| format!("{stem}.{ext}"))
}

/// Tera names the template that failed to parse in quotes: `Failed to parse "page.html"`.
fn failing_template(message: &str, templates: &BTreeMap<String, String>) -> Option<String> {
    let start = message.find(['"', '\''])? + 1;
    let end = start + message[start..].find(['"', '\''])?;
    let name = &message[start..end];
    templates.contains_key(name).then(|| name.to_string())
}

/// Where a template comes from, for diagnostics.
pub fn template_source(site: &Site, name: &str) -> String {
    match site.template_files.get(name) {
        Some(file) => file.clone(),
        None => format!("themes/default/templates/{name} (embedded)"),
    }
}

/// A tera error as a diagnostic: the template's file and line, and the full cause chain.
pub fn template_error(site: &Site, name: &str, e: &tera::Error) -> Diagnostic {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    let (line, col) = tera_position(&message).unwrap_or((1, 1));
    let message = message.replace('\n', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    Diagnostic::error(Span::new(template_source(site, name), line, col), format!("template error: {message}"))
        .with_help("fix the template; tera's syntax is described at https://keats.github.io/tera/docs/")
}

/// Tera's parse errors contain `--> LINE:COL`.
fn tera_position(message: &str) -> Option<(u32, u32)> {
    let at = message.find("--> ")?;
    let rest = &message[at + 4..];
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ':')).unwrap_or(rest.len());
    let (line, col) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, col.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_change_with_content() {
        let a = hashed_name("style.css", b"a");
        assert!(a.starts_with("style.") && a.ends_with(".css") && a.len() == "style..css".len() + 10);
        assert_ne!(a, hashed_name("style.css", b"b"));
        assert_eq!(unhashed_name(&a).as_deref(), Some("style.css"));
        assert_eq!(unhashed_name("css/style.css"), None);
    }

    #[test]
    fn the_theme_script_starts_with_every_languages_strings() {
        let config = crate::config::Config::parse(
            "title = \"T\"\nlanguage = \"en\"\n[languages.es]\n[languages.fr.strings]\ncopied = \"C'est copié\"\n",
        )
        .unwrap();
        let site = Site { config, ..Site::default() };
        let Ok(theme) = load_theme(&site) else { panic!("the default theme loads") };
        let script = String::from_utf8(theme.files[&theme.assets["docent.js"]].clone()).unwrap();
        let first = script.lines().next().unwrap();
        assert!(first.starts_with("window.docentStrings = {\"en\": {\"copied\":\"Copied\""), "{first}");
        assert!(first.contains(", \"es\": {\"copied\":\"Copiado\"") && first.contains("\"copied\":\"C'est copié\""));
        assert!(script.contains("function ui(key)"), "the theme's own script follows");
    }

    #[test]
    fn parsed_templates_are_reused_only_for_the_same_templates() {
        let render = |site: &Site| {
            let theme = load_theme(site).unwrap();
            theme.tera.render("probe.html", &tera::Context::new()).unwrap()
        };
        let mut a = Site::default();
        a.templates.insert("probe.html".into(), "one".into());
        let mut b = Site::default();
        b.templates.insert("probe.html".into(), "two".into());
        assert_eq!(render(&a), "one");
        assert_eq!(render(&a), "one", "reused");
        assert_eq!(render(&b), "two", "changed templates are parsed again");
        assert_eq!(render(&a), "one");
        // A broken template is never remembered: the next load reports it again.
        let mut broken = Site::default();
        broken.templates.insert("probe.html".into(), "{% if %}".into());
        assert!(load_theme(&broken).is_err());
        assert!(load_theme(&broken).is_err());
    }

    #[test]
    fn render_sized_gives_the_bytes_of_render() {
        let mut site = Site::default();
        site.templates.insert("probe.html".into(), "{% for i in [1, 2, 3] %}<p>{{ i }}</p>{% endfor %}".into());
        let tera = load_theme(&site).unwrap().tera;
        let ctx = tera::Context::new();
        let whole = tera.render("probe.html", &ctx).unwrap();
        for capacity in [0, 3, 1 << 16] {
            let sized = render_sized(&tera, "probe.html", &ctx, capacity).unwrap();
            assert_eq!(sized, whole.as_bytes());
            assert_eq!(sized.capacity(), sized.len(), "no spare room kept");
        }
    }

    #[test]
    fn broken_site_template_names_file_and_line() {
        let mut site = Site::default();
        site.templates.insert("page.html".into(), "ok\n{% if %}\n".into());
        site.template_files.insert("page.html".into(), "templates/page.html".into());
        let diags = load_theme(&site).err().expect("broken template must fail");
        let span = diags[0].span.as_ref().unwrap();
        assert_eq!(span.file, "templates/page.html");
        assert_eq!(span.line, 2, "{}", diags[0].message);
    }
}
