//! Live reload: the Server-Sent Events hub and the browser script that listens to it.
//!
//! `Hub` owns the open event streams (at most `MAX_STREAMS`), greets each with the server's
//! build id (so a browser that reconnects to a restarted server reloads) and the current
//! problems, broadcasts events (`reload`, `css`, `problems`, `clear`) and pings every few seconds
//! so dead streams are dropped. `inject` adds the script tag to served HTML; `docent build`
//! output never passes through here. It does not decide what to send: `serve::run` does.

use std::io::Write;
use std::net::TcpStream;
use std::sync::Mutex;
use std::time::Duration;

pub const EVENTS_PATH: &str = "/__docent/events";
pub const SCRIPT_PATH: &str = "/__docent/live-reload.js";
pub const SCRIPT: &str = include_str!("live-reload.js");
const SCRIPT_TAG: &[u8] = b"<script src=\"/__docent/live-reload.js\" defer></script>\n";
pub const MAX_STREAMS: usize = 128;
const PING_EVERY: Duration = Duration::from_secs(5);
const WRITE_TIMEOUT: Duration = Duration::from_millis(500);

/// The open event streams and what a newly connected browser must be told.
pub struct Hub {
    /// Changes whenever the server starts: a browser that sees another id reloads.
    instance: String,
    streams: Mutex<Vec<TcpStream>>,
    /// The `problems` event data while the current build has errors.
    problems: Mutex<Option<String>>,
}

impl Default for Hub {
    fn default() -> Hub {
        Hub::new()
    }
}

impl Hub {
    pub fn new() -> Hub {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        Hub {
            instance: format!("{:x}-{:x}", std::process::id(), nanos),
            streams: Mutex::new(Vec::new()),
            problems: Mutex::new(None),
        }
    }

    /// Takes over a connection that asked for the event stream.
    pub fn accept(&self, mut stream: TcpStream) {
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        if streams.len() >= MAX_STREAMS {
            write_all_and_keep(&mut streams, b": ping\n\n");
        }
        if streams.len() >= MAX_STREAMS {
            let _ =
                stream.write_all(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            return;
        }
        let mut greeting = String::from(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
             X-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n",
        );
        greeting.push_str(&event("hello", &self.instance));
        if let Some(p) = self.problems.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            greeting.push_str(&event("problems", p));
        }
        if stream.write_all(greeting.as_bytes()).is_ok() {
            streams.push(stream);
        }
    }

    /// Sends an event to every open stream, dropping the ones that fail.
    pub fn send(&self, name: &str, data: &str) {
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        write_all_and_keep(&mut streams, event(name, data).as_bytes());
    }

    /// Remembers (or forgets) the problems to show to browsers that connect later.
    pub fn set_problems(&self, data: Option<String>) {
        *self.problems.lock().unwrap_or_else(|e| e.into_inner()) = data;
    }

    pub fn has_problems(&self) -> bool {
        self.problems.lock().unwrap_or_else(|e| e.into_inner()).is_some()
    }

    pub fn open_streams(&self) -> usize {
        self.streams.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Pings every stream forever, so closed ones are noticed and dropped.
    pub fn keep_alive(&self) {
        loop {
            std::thread::sleep(PING_EVERY);
            let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
            write_all_and_keep(&mut streams, b": ping\n\n");
        }
    }
}

fn write_all_and_keep(streams: &mut Vec<TcpStream>, bytes: &[u8]) {
    streams.retain_mut(|s| s.write_all(bytes).and_then(|_| s.flush()).is_ok());
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
