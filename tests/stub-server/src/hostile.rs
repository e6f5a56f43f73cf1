//! A hostile HTTP server on loopback: it speaks HTTP/1.1 by hand over raw TCP, so that a test
//! can make it misbehave in ways a well-behaved framework never would: answer without end,
//! announce a huge body, drip one byte at a time, hang up on a request.
//!
//! Each connection gets the next [`Act`] of the script (the last one repeats), and the server
//! counts the requests it read.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one connection, once it has read the request's head.
#[derive(Clone, Debug)]
pub enum Act {
    /// `200 OK`, chunked, and then chunks of this many bytes for ever (until the client hangs
    /// up).
    Endless(usize),
    /// `200 OK` announcing a `Content-Length` of this many bytes, then a few of them.
    Announce(u64),
    /// `200 OK` with a `Content-Length` of `len`, then one byte every `every`.
    Drip {
        /// The announced length.
        len: usize,
        /// The pause between two bytes.
        every: Duration,
    },
    /// Closes the connection without answering.
    HangUp,
    /// Writes these bytes (a whole response) and closes the connection.
    Raw(Vec<u8>),
}

/// The running server. It stops when the test's runtime ends.
#[derive(Clone)]
pub struct Hostile {
    base: String,
    requests: Arc<AtomicUsize>,
    heads: Arc<Mutex<Vec<String>>>,
}

impl Hostile {
    /// Starts a server on a free loopback port that plays `script`, one act per connection.
    pub async fn start(script: Vec<Act>) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("the bound address");
        let requests = Arc::new(AtomicUsize::new(0));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let (count, seen) = (requests.clone(), heads.clone());
        tokio::spawn(async move {
            let mut served = 0;
            while let Ok((socket, _)) = listener.accept().await {
                let act = script
                    .get(served)
                    .or(script.last())
                    .cloned()
                    .unwrap_or(Act::HangUp);
                served += 1;
                let (count, seen) = (count.clone(), seen.clone());
                tokio::spawn(async move {
                    if let Some(head) = read_head(&socket).await {
                        count.fetch_add(1, Ordering::SeqCst);
                        seen.lock().unwrap_or_else(|e| e.into_inner()).push(head);
                    }
                    let _ = play(socket, act).await;
                });
            }
        });
        Hostile {
            base: format!("http://{addr}"),
            requests,
            heads,
        }
    }

    /// The server's URL followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// How many requests the server has read.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The heads (request line and headers) of the requests read so far.
    pub fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Reads up to the end of the request's head (the body, if any, is left unread).
async fn read_head(socket: &TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        socket.readable().await.ok()?;
        match socket.try_read(&mut byte) {
            Ok(0) => return None,
            Ok(_) => {
                head.push(byte[0]);
                if head.ends_with(b"\r\n\r\n") {
                    return Some(String::from_utf8_lossy(&head).into_owned());
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(_) => return None,
        }
    }
}

async fn play(mut socket: TcpStream, act: Act) -> std::io::Result<()> {
    match act {
        Act::Endless(size) => {
            socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
                .await?;
            let mut chunk = format!("{size:x}\r\n").into_bytes();
            chunk.extend(std::iter::repeat_n(b'7', size));
            chunk.extend_from_slice(b"\r\n");
            loop {
                socket.write_all(&chunk).await?;
            }
        }
        Act::Announce(len) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {len}\r\n\r\n[1,2,3"
            );
            socket.write_all(head.as_bytes()).await?;
            // Hold the connection until the client gives up on it.
            let mut sink = [0u8; 64];
            while socket.read(&mut sink).await? > 0 {}
            Ok(())
        }
        Act::Drip { len, every } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {len}\r\n\r\n"
            );
            socket.write_all(head.as_bytes()).await?;
            for _ in 0..len {
                tokio::time::sleep(every).await;
                socket.write_all(b" ").await?;
            }
            Ok(())
        }
        Act::HangUp => Ok(()),
        Act::Raw(bytes) => {
            socket.write_all(&bytes).await?;
            socket.shutdown().await
        }
    }
}

/// A whole HTTP/1.1 response with a JSON body (and `connection: close`).
pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    out.into_bytes()
}
