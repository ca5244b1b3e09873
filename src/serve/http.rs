//! A small HTTP/1.1 server over `std::net`, with every resource bounded.
//!
//! Takes a listener and a handler (`Fn(&Request) -> Reply`). One thread, the connection loop,
//! owns every connection that is between requests: it accepts and reads request heads without
//! blocking (`mio` says which sockets are ready), so an idle or slow client costs a socket and a
//! small buffer, never a thread. A complete head is parsed (`parse_head`, pure) and handed with
//! its connection to a fixed pool of `WORKERS` threads through a bounded queue (503 when it is
//! full); the worker writes the answer and gives a kept-alive connection back to the loop for its
//! next request. A head must fit in `MAX_HEAD` bytes (431) and arrive within `HEAD_TIMEOUT` (408);
//! an idle keep-alive connection is closed after `IDLE_TIMEOUT`; when `MAX_WAITING` connections
//! are between requests, the one whose time runs out first makes room for a new one. Requests with
//! a body are refused (413): the preview server only answers GET and HEAD. A `Reply::EventStream`
//! hands the socket over to the caller's stream hub, freeing the worker. It knows nothing of sites
//! or files: that is `respond`. Answers are written by the workers with blocking writes: a client
//! that stops reading a large answer holds its worker until a write makes no progress for
//! `WRITE_TIMEOUT`.
//!
//! Why not tiny_http, hyper or an async runtime: tiny_http spawns a thread per connection
//! without bound, reads header lines of any length into memory and has no idle timeout, which the
//! preview server's security rules forbid; hyper needs an async runtime, far more code than a
//! preview server that answers GET from memory. Parsing uses `httparse` (hyper's parser); readiness
//! uses `mio` (tokio's poller, already built for the file watcher).

use mio::net::{TcpListener as ListenerMio, TcpStream as StreamMio};
use mio::{Events, Interest, Poll, Token, Waker};
use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, Sender, SyncSender, TrySendError, channel, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;
const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
pub const WORKERS: usize = 16;
/// Complete requests waiting for a worker: room for a burst (every tab of a browser reconnecting
/// its event stream at once after a restart).
const QUEUE: usize = 256;
/// Connections held between requests (reading a head, or idle). With the queue and the event
/// streams (`reload::MAX_STREAMS`), this stays under the usual limit of 1,024 open files.
const MAX_WAITING: usize = 256;
/// How often the loop looks for connections whose time has run out (and retries `accept`).
const TICK: Duration = Duration::from_millis(100);
const LISTENER: Token = Token(0);
const WAKER: Token = Token(1);

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

/// Serves `listener` forever. Returns only if the connection loop cannot go on (it says why).
pub fn run(listener: TcpListener, handler: Arc<Handler>) {
    if let Err(e) = serve(listener, handler) {
        eprintln!("error: the preview server stopped answering: {e}");
    }
}

fn serve(listener: TcpListener, handler: Arc<Handler>) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let mut listener = ListenerMio::from_std(listener);
    let poll = Poll::new()?;
    poll.registry().register(&mut listener, LISTENER, Interest::READABLE)?;
    let (back_tx, back_rx) = channel();
    let back = GiveBack { tx: back_tx, waker: Arc::new(Waker::new(poll.registry(), WAKER)?) };
    let jobs = start_workers(handler, back);
    let mut waiting = Waiting { poll, conns: HashMap::new(), next: WAKER.0 + 1, jobs };
    let mut events = Events::with_capacity(256);
    let mut swept = Instant::now();
    loop {
        match waiting.poll.poll(&mut events, Some(TICK)) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
        for event in events.iter() {
            match event.token() {
                LISTENER => waiting.accept(&listener),
                WAKER => {
                    while let Ok((stream, rest)) = back_rx.try_recv() {
                        waiting.admit(stream, rest, IDLE_TIMEOUT, true);
                    }
                }
                token => waiting.advance(token),
            }
        }
        if swept.elapsed() >= TICK {
            swept = Instant::now();
            waiting.expire(swept);
            // A connection left in the backlog by a failed accept (no file descriptor free) has no
            // new readiness event to come: try again now and then.
            waiting.accept(&listener);
        }
    }
}

/// A connection between requests: its socket and the bytes of its next head read so far.
struct Conn {
    stream: StreamMio,
    buf: Vec<u8>,
    /// When the head must be complete; before its first byte, when the idle connection closes.
    deadline: Instant,
    /// Given back after a request: the first byte of the next one starts the head timeout.
    kept_alive: bool,
}

/// The connection loop's state: the poller and the connections it watches.
struct Waiting {
    poll: Poll,
    conns: HashMap<Token, Conn>,
    next: usize,
    jobs: SyncSender<Job>,
}

impl Waiting {
    fn accept(&mut self, listener: &ListenerMio) {
        loop {
            match listener.accept() {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    let stream: TcpStream = stream.into();
                    self.admit(stream, Vec::new(), HEAD_TIMEOUT, false);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // WouldBlock: none left; anything else (out of file descriptors): retried on a tick.
                Err(_) => return,
            }
        }
    }

    /// Starts watching a connection for its next request head (`rest`: bytes already read).
    fn admit(&mut self, stream: TcpStream, rest: Vec<u8>, limit: Duration, kept_alive: bool) {
        if stream.set_nonblocking(true).is_err() {
            return;
        }
        if self.conns.len() >= MAX_WAITING {
            // Full: the connection nearest its deadline (idle or slowest) goes; a real client's
            // head arrives in milliseconds, so it is the one that gets in.
            if let Some(oldest) = self.conns.iter().min_by_key(|(_, c)| c.deadline).map(|(t, _)| *t) {
                self.close(oldest, None);
            }
        }
        let mut stream = StreamMio::from_std(stream);
        let token = Token(self.next);
        self.next += 1;
        if self.poll.registry().register(&mut stream, token, Interest::READABLE).is_err() {
            return;
        }
        let conn = Conn { stream, buf: rest, deadline: Instant::now() + limit, kept_alive };
        self.conns.insert(token, conn);
        // Bytes already read may hold a whole pipelined request: no readiness event will say so.
        self.advance(token);
    }

    /// Reads what a connection has sent; a complete head goes to a worker.
    fn advance(&mut self, token: Token) {
        let Some(conn) = self.conns.get_mut(&token) else { return };
        match read_head(conn) {
            Progress::Waiting => {}
            Progress::Closed => self.close(token, None),
            Progress::Refused(status) => self.close(token, Some(status)),
            Progress::Head(len) => {
                let Some(mut conn) = self.conns.remove(&token) else { return };
                let _ = self.poll.registry().deregister(&mut conn.stream);
                let (request, version_minor) = match parse_head(&conn.buf[..len]) {
                    Ok(r) => r,
                    Err(status) => return answer_now(conn.stream, status),
                };
                let keep_alive = match request.header("connection") {
                    Some(v) if v.eq_ignore_ascii_case("close") => false,
                    Some(v) if v.eq_ignore_ascii_case("keep-alive") => true,
                    _ => version_minor == 1,
                };
                let rest = conn.buf.split_off(len);
                let job = Job { stream: conn.stream.into(), request, keep_alive, rest };
                if let Err(TrySendError::Full(job) | TrySendError::Disconnected(job)) = self.jobs.try_send(job) {
                    answer_now(StreamMio::from_std(job.stream), 503);
                }
            }
        }
    }

    /// Closes the connections whose time has run out: 408 if a request had started.
    fn expire(&mut self, now: Instant) {
        let late: Vec<(Token, bool)> =
            self.conns.iter().filter(|(_, c)| c.deadline <= now).map(|(t, c)| (*t, !c.buf.is_empty())).collect();
        for (token, started) in late {
            self.close(token, started.then_some(408));
        }
    }

    fn close(&mut self, token: Token, status: Option<u16>) {
        if let Some(mut conn) = self.conns.remove(&token) {
            let _ = self.poll.registry().deregister(&mut conn.stream);
            if let Some(status) = status {
                answer_now(conn.stream, status);
            }
        }
    }
}

enum Progress {
    /// The head is incomplete; more may come.
    Waiting,
    /// The head ends after this many bytes of the buffer.
    Head(usize),
    /// The peer closed the connection (or it failed).
    Closed,
    /// Answer with this status and close (431: too large).
    Refused(u16),
}

/// Reads what has arrived, without blocking, until the head is complete or nothing is left.
fn read_head(conn: &mut Conn) -> Progress {
    let mut searched = 0;
    let mut chunk = [0u8; 4096];
    loop {
        // Only the new bytes (and the three before them) are searched: a client sending one byte
        // at a time must not make the search quadratic.
        if let Some(end) = find_head_end(&conn.buf[searched..]) {
            return Progress::Head(searched + end);
        }
        if conn.buf.len() >= MAX_HEAD {
            return Progress::Refused(431);
        }
        searched = conn.buf.len().saturating_sub(3);
        let room = (MAX_HEAD - conn.buf.len()).min(chunk.len());
        match conn.stream.read(&mut chunk[..room]) {
            Ok(0) => return Progress::Closed,
            Ok(n) => {
                if conn.buf.is_empty() && conn.kept_alive {
                    conn.deadline = Instant::now() + HEAD_TIMEOUT;
                }
                conn.buf.extend_from_slice(&chunk[..n]);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Progress::Waiting,
            Err(_) => return Progress::Closed,
        }
    }
}

/// Answers an error from the connection loop and closes: one short write that never waits (a
/// client that has not read earlier answers just loses this one).
fn answer_now(mut stream: StreamMio, status: u16) {
    let _ = write_response(&mut stream, Response::text(status, reason(status)), false, false);
}

/// A request for a worker, with its connection and the bytes read after its head.
struct Job {
    stream: TcpStream,
    request: Request,
    keep_alive: bool,
    rest: Vec<u8>,
}

/// How a worker gives a kept-alive connection back to the connection loop.
#[derive(Clone)]
struct GiveBack {
    tx: Sender<(TcpStream, Vec<u8>)>,
    waker: Arc<Waker>,
}

fn start_workers(handler: Arc<Handler>, back: GiveBack) -> SyncSender<Job> {
    let (tx, rx) = sync_channel::<Job>(QUEUE);
    let rx: Arc<Mutex<Receiver<Job>>> = Arc::new(Mutex::new(rx));
    for n in 0..WORKERS {
        let (rx, handler, back) = (rx.clone(), handler.clone(), back.clone());
        std::thread::Builder::new()
            .name(format!("docent-http-{n}"))
            .spawn(move || {
                loop {
                    let next = rx.lock().map(|r| r.recv());
                    let Ok(Ok(job)) = next else { return };
                    // A panic in a handler must not take the worker (or the server) down.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| answer(job, &*handler, &back)));
                }
            })
            .expect("spawning an HTTP worker thread");
    }
    tx
}

/// Answers one request (blocking writes, with a timeout) and gives the connection back if it stays open.
fn answer(job: Job, handler: &Handler, back: &GiveBack) {
    let mut stream = job.stream;
    if stream.set_nonblocking(false).is_err() {
        return;
    }
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let head_only = job.request.method == "HEAD";
    match handler(&job.request) {
        Reply::Response(r) => {
            if write_response(&mut stream, r, job.keep_alive, head_only).is_ok()
                && job.keep_alive
                && back.tx.send((stream, job.rest)).is_ok()
            {
                let _ = back.waker.wake();
            }
        }
        Reply::EventStream(take) => take(stream),
    }
}

fn find_head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4)
}

/// Parses a complete request head (up to and including the blank line): the request and its
/// HTTP minor version, or the status to answer before closing. Pure; public for the fuzz
/// harness (`crate::fuzz`).
/// A request that announces a body is refused: 400 when its length is ambiguous (several
/// different `Content-Length`s, one that is not a number, or `Content-Length` with
/// `Transfer-Encoding`: a proxy in front could read another request boundary), 413 otherwise.
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
    match body_length(&request)? {
        Some(0) | None => Ok((request, req.version.unwrap_or(1))),
        Some(_) => Err(413),
    }
}

/// The body length a request announces (`None`: no body headers); `Err(400)` when it is not one
/// unambiguous number; `Some(u64::MAX)` for a chunked body.
fn body_length(request: &Request) -> Result<Option<u64>, u16> {
    let mut length = None;
    let declared = request.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("content-length"));
    // `Content-Length: 5, 5` and two equal headers are one length (RFC 9112, 6.3); anything else is not.
    for value in declared.flat_map(|(_, v)| v.split(',')) {
        let value = value.trim();
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(400);
        }
        let n: u64 = value.parse().map_err(|_| 400u16)?;
        if length.is_some_and(|l| l != n) {
            return Err(400);
        }
        length = Some(n);
    }
    if request.header("transfer-encoding").is_some() {
        return if length.is_some() { Err(400) } else { Ok(Some(u64::MAX)) };
    }
    Ok(length)
}

/// Writes a response. A HEAD response has the headers of the GET, without the body.
pub fn write_response<W: Write>(stream: &mut W, r: Response, keep_alive: bool, head_only: bool) -> io::Result<()> {
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

    #[test]
    fn a_body_length_must_be_one_number_and_bodies_are_refused() {
        let status = |headers: &str| {
            parse_head(format!("GET / HTTP/1.1\r\nHost: x\r\n{headers}\r\n").as_bytes()).err().unwrap_or(200)
        };
        for ambiguous in [
            "Content-Length: 0\r\nContent-Length: 5\r\n",
            "Content-Length: 0, 5\r\n",
            "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n",
            "Content-Length: +0\r\n",
            "Content-Length: \r\n",
            "Content-Length: 99999999999999999999999\r\n",
        ] {
            assert_eq!(status(ambiguous), 400, "{ambiguous:?}");
        }
        assert_eq!(status("Content-Length: 0\r\ncontent-length: 0, 0\r\n"), 200);
        assert_eq!(status("Content-Length: 5\r\n"), 413);
        assert_eq!(status("Transfer-Encoding: chunked\r\n"), 413);
    }
}
