//! Front matter in and out: reads a source file's front matter (TOML `+++`, YAML `---`, or
//! Hugo's JSON `{`) into a TOML table, and writes docent's TOML front matter.
//!
//! docent rejects unknown front-matter keys, so everything it does not know goes under `[extra]`
//! (where templates can still read it); dates become strings there.

use super::report::Report;
use toml::{Table, Value};

/// docent's front matter, as the importer writes it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Front {
    pub title: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub slug: Option<String>,
    pub aliases: Vec<String>,
    pub search: Option<bool>,
    pub extra: Table,
}

/// A source file split into its front matter (as a table) and its body.
#[derive(Debug, Default)]
pub struct SourcePage {
    pub table: Table,
    pub body: String,
    /// 1-based line of the source file where `body` starts.
    pub body_line: u32,
}

/// Splits and parses a source page. Leading blank lines before the fence are allowed (Zola and
/// Hugo accept them). Front matter that does not parse is kept in the body and noted.
pub fn read_source(file: &str, text: &str, report: &mut Report) -> SourcePage {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start_matches(['\n', '\r', ' ', '\t']);
    let skipped = text[..text.len() - trimmed.len()].matches('\n').count() as u32;
    let whole = || SourcePage { table: Table::new(), body: text.to_string(), body_line: 1 };
    let (fence, close) = if trimmed.starts_with("+++") {
        ("+++", "+++")
    } else if trimmed.starts_with("---") {
        ("---", "---")
    } else if trimmed.starts_with('{') {
        return read_json(file, trimmed, skipped, report).unwrap_or_else(whole);
    } else {
        return whole();
    };
    let Some(first_end) = trimmed.find('\n') else { return whole() };
    if trimmed[..first_end].trim_end() != fence {
        return whole();
    }
    let mut offset = first_end + 1;
    for (n, line) in trimmed[first_end + 1..].split_inclusive('\n').enumerate() {
        if line.trim_end() == close {
            let block = &trimmed[first_end + 1..offset];
            let body = trimmed[offset + line.len()..].to_string();
            let body_line = skipped + n as u32 + 3;
            let parsed = if fence == "+++" { parse_toml(block) } else { parse_yaml(block) };
            return match parsed {
                Ok(table) => SourcePage { table, body, body_line },
                Err(e) => {
                    report.note(file, skipped + 1, format!("front matter not read ({e}); left as text"));
                    whole()
                }
            };
        }
        offset += line.len();
    }
    report.note(file, skipped + 1, "front matter is never closed; left as text");
    whole()
}

pub(super) fn parse_toml(block: &str) -> Result<Table, String> {
    block.parse::<Table>().map_err(|e| e.message().to_string())
}

pub(super) fn parse_yaml(block: &str) -> Result<Table, String> {
    if block.trim().is_empty() {
        return Ok(Table::new());
    }
    let value: serde_yaml::Value = serde_yaml::from_str(block).map_err(|e| e.to_string())?;
    match yaml_to_toml(value) {
        Some(Value::Table(t)) => Ok(t),
        None => Ok(Table::new()),
        Some(_) => Err("front matter is not a mapping".into()),
    }
}

/// Hugo's JSON front matter: an object at the top of the file, then the body.
fn read_json(file: &str, text: &str, skipped: u32, report: &mut Report) -> Option<SourcePage> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
    let value = match stream.next()? {
        Ok(v) => v,
        Err(_) => return None,
    };
    let end = stream.byte_offset();
    let Some(Value::Table(table)) = json_to_toml(value) else {
        report.note(file, skipped + 1, "JSON front matter is not an object; left as text");
        return None;
    };
    let rest = &text[end..];
    let rest = rest.strip_prefix('\n').unwrap_or(rest);
    let body_line = skipped + text[..text.len() - rest.len()].matches('\n').count() as u32 + 1;
    Some(SourcePage { table, body: rest.to_string(), body_line })
}

/// YAML -> TOML: nulls are dropped (TOML has none), tags are looked through, keys become text.
pub fn yaml_to_toml(v: serde_yaml::Value) -> Option<Value> {
    use serde_yaml::Value as Y;
    Some(match v {
        Y::Null => return None,
        Y::Bool(b) => Value::Boolean(b),
        Y::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().filter_map(yaml_to_toml).collect()),
        Y::Mapping(m) => {
            let mut t = Table::new();
            for (k, v) in m {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    _ => continue,
                };
                if let Some(v) = yaml_to_toml(v) {
                    t.insert(key, v);
                }
            }
            Value::Table(t)
        }
        Y::Tagged(t) => return yaml_to_toml(t.value),
    })
}

pub(super) fn json_to_toml(v: serde_json::Value) -> Option<Value> {
    use serde_json::Value as J;
    Some(match v {
        J::Null => return None,
        J::Bool(b) => Value::Boolean(b),
        J::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        J::String(s) => Value::String(s),
        J::Array(items) => Value::Array(items.into_iter().filter_map(json_to_toml).collect()),
        J::Object(m) => Value::Table(m.into_iter().filter_map(|(k, v)| Some((k, json_to_toml(v)?))).collect()),
    })
}

/// Dates (and anything nested holding them) as strings: docent's `[extra]` is JSON-like data.
fn plain(v: Value) -> Value {
    match v {
        Value::Datetime(d) => Value::String(d.to_string()),
        Value::Array(a) => Value::Array(a.into_iter().map(plain).collect()),
        Value::Table(t) => Value::Table(t.into_iter().map(|(k, v)| (k, plain(v))).collect()),
        other => other,
    }
}

impl Front {
    /// Takes docent's own keys out of `table` (title, description, weight, draft, slug, aliases)
    /// and moves the rest into `extra`, counting what was moved. `file` and `line` place notes.
    pub fn from_table(mut table: Table, file: &str, line: u32, report: &mut Report) -> Front {
        let mut front = Front {
            title: take_string(&mut table, "title"),
            description: take_string(&mut table, "description"),
            slug: take_string(&mut table, "slug"),
            ..Default::default()
        };
        match table.remove("weight") {
            Some(Value::Integer(w)) => front.weight = Some(w),
            Some(Value::Float(f)) => front.weight = Some(f as i64),
            Some(Value::String(s)) if s.trim().parse::<i64>().is_ok() => front.weight = s.trim().parse().ok(),
            Some(other) => {
                report.note(file, line, format!("weight `{other}` is not a whole number; kept in [extra]"));
                table.insert("weight".into(), other);
            }
            None => {}
        }
        match table.remove("draft") {
            Some(Value::Boolean(b)) => front.draft = b,
            Some(other) => {
                table.insert("draft".into(), other);
            }
            None => {}
        }
        match table.remove("aliases") {
            Some(Value::Array(items)) => {
                front.aliases = items.into_iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
            }
            Some(Value::String(s)) => front.aliases = vec![s],
            Some(other) => {
                table.insert("aliases".into(), other);
            }
            None => {}
        }
        if let Some(Value::Table(extra)) = table.remove("extra") {
            front.extra = extra.into_iter().map(|(k, v)| (k, plain(v))).collect();
        }
        let moved = table.len();
        for (k, v) in table {
            front.extra.entry(k).or_insert(plain(v));
        }
        report.count("front-matter keys docent does not know kept in [extra]", moved);
        front
    }

    /// The TOML front matter block, fences included, keys in a fixed order.
    pub fn to_toml(&self) -> String {
        let mut out = String::from("+++\n");
        let mut line = |k: &str, v: Value| out.push_str(&format!("{k} = {v}\n"));
        if let Some(t) = &self.title {
            line("title", Value::String(t.clone()));
        }
        if let Some(d) = &self.description {
            line("description", Value::String(d.clone()));
        }
        if let Some(w) = self.weight {
            line("weight", Value::Integer(w));
        }
        if self.draft {
            line("draft", Value::Boolean(true));
        }
        if let Some(s) = &self.slug {
            line("slug", Value::String(s.clone()));
        }
        if !self.aliases.is_empty() {
            line("aliases", Value::Array(self.aliases.iter().cloned().map(Value::String).collect()));
        }
        if let Some(s) = self.search {
            line("search", Value::Boolean(s));
        }
        if !self.extra.is_empty() {
            let mut wrapper = Table::new();
            wrapper.insert("extra".into(), Value::Table(self.extra.clone()));
            out.push_str(&toml::to_string(&wrapper).expect("a table of plain values serialises"));
        }
        out.push_str("+++\n");
        out
    }
}

fn take_string(table: &mut Table, key: &str) -> Option<String> {
    match table.remove(key) {
        Some(Value::String(s)) => Some(s),
        Some(other) => {
            let s = match &other {
                Value::Integer(i) => i.to_string(),
                Value::Float(f) => f.to_string(),
                Value::Boolean(b) => b.to_string(),
                _ => {
                    table.insert(key.into(), other);
                    return None;
                }
            };
            Some(s)
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> (SourcePage, Report) {
        let mut r = Report::default();
        (read_source("a.md", text, &mut r), r)
    }

    #[test]
    fn toml_yaml_and_json_front_matter_read_with_body_lines() {
        let (p, _) = page("\n+++\ntitle = \"A\"\ndate = 2020-01-02\n+++\nBody\n");
        assert_eq!(p.table["title"].as_str(), Some("A"));
        assert_eq!(p.body, "Body\n");
        assert_eq!(p.body_line, 6);
        let (p, _) = page("---\ntitle: B\ntags: [x, y]\nempty:\n---\n\nText");
        assert_eq!(p.table["title"].as_str(), Some("B"));
        assert!(!p.table.contains_key("empty"));
        assert_eq!(p.body_line, 6);
        let (p, _) = page("{\n  \"title\": \"C\",\n  \"weight\": 3\n}\nText\n");
        assert_eq!(p.table["weight"].as_integer(), Some(3));
        assert_eq!(p.body, "Text\n");
        assert_eq!(p.body_line, 5);
    }

    #[test]
    fn broken_front_matter_is_noted_and_kept_as_text() {
        let (p, r) = page("+++\ntitle = \n+++\nBody\n");
        assert!(p.table.is_empty());
        assert!(p.body.contains("title ="));
        assert_eq!(r.notes.len(), 1);
    }

    #[test]
    fn unknown_keys_and_dates_go_to_extra_and_the_result_is_valid_docent_front_matter() {
        let (p, _) = page(
            "+++\ntitle = \"A \\\"q\\\"\"\nweight = 2\ndate = 2020-01-02\n[taxonomies]\ntags = [\"x\"]\n[extra]\nk = 1\n+++\nBody\n",
        );
        let mut r = Report::default();
        let front = Front::from_table(p.table, "a.md", 1, &mut r);
        assert_eq!(front.extra["date"].as_str(), Some("2020-01-02"));
        assert_eq!(r.changes["front-matter keys docent does not know kept in [extra]"], 2);
        let text = format!("{}Body\n", front.to_toml());
        let parsed = crate::content::load::page_from_text("content/a.md", "a.md", &text).unwrap();
        assert_eq!(parsed.front.title.as_deref(), Some("A \"q\""));
        assert_eq!(parsed.front.weight, Some(2));
        assert_eq!(parsed.front.extra["taxonomies"]["tags"][0], "x");
        assert_eq!(parsed.front.extra["k"], 1);
    }
}
