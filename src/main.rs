//! The `docent` command line: parses arguments, calls one library function per command, prints
//! diagnostics and maps the outcome to an exit code (0 ok, 1 content errors, 2 usage or I/O).

use clap::{Parser, Subcommand};
use docent::check::report;
use docent::diagnostics::render_text;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

/// docent turns a folder of Markdown into a fast, accessible, searchable help site.
#[derive(Parser)]
#[command(name = "docent", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into its output folder (public/ by default), replacing it only on success.
    Build {
        /// The site's folder, holding docent.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: ROOT/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Publish under this URL instead of docent.toml's base_url (for previews).
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked draft = true.
        #[arg(long)]
        drafts: bool,
        /// Build the site for one audience (a role pages declare in front matter `roles`): pages
        /// for other roles and `::: only` blocks for them are left out.
        #[arg(long, value_name = "ROLE")]
        role: Option<String>,
    },
    /// Build the site in memory and serve it with live reload, rebuilding when a file changes.
    Serve {
        /// The site's folder, holding docent.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on. Other than 127.0.0.1 or ::1, other machines can reach it.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked draft = true.
        #[arg(long)]
        drafts: bool,
    },
    /// Build the site in memory (writing nothing) and report every problem: broken links, anchors
    /// and images, screen IDs, missing titles and alt text... Exit 1 on errors.
    Check {
        /// The site's folder, holding docent.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The application's screen IDs, one a line: reports screens without help and help for
        /// screens the application no longer has.
        #[arg(long, value_name = "FILE")]
        screens: Option<PathBuf>,
        /// How to report: text (like a compiler, on stderr), json (docs/check-json.md, on stdout)
        /// or github (workflow annotations, on stdout).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// After reviewing translations: write each outdated translation's source hash into its
        /// `translated_from` front matter line (that line only), then check.
        #[arg(long)]
        fix_hashes: bool,
        /// Also fetch external links (8 at a time, 10 s timeout, successes cached for a day in
        /// ROOT/.docent-cache/).
        #[arg(long)]
        external: bool,
        /// Seconds to wait for each external link.
        #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
        external_timeout: f64,
        /// A previous build's URL manifest (public/.docent/urls.json): reports URLs that
        /// disappeared without an alias.
        #[arg(long, value_name = "FILE")]
        since: Option<PathBuf>,
    },
    /// Write a docent site from an mdBook, Zola, Hugo or MkDocs project, and report what was
    /// changed and what could not be translated (with file:line).
    Import {
        /// The kind of project SOURCE is.
        #[arg(long, value_enum)]
        from: ImportKind,
        /// The project's folder (the one with book.toml, config.toml, hugo.toml or mkdocs.yml).
        /// Only read, never written.
        source: PathBuf,
        /// A new or empty folder for the docent site.
        #[arg(long, value_name = "DIR", default_value = "docent-site")]
        into: PathBuf,
    },
    /// Summarise logs of searches that found nothing (posted to [search] report_url): the most
    /// frequent, and for words no page uses, the nearest words pages do use.
    SearchReport {
        /// Log files: JSON Lines, one posted report ({"v":1,"queries":[...]}) per line.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The built site whose search index gives the words pages use.
        #[arg(long, value_name = "DIR", default_value = "public")]
        site: PathBuf,
    },
    /// Write a starter site into DIR that builds as it is.
    New {
        /// A new or empty folder.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A one-shot command touches most of its memory once; `serve` stays up and reuses its heap
    // across edits, where huge pages mean fewer faults (its reload was ~5 ms slower without).
    if !matches!(cli.command, Command::Serve { .. }) {
        docent::prefer_small_pages();
    }
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum ImportKind {
    Mdbook,
    Zola,
    Hugo,
    Mkdocs,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    Github,
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Check { root, screens, format, deny_warnings, fix_hashes, external, external_timeout, since } => {
            let external = external.then(|| docent::check::external::ExternalOptions {
                timeout: std::time::Duration::from_secs_f64(external_timeout.clamp(0.1, 600.0)),
                ..Default::default()
            });
            let opts = docent::check::CheckOptions { root: root.clone(), screens, since, external, fix_hashes };
            let report = docent::check::run(&opts)?;
            match format {
                Format::Text => eprint!("{}", report::text(&report, &mut SiteSources::new(&root))),
                Format::Json => print!("{}", report::json(&report)),
                Format::Github => {
                    print!("{}", report::github(&report, &repo_prefix(&root)));
                    eprintln!("{}", report::summary(&report));
                }
            }
            Ok(if report.fails(deny_warnings) { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Build { root, output, base_url, drafts, role } => {
            docent::content::load::site_root(&root)?;
            let output = output.unwrap_or_else(|| root.join("public"));
            docent::output::check_output_dir(&root, &output)?;
            let (build, files) = docent::build_and_write(
                &docent::BuildOptions { root, base_url, drafts, role, preview: false },
                &output,
            )?;
            eprint!("{}", render_text(&build.diagnostics));
            if build.has_errors() {
                let n = build.diagnostics.iter().filter(|d| d.is_error()).count();
                eprintln!("error: build failed with {n} error(s); {} was left as it was", output.display());
                return Ok(ExitCode::from(1));
            }
            println!("Built {} pages ({files} files) into {}", build.pages, output.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { root, bind, port, open, drafts } => {
            docent::serve::serve(docent::serve::ServeOptions { root, bind, port, open, drafts })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { from, source, into } => {
            let kind = match from {
                ImportKind::Mdbook => docent::import::Kind::Mdbook,
                ImportKind::Zola => docent::import::Kind::Zola,
                ImportKind::Hugo => docent::import::Kind::Hugo,
                ImportKind::Mkdocs => docent::import::Kind::Mkdocs,
            };
            let imported = docent::import::files::import(kind, &source, &into)?;
            let from = format!("{} ({})", source.display(), kind.name());
            print!("{}", imported.report.render(&from, &into.display().to_string()));
            println!("\nNext: docent check --root {}", into.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::SearchReport { files, site } => {
            let mut logs = Vec::new();
            for f in &files {
                let text = std::fs::read(f).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
                logs.push((f.display().to_string(), String::from_utf8_lossy(&text).into_owned()));
            }
            let (vocabulary, lang) = search_vocabulary(&site.join("search"));
            if vocabulary.is_empty() {
                eprintln!("note: no search index in {}: build the site first for word suggestions", site.display());
            }
            let (text, diags) = docent::derive::search::report::summarize(&logs, &vocabulary, lang);
            eprint!("{}", render_text(&diags));
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Command::New { dir } => {
            docent::starter::write_starter(&dir)?;
            println!("Wrote a starter site to {}. Build it with: docent build --root {}", dir.display(), dir.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The terms of a built search index (every `t-*.json` term shard in `dir`; empty without one)
/// and its language's analysis (from its manifest; English without one).
fn search_vocabulary(
    dir: &std::path::Path,
) -> (std::collections::BTreeSet<String>, &'static docent::derive::search::lang::Analysis) {
    let manifest: Option<serde_json::Value> =
        std::fs::read(dir.join("manifest.json")).ok().and_then(|b| serde_json::from_slice(&b).ok());
    let tag = manifest.as_ref().and_then(|m| m["lang"].as_str()).unwrap_or("en");
    let lang = docent::derive::search::lang::for_tag(tag);
    let mut terms = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("t-") && name.ends_with(".json") {
            let shard: Vec<String> =
                std::fs::read(entry.path()).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
            terms.extend(shard.into_iter().step_by(2));
        }
    }
    (terms, lang)
}

/// Source lines for the text report, read from the site's files (or, for files named outside
/// the site such as a `--screens` list, from the path as given).
struct SiteSources {
    root: PathBuf,
    files: HashMap<String, Option<Vec<String>>>,
}

impl SiteSources {
    fn new(root: &std::path::Path) -> Self {
        SiteSources { root: root.to_path_buf(), files: HashMap::new() }
    }
}

impl report::Sources for SiteSources {
    fn line(&mut self, file: &str, line: u32) -> Option<String> {
        let root = &self.root;
        let lines = self.files.entry(file.to_string()).or_insert_with(|| {
            let bytes = std::fs::read(root.join(file)).or_else(|_| std::fs::read(file)).ok()?;
            // Decoded as the loader does (BOM, CRLF, lone CR), so that line numbers agree; a file
            // that is not UTF-8 still shows its line, with replacement characters.
            let text = docent::content::load::decode(file, &bytes)
                .unwrap_or_else(|_| String::from_utf8_lossy(&bytes).into_owned());
            Some(text.lines().map(str::to_string).collect())
        });
        lines.as_ref()?.get(line.checked_sub(1)? as usize).cloned()
    }
}

/// The site folder relative to the current folder (`docs/`), or nothing: GitHub annotations
/// name files from the repository's root, where CI runs.
fn repo_prefix(root: &std::path::Path) -> String {
    let (Ok(root), Ok(cwd)) = (root.canonicalize(), std::env::current_dir().and_then(|d| d.canonicalize())) else {
        return String::new();
    };
    match root.strip_prefix(&cwd) {
        Ok(rel) if !rel.as_os_str().is_empty() => format!("{}/", rel.to_string_lossy().replace('\\', "/")),
        _ => String::new(),
    }
}
