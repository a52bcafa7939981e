//! What the loop touches outside the model: the screen it draws on, the events it reads, the
//! clipboard, the user's pager and editor, the flow file and the remembered setup. The real
//! one is the terminal (`terminal.rs`); tests give the loop one of their own on `TestBackend`,
//! so they drive the very loop a user runs.

use std::future::Future;
use std::io;
use std::path::Path;

use crossterm::event::Event;
use ratatui::backend::Backend;
use ratatui::Terminal;

use super::saved::Setup;

/// What comes in from the terminal's side: an event, or a signal that ends the session
/// (SIGTERM, SIGHUP, SIGINT, SIGQUIT), by its number.
#[derive(Debug)]
pub enum Input {
    Event(Event),
    Signal(i32),
}

pub trait Surface {
    type Backend: Backend;

    fn terminal(&mut self) -> &mut Terminal<Self::Backend>;

    /// The next event or signal; `None` when there are no more. `requests_out` says whether
    /// a request is running, so a scripted surface can wait for its answer first.
    fn next_event(&mut self, requests_out: bool)
        -> impl Future<Output = Option<io::Result<Input>>>;

    /// Stops the process as Ctrl+Z does in a shell, the terminal given back meanwhile; returns
    /// when the shell brings it back (`fg`).
    fn suspend(&mut self) -> io::Result<()>;

    /// Draws one frame of `draw`, whole (a terminal shows it at once, not line by line).
    fn draw(&mut self, draw: impl FnOnce(&mut ratatui::Frame<'_>)) -> io::Result<()> {
        self.terminal()
            .draw(draw)
            .map(|_| ())
            .map_err(|e| io::Error::other(e.to_string()))
    }

    /// Puts `text` on the user's clipboard.
    fn copy(&mut self, text: &str) -> io::Result<()>;

    /// Shows `text` in the user's pager, the debugger suspended meanwhile; the inner error
    /// is the pager's, said to the user.
    fn page(&mut self, text: &str, line: usize) -> io::Result<Result<(), String>>;

    /// Edits `text` in the user's editor: the new text, `None` when unchanged, or why not.
    fn edit(&mut self, text: &str) -> io::Result<Result<Option<String>, String>>;

    /// Writes the flow file, atomically.
    fn write(&mut self, path: &Path, text: &str) -> Result<(), String> {
        crate::flow::write_atomically(path, text.as_bytes()).map_err(|e| e.to_string())
    }

    /// Keeps what the debugger remembers of the flow. A failure costs only that memory,
    /// never the session: it is not reported.
    fn remember(&mut self, setup: &Setup);
}
