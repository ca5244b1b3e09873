//! Live reload: the Server-Sent Events hub and the browser script that listens to it.
//!
//! `Hub` takes the connections that ask for the event stream (at most `MAX_STREAMS`), greets each
//! with the server's build id (so a browser that reconnects to a restarted server reloads) and the
//! current problems, and broadcasts events (`reload`, `css`, `problems`, `clear`). Sending never
//! waits for a browser: `send` queues the event for the hub's own thread (`run`), which writes to
//! each stream as its socket can take more (without blocking, `mio` says when), pings every few
//! seconds, and drops a stream that closes, sends anything, or has more than `MAX_BEHIND` bytes
//! of events waiting when another one comes (a browser reads at once; a client that does not read
//! must hold up neither the rebuild nor the other browsers, nor memory). An event is shared by the queues,
//! not copied. `inject` adds the script tag to served HTML; `docent build` output never passes
//! through here. It does not decide what to send: `serve::run` does.

use mio::net::TcpStream as StreamMio;
use mio::{Events, Interest, Poll, Token, Waker};
use std::collections::{HashMap, VecDeque};
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const EVENTS_PATH: &str = "/__docent/events";
pub const SCRIPT_PATH: &str = "/__docent/live-reload.js";
pub const SCRIPT: &str = include_str!("live-reload.js");
const SCRIPT_TAG: &[u8] = b"<script src=\"/__docent/live-reload.js\" defer></script>\n";
/// Open event streams: one per browser tab on the preview. Each costs a socket and a queue of
/// shared events, no thread.
pub const MAX_STREAMS: usize = 256;
/// How far behind a stream may be when an event comes: bytes of whole events queued after the one
/// being written (on top of what its socket holds, a few MB).
const MAX_BEHIND: usize = 4 << 20;
const PING_EVERY: Duration = Duration::from_secs(5);
const WAKER: Token = Token(0);

/// The open event streams and what a newly connected browser must be told.
pub struct Hub {
    /// Changes whenever the server starts: a browser that sees another id reloads.
    instance: String,
    /// The `problems` event data while the current build has errors.
    problems: Mutex<Option<String>>,
    /// To the writing thread, woken by `waker`.
    messages: Sender<Message>,
    waker: Waker,
    /// Taken by `run`.
    writer: Mutex<Option<Writer>>,
}

enum Message {
    /// A new stream and its greeting (the response head, `hello`, the current problems).
    Open(TcpStream, Arc<[u8]>),
    /// An event for every open stream.
    Event(Arc<[u8]>),
}

impl Hub {
    pub fn new() -> io::Result<Hub> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let poll = Poll::new()?;
        let waker = Waker::new(poll.registry(), WAKER)?;
        let (messages, received) = channel();
        Ok(Hub {
            instance: format!("{:x}-{:x}", std::process::id(), nanos),
            problems: Mutex::new(None),
            messages,
            waker,
            writer: Mutex::new(Some(Writer { poll, messages: received })),
        })
    }

    /// Takes over a connection that asked for the event stream.
    pub fn accept(&self, stream: TcpStream) {
        let problems = self.problems.lock().unwrap_or_else(|e| e.into_inner());
        let mut greeting = String::from(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
             X-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n",
        );
        greeting.push_str(&event("hello", &self.instance));
        if let Some(p) = problems.as_ref() {
            greeting.push_str(&event("problems", p));
        }
        // Posted while `problems` is locked, so a `problems` or `clear` event sent after a change
        // of the problems comes after this greeting: a browser never misses one.
        self.post(Message::Open(stream, greeting.into_bytes().into()));
    }

    /// Sends an event to every open stream (queued: returns at once).
    pub fn send(&self, name: &str, data: &str) {
        self.post(Message::Event(event(name, data).into_bytes().into()));
    }

    fn post(&self, message: Message) {
        if self.messages.send(message).is_ok() {
            let _ = self.waker.wake();
        }
    }

    /// Remembers (or forgets) the problems to show to browsers that connect later.
    pub fn set_problems(&self, data: Option<String>) {
        *self.problems.lock().unwrap_or_else(|e| e.into_inner()) = data;
    }

    pub fn has_problems(&self) -> bool {
        self.problems.lock().unwrap_or_else(|e| e.into_inner()).is_some()
    }

    /// Writes the events to the streams and pings them, forever: the hub's own thread.
    pub fn run(&self) {
        let writer = self.writer.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(Err(e)) = writer.map(Writer::run) {
            eprintln!("error: live reload stopped: {e}");
        }
    }
}

/// The writing thread's poller and message queue.
struct Writer {
    poll: Poll,
    messages: Receiver<Message>,
}

impl Writer {
    fn run(mut self) -> io::Result<()> {
        let mut streams: HashMap<Token, Stream> = HashMap::new();
        let mut next_token = WAKER.0 + 1;
        let mut events = Events::with_capacity(256);
        let ping: Arc<[u8]> = Arc::from(&b": ping\n\n"[..]);
        let mut next_ping = Instant::now() + PING_EVERY;
        loop {
            match self.poll.poll(&mut events, Some(next_ping.saturating_duration_since(Instant::now()))) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
            for event in events.iter() {
                if let Some(stream) = streams.get_mut(&event.token()).filter(|_| event.is_readable()) {
                    stream.check_input();
                }
            }
            while let Ok(message) = self.messages.try_recv() {
                match message {
                    Message::Open(socket, greeting) => {
                        let Some(mut socket) = nonblocking(socket) else { continue };
                        if streams.len() >= MAX_STREAMS {
                            let _ = socket.write_all(
                                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                            );
                            continue;
                        }
                        let token = Token(next_token);
                        next_token += 1;
                        let interest = Interest::READABLE | Interest::WRITABLE;
                        if self.poll.registry().register(&mut socket, token, interest).is_ok() {
                            let mut stream = Stream { socket, queue: VecDeque::new(), sent: 0, behind: 0, open: true };
                            stream.push(greeting);
                            streams.insert(token, stream);
                        }
                    }
                    Message::Event(bytes) => streams.values_mut().for_each(|s| s.push(bytes.clone())),
                }
            }
            if Instant::now() >= next_ping {
                streams.values_mut().for_each(|s| s.push(ping.clone()));
                next_ping = Instant::now() + PING_EVERY;
            }
            // Each stream takes what its socket can; a full one is written again on its next
            // writable event (edge-triggered), so nothing here waits.
            let registry = self.poll.registry();
            streams.retain(|_, s| {
                let open = s.write_some();
                if !open {
                    let _ = registry.deregister(&mut s.socket);
                }
                open
            });
        }
    }
}

fn nonblocking(socket: TcpStream) -> Option<StreamMio> {
    socket.set_nonblocking(true).ok()?;
    Some(StreamMio::from_std(socket))
}

/// One open event stream: the events not yet written, shared with the other streams.
struct Stream {
    socket: StreamMio,
    queue: VecDeque<Arc<[u8]>>,
    /// Bytes of the first queued event already written.
    sent: usize,
    /// Bytes queued and not yet written.
    behind: usize,
    open: bool,
}

impl Stream {
    /// Queues an event, or drops the stream if more than `MAX_BEHIND` bytes of events wait behind
    /// the one being written (that one may be of any size: a browser reading it is not dropped).
    fn push(&mut self, bytes: Arc<[u8]>) {
        let writing = self.queue.front().map_or(0, |front| front.len() - self.sent);
        if self.behind - writing > MAX_BEHIND {
            self.open = false;
            return;
        }
        self.behind += bytes.len();
        self.queue.push_back(bytes);
    }

    /// Writes until the socket is full or the queue empty. False once the stream is to be dropped.
    fn write_some(&mut self) -> bool {
        while self.open {
            let Some(front) = self.queue.front() else { break };
            match self.socket.write(&front[self.sent..]) {
                Ok(0) => self.open = false,
                Ok(n) => {
                    self.sent += n;
                    self.behind -= n;
                    if self.sent == front.len() {
                        self.queue.pop_front();
                        self.sent = 0;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(_) => self.open = false,
            }
        }
        self.open
    }

    /// A browser sends nothing on an event stream: its end (the tab closed) or any byte drops it.
    fn check_input(&mut self) {
        let mut byte = [0u8; 1];
        loop {
            match self.socket.read(&mut byte) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                _ => return self.open = false,
            }
        }
    }
}

/// One SSE event. `data` must be a single line (JSON from serde_json is).
fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {}\n\n", data.replace(['\n', '\r'], " "))
}

/// Adds the live-reload script tag to an HTML page: before `</head>`, or at the end.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let at = html.windows(7).position(|w| w.eq_ignore_ascii_case(b"</head>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT_TAG);
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_head_end() {
        let out = String::from_utf8(inject(b"<html><head><title>x</title></head><body></body>")).unwrap();
        assert!(out.contains("<script src=\"/__docent/live-reload.js\" defer></script>\n</head>"), "{out}");
        assert!(String::from_utf8(inject(b"<p>no head")).unwrap().ends_with("</script>\n"));
    }

    #[test]
    fn event_data_is_one_line() {
        assert_eq!(event("reload", "a\nb"), "event: reload\ndata: a b\n\n");
    }
}
