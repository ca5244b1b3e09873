//! `docent serve`: the live-reload preview server for content authors.
//!
//! Builds the site in memory (`rebuild`), serves the last good build over HTTP (`http` for the
//! connection handling, `respond` for what each request gets), watches the sources (`watch`),
//! rebuilds on every batch of changes and tells open browsers over Server-Sent Events (`reload`).
//! Nothing is written into the site or an output folder: pages are kept in anonymous temporary
//! files (`output::StagingFiles`). Served pages get the live-reload script; built sites never do.

pub mod http;
pub mod rebuild;
pub mod reload;
pub mod respond;
pub mod served;
pub mod watch;

use crate::BuildOptions;
use crate::diagnostics::{Diagnostic, render_text};
use rebuild::{Outcome, Session};
use reload::Hub;
use respond::{AllowedHosts, Responder};
use served::Served;
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
use watch::Signal;

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    pub drafts: bool,
}

/// Builds, serves and watches until Ctrl+C. Prints the URL as the first line on stdout.
pub fn serve(opts: ServeOptions) -> anyhow::Result<()> {
    let listener = TcpListener::bind(SocketAddr::new(opts.bind, opts.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}", opts.bind, opts.port))?;
    let port = listener.local_addr()?.port();
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}, which other machines can reach; the preview is meant for this machine only",
            opts.bind
        );
    }
    let url = site_url(opts.bind, port);
    crate::give_back_freed_memory_at_once();
    let started = Instant::now();
    let mut session = Session::start(BuildOptions {
        root: opts.root.clone(),
        base_url: Some(url.clone()),
        drafts: opts.drafts,
        preview: true,
        role: None,
    })?;
    report_build(&session, started);
    release_freed_memory();

    let hub = Arc::new(Hub::new()?);
    publish_problems(&hub, &session.problems);
    let served = Arc::new(Served::new(session.tree.clone()));
    let responder = Arc::new(Responder {
        served: served.clone(),
        root: session.root().to_path_buf(),
        hosts: AllowedHosts { bind: opts.bind, port },
        hub: hub.clone(),
    });
    std::thread::Builder::new().name("docent-http".into()).spawn(move || {
        http::run(listener, Arc::new(move |req: &http::Request| responder.respond(req)));
    })?;
    {
        let hub = hub.clone();
        std::thread::Builder::new().name("docent-live-reload".into()).spawn(move || hub.run())?;
    }

    let (tx, rx) = std::sync::mpsc::channel();
    let _watching = watch::watch(session.root(), tx.clone())?;
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Signal::Stop);
    })?;

    let mut stdout = std::io::stdout();
    writeln!(stdout, "{url}")?;
    stdout.flush()?;
    eprintln!("Serving {} at {url} (Ctrl+C stops)", session.root().display());
    if opts.open {
        open_browser(&url);
    }

    for signal in rx {
        match signal {
            Signal::Stop => break,
            Signal::Changes(paths) => {
                let started = Instant::now();
                let was_failing = !session.problems.is_empty();
                let outcome = session.apply(&paths);
                let previous = served.publish(session.tree.clone(), session.search_pending());
                print_warnings(&session);
                announce(&hub, &session, &outcome, started);
                drop(previous);
                // The pages are served; now the search index (index requests wait for it).
                let search = session.finish_search();
                drop(served.publish(session.tree.clone(), false));
                if search == Outcome::Failed {
                    announce(&hub, &session, &search, started);
                }
                // Said here, once both halves of the rebuild are done, so that an author watching
                // the terminal sees the errors are gone without reading the browser.
                if was_failing && session.problems.is_empty() {
                    eprintln!("fixed: the site builds again ({} files)", session.tree.files.len());
                }
                release_freed_memory();
            }
        }
    }
    eprintln!("Stopped.");
    Ok(())
}

/// Gives the memory a build freed back to the system, once the pages and the index are served.
/// The allocator keeps freed memory for reuse, and a start-up or rebuild frees a lot: at 10,000
/// pages about 120 MB stayed resident without this.
fn release_freed_memory() {
    let _t = crate::timing::stage("serve: release freed memory");
    crate::give_back_freed_memory();
}

/// The URL printed and used as the base: loopback and unspecified binds show 127.0.0.1.
fn site_url(bind: IpAddr, port: u16) -> String {
    match bind {
        IpAddr::V4(ip) if ip.is_unspecified() || ip.is_loopback() => format!("http://127.0.0.1:{port}/"),
        IpAddr::V6(ip) if ip.is_unspecified() || ip.is_loopback() => format!("http://[::1]:{port}/"),
        IpAddr::V4(ip) => format!("http://{ip}:{port}/"),
        IpAddr::V6(ip) => format!("http://[{ip}]:{port}/"),
    }
}

fn report_build(session: &Session, started: Instant) {
    print_warnings(session);
    if session.problems.is_empty() {
        eprintln!("Built {} files in {} ms", session.tree.files.len(), started.elapsed().as_millis());
    } else {
        eprint!("{}", render_text(&session.problems));
        eprintln!("error: the site has {} error(s); fix them and docent rebuilds", session.problems.len());
    }
}

/// The last build's warnings (a site can have warnings and still be served).
fn print_warnings(session: &Session) {
    if !session.warnings.is_empty() {
        eprint!("{}", render_text(&session.warnings));
    }
}

/// Tells the browsers what a rebuild did.
fn announce(hub: &Hub, session: &Session, outcome: &Outcome, started: Instant) {
    let ms = started.elapsed().as_millis();
    match outcome {
        Outcome::Unchanged => {}
        Outcome::Failed => {
            eprint!("{}", render_text(&session.problems));
            eprintln!("error: the change has {} error(s); still serving the last good build", session.problems.len());
            publish_problems(hub, &session.problems);
        }
        Outcome::Css(swaps) => {
            publish_problems(hub, &[]);
            eprintln!("Rebuilt in {ms} ms: stylesheets swapped");
            hub.send("css", &serde_json::to_string(swaps).unwrap_or_default());
        }
        Outcome::Changed(files) => {
            publish_problems(hub, &[]);
            if !files.is_empty() {
                eprintln!("Rebuilt in {ms} ms: {} file(s) changed", files.len());
                let data = serde_json::json!({ "files": files.len(), "all": true });
                hub.send("reload", &data.to_string());
            }
        }
        Outcome::Pages(pages) => {
            publish_problems(hub, &[]);
            eprintln!(
                "Rebuilt in {ms} ms: {} file(s) changed, {} page(s) updated in place",
                pages.files,
                pages.swap.len()
            );
            hub.send("reload", &serde_json::to_string(pages).unwrap_or_default());
        }
    }
}

/// Sends the problems overlay (or its removal) and remembers it for browsers that connect later.
fn publish_problems(hub: &Hub, problems: &[Diagnostic]) {
    #[derive(serde::Serialize)]
    struct Shown<'a> {
        text: String,
        #[serde(flatten)]
        diagnostic: &'a Diagnostic,
    }
    if problems.is_empty() {
        if hub.has_problems() {
            hub.set_problems(None);
            hub.send("clear", "{}");
        }
        return;
    }
    let shown: Vec<Shown> =
        problems.iter().map(|d| Shown { text: render_text(std::slice::from_ref(d)), diagnostic: d }).collect();
    let data = serde_json::to_string(&shown).unwrap_or_default();
    hub.set_problems(Some(data.clone()));
    hub.send("problems", &data);
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program).arg(url).spawn() {
        eprintln!("warning: could not open a browser ({program}: {e}); open {url} yourself");
    }
}
