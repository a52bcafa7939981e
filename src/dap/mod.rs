//! `sfdb dap`: the debugger's engine behind the Debug Adapter Protocol, so an editor (nvim-dap,
//! VS Code, Helix, Zed, Emacs dap-mode) sets breakpoints on widgets in the flow's JSON, steps,
//! steps back, reads the context as variables and renders Liquid in its console.
//!
//! A front end beside `tui`, importing nothing from it: the same engine, scenario loader and
//! HTTP client. Messages are read and written on threads of their own; the session runs on
//! one task that also awaits the request in flight, so `pause` and `disconnect` are heard
//! while a slow call runs.

mod console;
mod out;
mod session;
mod stops;
mod tree;
pub mod wire;

use std::io::{BufRead, BufReader, Write};
use std::sync::Arc;

use serde_json::Value;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::engine::client::ReqwestClient;
use crate::engine::http::HttpClient;
pub use out::Out;
pub use session::Session;

/// Serves one client on stdin and stdout, or (with `port`) the first to connect to
/// 127.0.0.1:`port`, until it disconnects.
pub fn serve(port: Option<u16>) -> Result<(), String> {
    match port {
        None => run(BufReader::new(std::io::stdin()), std::io::stdout()),
        Some(port) => {
            let listener = std::net::TcpListener::bind(("127.0.0.1", port))
                .map_err(|e| format!("sfdb dap: cannot listen on 127.0.0.1:{port}: {e}"))?;
            let at = listener.local_addr().map_err(|e| e.to_string())?;
            // On stderr: a client that starts the server reads the port it may have chosen.
            eprintln!("sfdb dap: listening on {at}");
            let (stream, _) = listener
                .accept()
                .map_err(|e| format!("sfdb dap: no client connected: {e}"))?;
            let reader = stream.try_clone().map_err(|e| e.to_string())?;
            run(BufReader::new(reader), stream)
        }
    }
}

fn run(
    mut reader: impl BufRead + Send + 'static,
    mut writer: impl Write + Send + 'static,
) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("sfdb dap: cannot start the async runtime: {e}"))?;
    let (out_tx, out_rx) = std::sync::mpsc::channel::<Value>();
    let writing = std::thread::spawn(move || {
        for message in out_rx {
            if wire::write(&mut writer, &message).is_err() {
                break;
            }
        }
    });
    let (in_tx, in_rx) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || loop {
        match wire::read(&mut reader) {
            Ok(Some(message)) => {
                if in_tx.send(message).is_err() {
                    break;
                }
            }
            Ok(None) => break,
            Err(e) => {
                eprintln!("sfdb dap: {e}");
                break;
            }
        }
    });
    let client: Arc<dyn HttpClient> = Arc::new(ReqwestClient::new());
    runtime.block_on(serve_on(in_rx, Out::new(out_tx), client));
    // Everything said is written before the process ends.
    let _ = writing.join();
    Ok(())
}

/// The session loop: requests as they come, and the answer to the request in flight.
pub async fn serve_on(
    mut requests: UnboundedReceiver<Value>,
    out: Out,
    client: Arc<dyn HttpClient>,
) {
    let mut session = Session::new(out);
    let mut in_flight: Option<tokio::task::JoinHandle<crate::engine::http::HttpResult>> = None;
    loop {
        if session.cancel_request {
            session.cancel_request = false;
            if let Some(task) = in_flight.take() {
                task.abort();
            }
        }
        if session.finished {
            break;
        }
        if in_flight.is_none() {
            if let Some(request) = session.drive() {
                let client: Arc<dyn HttpClient> = match &session.client {
                    Some(functions) => functions.clone(),
                    None => Arc::clone(&client),
                };
                in_flight = Some(tokio::spawn(async move { client.send(&request).await }));
            }
        }
        tokio::select! {
            message = requests.recv() => match message {
                Some(message) => session.handle(&message),
                None => break,
            },
            done = async { in_flight.as_mut().expect("checked").await }, if in_flight.is_some() => {
                in_flight = None;
                if let Ok(result) = done {
                    session.answered(result);
                }
            }
        }
    }
    if let Some(task) = in_flight {
        task.abort();
    }
}
