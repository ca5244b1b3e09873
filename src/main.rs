//! The `docent` command line: parses arguments, calls one library function per command, prints
//! diagnostics and maps the outcome to an exit code (0 ok, 1 content errors, 2 usage or I/O).

use clap::{Parser, Subcommand};
use docent::diagnostics::render_text;
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
    /// Write a starter site into DIR that builds as it is.
    New {
        /// A new or empty folder.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Build { root, output, base_url, drafts } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            docent::output::check_output_dir(&root, &output)?;
            let build = docent::build(&docent::BuildOptions { root, base_url, drafts })?;
            eprint!("{}", render_text(&build.diagnostics));
            if build.has_errors() {
                let n = build.diagnostics.iter().filter(|d| d.is_error()).count();
                eprintln!("error: build failed with {n} error(s); {} was left as it was", output.display());
                return Ok(ExitCode::from(1));
            }
            docent::output::write_atomically(&build.tree, &output)?;
            println!("Built {} pages ({} files) into {}", build.pages, build.tree.files.len(), output.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { root, bind, port, open, drafts } => {
            docent::serve::serve(docent::serve::ServeOptions { root, bind, port, open, drafts })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::New { dir } => {
            docent::starter::write_starter(&dir)?;
            println!("Wrote a starter site to {}. Build it with: docent build --root {}", dir.display(), dir.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}
