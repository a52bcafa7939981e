#![allow(dead_code)]

//! Drives the debugger's own loop (`sfdb::tui::run::run_loop`) on `TestBackend` with a script
//! of terminal events, as slumber's test `Runner` does: what the test sees is what a user at
//! that terminal would have seen, requests sent for real by the client the test gives.

use std::collections::VecDeque;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use sfdb::engine::client::ReqwestClient;
use sfdb::engine::http::HttpClient;
use sfdb::tui::saved::Setup;
use sfdb::tui::surface::{Input, Surface};
use sfdb::tui::Model;

/// One thing the user does, or waits for.
#[derive(Debug, Clone)]
pub enum Do {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// Wait until no request is out (its answer has been handled).
    Settle,
    /// Keep the screen as it is now (after the last message was drawn).
    Frame,
    /// A signal arrives (SIGTERM is 15).
    Signal(i32),
}

pub fn key(c: char) -> Do {
    Do::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub fn code(code: KeyCode) -> Do {
    Do::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Do {
    Do::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Each character typed.
pub fn typed(text: &str) -> Vec<Do> {
    text.chars().map(key).collect()
}

pub struct TestSurface {
    pub terminal: Terminal<TestBackend>,
    script: VecDeque<Do>,
    /// The screens kept with [`Do::Frame`].
    pub frames: Vec<String>,
    pub copied: Vec<String>,
    pub paged: Vec<String>,
    /// What the user's editor answers, in turn.
    pub editor: VecDeque<Result<Option<String>, String>>,
    pub written: Vec<PathBuf>,
    pub remembered: Vec<Setup>,
    /// How many times the process was suspended (Ctrl+Z).
    pub suspended: usize,
}

impl TestSurface {
    pub fn new(width: u16, height: u16, script: impl IntoIterator<Item = Do>) -> TestSurface {
        TestSurface {
            terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
            script: script.into_iter().collect(),
            frames: Vec::new(),
            copied: Vec::new(),
            paged: Vec::new(),
            editor: VecDeque::new(),
            written: Vec::new(),
            remembered: Vec::new(),
            suspended: 0,
        }
    }

    /// The screen as last drawn.
    pub fn screen(&self) -> String {
        self.terminal.backend().to_string()
    }
}

impl Surface for TestSurface {
    type Backend = TestBackend;

    fn terminal(&mut self) -> &mut Terminal<TestBackend> {
        &mut self.terminal
    }

    async fn next_event(&mut self, requests_out: bool) -> Option<io::Result<Input>> {
        loop {
            match self.script.front()? {
                Do::Settle if requests_out => return std::future::pending().await,
                Do::Settle => {
                    self.script.pop_front();
                }
                Do::Frame => {
                    self.script.pop_front();
                    let screen = self.screen();
                    self.frames.push(screen);
                }
                _ => {
                    return Some(Ok(match self.script.pop_front()? {
                        Do::Key(key) => Input::Event(Event::Key(key)),
                        Do::Paste(text) => Input::Event(Event::Paste(text)),
                        Do::Resize(w, h) => {
                            self.terminal.backend_mut().resize(w, h);
                            Input::Event(Event::Resize(w, h))
                        }
                        Do::Signal(n) => Input::Signal(n),
                        Do::Settle | Do::Frame => unreachable!(),
                    }))
                }
            }
        }
    }

    fn suspend(&mut self) -> io::Result<()> {
        self.suspended += 1;
        Ok(())
    }

    fn copy(&mut self, text: &str) -> io::Result<()> {
        self.copied.push(text.to_string());
        Ok(())
    }

    fn page(&mut self, text: &str, _line: usize) -> io::Result<Result<(), String>> {
        self.paged.push(text.to_string());
        Ok(Ok(()))
    }

    fn edit(&mut self, _text: &str) -> io::Result<Result<Option<String>, String>> {
        Ok(self
            .editor
            .pop_front()
            .unwrap_or(Err("no editor in this test".into())))
    }

    fn write(&mut self, path: &std::path::Path, text: &str) -> Result<(), String> {
        sfdb::flow::write_atomically(path, text.as_bytes()).map_err(|e| e.to_string())?;
        self.written.push(path.to_path_buf());
        Ok(())
    }

    fn remember(&mut self, setup: &Setup) {
        self.remembered.push(setup.clone());
    }
}

/// Runs the debugger's loop on `model` through `surface`'s script, with requests sent by
/// reqwest; gives back the model as the loop left it.
pub async fn run(model: Model, surface: &mut TestSurface) -> Model {
    run_with(model, surface, Arc::new(ReqwestClient::new())).await
}

pub async fn run_with(
    model: Model,
    surface: &mut TestSurface,
    client: Arc<dyn HttpClient>,
) -> Model {
    ended(model, surface, client).await.model
}

/// As [`run_with`], with how the session ended.
pub async fn ended(
    model: Model,
    surface: &mut TestSurface,
    client: Arc<dyn HttpClient>,
) -> sfdb::tui::run::Ended {
    sfdb::tui::run::run_loop(surface, client, model)
        .await
        .expect("the loop ends cleanly")
}

/// A client that answers each request with the next of its answers, sending nothing: for
/// frames that must not depend on a port or a clock.
pub struct Answers(std::sync::Mutex<VecDeque<sfdb::engine::http::HttpResult>>);

impl Answers {
    pub fn new(answers: impl IntoIterator<Item = sfdb::engine::http::HttpResult>) -> Arc<Answers> {
        Arc::new(Answers(std::sync::Mutex::new(
            answers.into_iter().collect(),
        )))
    }

    pub fn left(&self) -> usize {
        self.0.lock().unwrap().len()
    }
}

#[async_trait::async_trait]
impl HttpClient for Answers {
    async fn send(
        &self,
        request: &sfdb::engine::http::HttpRequest,
    ) -> sfdb::engine::http::HttpResult {
        self.0
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_else(|| panic!("no answer left for the request to {}", request.url))
    }
}

/// A client whose requests never come back: for what happens while one is out.
pub struct Silent;

#[async_trait::async_trait]
impl HttpClient for Silent {
    async fn send(
        &self,
        _request: &sfdb::engine::http::HttpRequest,
    ) -> sfdb::engine::http::HttpResult {
        std::future::pending().await
    }
}
