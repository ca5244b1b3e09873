//! A small HTTP/1.1 server over `std::net`, with every resource bounded.
//!
//! Takes a listener and a handler (`Fn(&Request) -> Reply`); gives connections to a fixed pool of
//! worker threads through a bounded queue (503 when it is full). A request head must fit in
//! `MAX_HEAD` bytes (431 otherwise) and arrive within `HEAD_TIMEOUT`; an idle keep-alive
//! connection is closed after `IDLE_TIMEOUT`. Requests with a body are refused (413): the preview
//! server only answers GET and HEAD. A `Reply::EventStream` hands the socket over to the caller's
//! stream hub, freeing the worker. It knows nothing of sites or files: that is `respond`.
//!
//! Why not tiny_http: it spawns a thread per connection without bound, reads header lines of any
//! length into memory and has no idle timeout, which the preview server's security rules forbid.
//! Parsing uses `httparse` (hyper's parser).

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;
const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
pub const WORKERS: usize = 16;
const QUEUE: usize = 128;

/// A parsed request head.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The request target as sent (`/a/b/?q=1`), not decoded.
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The value of a header (first one, case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A response body.
pub enum Body {
    Bytes(Vec<u8>),
    /// `len` bytes of a file from `offset` (assets and videos are streamed, not loaded).
    File {
        file: std::fs::File,
        offset: u64,
        len: u64,
    },
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Bytes(b) => b.len() as u64,
            Body::File { len, .. } => *len,
        }
    }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response { status, headers: vec![("Content-Type".into(), content_type.into())], body: Body::Bytes(body) }
    }
    /// A short plain-text response (errors).
    pub fn text(status: u16, text: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", format!("{text}\n").into_bytes())
    }
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// What a handler answers.
pub enum Reply {
    Response(Response),
    /// The connection becomes a Server-Sent Events stream owned by the given function.
    EventStream(Box<dyn FnOnce(TcpStream) + Send>),
}

pub type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// Serves `listener` forever with `WORKERS` threads. Returns only if accepting fails for good.
pub fn run(listener: TcpListener, handler: Arc<Handler>) {
    let (tx, rx) = sync_channel::<TcpStream>(QUEUE);
    let rx = Arc::new(Mutex::new(rx));
    for n in 0..WORKERS {
        let rx = rx.clone();
        let handler = handler.clone();
        std::thread::Builder::new()
            .name(format!("docent-http-{n}"))
            .spawn(move || {
                loop {
                    let next = rx.lock().map(|r| r.recv());
                    match next {
                        Ok(Ok(stream)) => {
                            // A panic in a handler must not take the worker (or the server) down.
                            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                serve_connection(stream, &*handler)
                            }));
                        }
                        _ => return,
                    }
                }
            })
            .expect("spawning an HTTP worker thread");
    }
    accept_loop(listener, tx);
}

fn accept_loop(listener: TcpListener, tx: SyncSender<TcpStream>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if let Err(TrySendError::Full(mut stream)) = tx.try_send(stream) {
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = write_response(&mut stream, Response::text(503, "busy; try again"), false, false);
        }
    }
}

/// Answers the requests of one connection until it closes, times out or turns into a stream.
fn serve_connection(mut stream: TcpStream, handler: &Handler) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let mut buf = vec![0u8; MAX_HEAD];
    let mut filled = 0;
    let mut first = true;
    loop {
        let head_len = match read_head(&mut stream, &mut buf, &mut filled, first) {
            Ok(Some(n)) => n,
            Ok(None) => return,
            Err(status) => {
                let _ = write_response(&mut stream, Response::text(status, reason(status)), false, false);
                return;
            }
        };
        first = false;
        let (request, version_minor) = match parse_head(&buf[..head_len]) {
            Ok(r) => r,
            Err(status) => {
                let _ = write_response(&mut stream, Response::text(status, reason(status)), false, false);
                return;
            }
        };
        buf.copy_within(head_len..filled, 0);
        filled -= head_len;
        let has_body = request.header("transfer-encoding").is_some()
            || request.header("content-length").is_some_and(|v| v.trim() != "0");
        if has_body {
            let _ = write_response(&mut stream, Response::text(413, "request bodies are not accepted"), false, false);
            return;
        }
        let keep_alive = match request.header("connection") {
            Some(v) if v.eq_ignore_ascii_case("close") => false,
            Some(v) if v.eq_ignore_ascii_case("keep-alive") => true,
            _ => version_minor == 1,
        };
        let head_only = request.method == "HEAD";
        match handler(&request) {
            Reply::Response(r) => {
                if write_response(&mut stream, r, keep_alive, head_only).is_err() || !keep_alive {
                    return;
                }
            }
            Reply::EventStream(take) => {
                take(stream);
                return;
            }
        }
    }
}

/// Reads until the end of a request head. `Ok(None)`: the peer closed or went idle.
/// `Err(status)`: answer with that status and close (too large, too slow).
fn read_head(stream: &mut TcpStream, buf: &mut [u8], filled: &mut usize, first: bool) -> Result<Option<usize>, u16> {
    let start = Instant::now();
    loop {
        if let Some(end) = find_head_end(&buf[..*filled]) {
            return Ok(Some(end));
        }
        if *filled == buf.len() {
            return Err(431);
        }
        // Before the first byte of a request, a keep-alive connection may sit idle briefly; once a
        // request has started, the whole head must arrive within HEAD_TIMEOUT (slow clients).
        let limit = if *filled == 0 && !first { IDLE_TIMEOUT } else { HEAD_TIMEOUT };
        let left = limit.checked_sub(start.elapsed()).filter(|d| !d.is_zero());
        let Some(left) = left else {
            return if *filled == 0 { Ok(None) } else { Err(408) };
        };
        let _ = stream.set_read_timeout(Some(left));
        match stream.read(&mut buf[*filled..]) {
            Ok(0) => return Ok(None),
            Ok(n) => *filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                return if *filled == 0 { Ok(None) } else { Err(408) };
            }
            Err(_) => return Ok(None),
        }
    }
}

fn find_head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4)
}

/// Parses a complete request head (through its blank line): the request and its HTTP minor
/// version, or the status to refuse it with. Public for the fuzz harness (`crate::fuzz`).
pub fn parse_head(head: &[u8]) -> Result<(Request, u8), u16> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Err(httparse::Error::TooManyHeaders) => return Err(431),
        _ => return Err(400),
    }
    let mut out = Vec::with_capacity(req.headers.len());
    for h in req.headers.iter() {
        let value = std::str::from_utf8(h.value).map_err(|_| 400u16)?;
        out.push((h.name.to_string(), value.trim().to_string()));
    }
    let request = Request {
        method: req.method.ok_or(400u16)?.to_string(),
        target: req.path.ok_or(400u16)?.to_string(),
        headers: out,
    };
    Ok((request, req.version.unwrap_or(1)))
}

/// Writes a response. A HEAD response has the headers of the GET, without the body.
pub fn write_response(stream: &mut TcpStream, r: Response, keep_alive: bool, head_only: bool) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    for (name, value) in &r.headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    let no_body = r.status == 304 || r.status == 204;
    if !no_body {
        head.push_str(&format!("Content-Length: {}\r\n", r.body.len()));
    }
    head.push_str("X-Content-Type-Options: nosniff\r\n");
    head.push_str(if keep_alive { "Connection: keep-alive\r\n\r\n" } else { "Connection: close\r\n\r\n" });
    let mut out = io::BufWriter::with_capacity(64 * 1024, stream);
    out.write_all(head.as_bytes())?;
    if !head_only && !no_body {
        match r.body {
            Body::Bytes(b) => out.write_all(&b)?,
            Body::File { mut file, offset, len } => {
                use std::io::Seek;
                file.seek(io::SeekFrom::Start(offset))?;
                let copied = io::copy(&mut file.take(len), &mut out)?;
                if copied != len {
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "file shrank while sending"));
                }
            }
        }
    }
    out.flush()
}

pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        416 => "Range Not Satisfiable",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_end_is_found_after_blank_line() {
        assert_eq!(find_head_end(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nrest"), Some(27));
        assert_eq!(find_head_end(b"GET / HTTP/1.1\r\nHost: a\r\n"), None);
    }

    #[test]
    fn heads_parse_and_bad_ones_are_refused() {
        let (r, minor) = parse_head(b"GET /a?b HTTP/1.0\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!((r.method.as_str(), r.target.as_str(), r.header("HOST"), minor), ("GET", "/a?b", Some("x"), 0));
        assert_eq!(parse_head(b"GARBAGE\r\n\r\n").unwrap_err(), 400);
        let many: String = (0..100).map(|i| format!("X-{i}: y\r\n")).collect();
        assert_eq!(parse_head(format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes()).unwrap_err(), 431);
    }
}
