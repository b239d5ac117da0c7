//! A minimal loopback HTTP/1.1 server, run as a child process so it doesn't share the
//! measured process's memory (RSS) or runtime.
//!
//! The benchmark binary starts itself again with `--serve <mode>`; the child binds
//! `127.0.0.1:0`, prints `listening <port>`, answers keep-alive requests with
//! prepared bodies, and exits as soon as its standard input closes (so it can never
//! outlive the benchmark). It parses only what it needs: the request target and
//! `Content-Length`.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::fixtures;

/// What the child serves.
enum Routes {
    /// `GET /v3/users/{id}`: one canned ~2 KB user.
    User { response: Vec<u8> },
    /// `GET /v3/users?token=pN`: page N of `pages`, each the same users, chained by
    /// the cursors `p1`, `p2`, ... and an empty cursor on the last page.
    Pages { users: Vec<u8>, pages: usize },
}

/// Runs the server when the arguments ask for it (`--serve user` or
/// `--serve pages <items> <per_page>`); returns otherwise.
pub fn serve_if_asked() {
    let args: Vec<String> = std::env::args().collect();
    let Some(at) = args.iter().position(|a| a == "--serve") else {
        return;
    };
    let rest = &args[at + 1..];
    let routes = match rest.first().map(String::as_str) {
        Some("user") => Routes::User {
            response: response(200, &fixtures::view_user_body()),
        },
        Some("pages") => {
            let number = |i: usize| -> usize {
                rest.get(i)
                    .and_then(|v| v.parse().ok())
                    .expect("usage: --serve pages <items> <per_page>")
            };
            let (items, per_page) = (number(1), number(2));
            assert!(
                per_page > 0 && items % per_page == 0,
                "items must be a multiple of per_page"
            );
            Routes::Pages {
                users: fixtures::users_array(0, per_page),
                pages: items / per_page,
            }
        }
        _ => panic!("usage: --serve user | --serve pages <items> <per_page>"),
    };
    // Exit when the parent closes our stdin (or dies).
    std::thread::spawn(|| {
        let mut sink = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut sink);
        std::process::exit(0);
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(listen(Arc::new(routes)));
    std::process::exit(0);
}

async fn listen(routes: Arc<Routes>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let port = listener.local_addr().expect("a local address").port();
    println!("listening {port}");
    std::io::stdout().flush().expect("stdout");
    loop {
        let Ok((socket, _)) = listener.accept().await else {
            continue;
        };
        let _ = socket.set_nodelay(true);
        tokio::spawn(connection(socket, routes.clone()));
    }
}

/// Serves one keep-alive connection until the client closes it.
async fn connection(mut socket: TcpStream, routes: Arc<Routes>) {
    let mut buf: Vec<u8> = Vec::with_capacity(8 * 1024);
    loop {
        let head_end = loop {
            if let Some(at) = find(&buf, b"\r\n\r\n") {
                break at + 4;
            }
            match socket.read_buf(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let body_len = content_length(&head);
        while buf.len() < head_end + body_len {
            match socket.read_buf(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
        let target = head.split(' ').nth(1).unwrap_or("");
        let written = match routes.as_ref() {
            Routes::User { response: canned } if target.starts_with("/v3/users/") => {
                socket.write_all(canned).await
            }
            Routes::Pages { users, pages } if target.starts_with("/v3/users?") => {
                let page: usize = query_value(target, "token")
                    .and_then(|t| t.strip_prefix('p'))
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                let next = if page + 1 < *pages {
                    format!("p{}", page + 1)
                } else {
                    String::new()
                };
                let body = fixtures::list_page(users, &next);
                socket.write_all(&response(200, &body)).await
            }
            _ => {
                let body = br#"{"error": true, "message": "no such route in the benchmark server", "code": 400201}"#;
                socket.write_all(&response(404, body)).await
            }
        };
        if written.is_err() {
            return;
        }
        buf.drain(..head_end + body_len);
    }
}

/// A whole HTTP/1.1 response (keep-alive is HTTP/1.1's default).
fn response(status: u16, body: &[u8]) -> Vec<u8> {
    let reason = if status == 200 { "OK" } else { "Not Found" };
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &str) -> usize {
    head.lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
}

fn query_value<'a>(target: &'a str, name: &str) -> Option<&'a str> {
    let query = target.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then_some(value)
    })
}

/// The parent's handle on a server child; dropping it stops the child.
pub struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    /// `http://127.0.0.1:<port>/v3`: the Chat base URL to configure.
    pub base_url: String,
}

impl Server {
    /// Starts this executable again as a server with the given `--serve` arguments.
    pub fn spawn(serve_args: &[&str]) -> Server {
        let exe = std::env::current_exe().expect("the benchmark's own path");
        let mut child = Command::new(exe)
            .arg("--serve")
            .args(serve_args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the loopback server");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the server's port");
        let port: u16 = line
            .trim()
            .strip_prefix("listening ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("unexpected server output {line:?}"));
        let stdin = child.stdin.take();
        Server {
            child,
            stdin,
            base_url: format!("http://127.0.0.1:{port}/v3"),
        }
    }

    /// CPU time (user + system) the server has used so far.
    pub fn cpu_time(&self) -> Duration {
        super::proc::cpu_time(self.child.id()).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
