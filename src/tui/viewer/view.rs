//! The value viewer: a value whole over the panes, JSON with line numbers and folds, text
//! wrapped to the width.

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::model::Viewer;
use crate::tui::theme::Theme;
use crate::tui::viewer::doc::Kind;

/// `44,100 bytes` as `43.1 kB`; small sizes in bytes.
pub fn size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} kB", bytes as f64 / 1024.0)
    }
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, viewer: &Viewer, theme: Theme) {
    frame.render_widget(Clear, area);
    let visible = viewer.doc.visible(&viewer.folded);
    let at = visible.partition_point(|&l| l < viewer.cursor);
    let title = format!(
        " {} · {} · line {}/{} ",
        viewer.title,
        size(viewer.size),
        viewer.cursor + 1,
        viewer.doc.lines.len()
    );
    let keys = " Esc close · / search · Enter fold · y copy · Y path · | pager ";
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.fg(Color::Cyan))
        .title(Line::from(title).style(theme.bold()))
        .title_bottom(Line::from(keys).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let height = inner.height as usize;
    let gutter = viewer.doc.lines.len().to_string().len();
    let room = (inner.width as usize).saturating_sub(gutter + 1).max(4);
    let mut rows: Vec<Line<'_>> = Vec::with_capacity(height);
    // From the top line kept by `update`; a cursor pushed below by wrapped lines scrolls on.
    let mut top = visible.partition_point(|&l| l < viewer.top).min(at);
    loop {
        rows.clear();
        for &index in &visible[top..] {
            if rows.len() >= height {
                break;
            }
            push_line(&mut rows, viewer, index, gutter, room, theme);
        }
        let cursor_shown = visible[top..]
            .iter()
            .take_while(|&&l| l <= viewer.cursor)
            .map(|&l| wrapped_height(viewer, l, room))
            .sum::<usize>()
            <= height;
        if cursor_shown || top >= at {
            break;
        }
        top += 1;
    }
    rows.truncate(height);
    frame.render_widget(Paragraph::new(rows), inner);
}

fn content(viewer: &Viewer, index: usize) -> (String, Vec<(String, Kind)>) {
    let line = &viewer.doc.lines[index];
    let indent = "  ".repeat(line.depth);
    let mut parts = Vec::new();
    if let Some(key) = &line.key {
        parts.push((key.clone(), Kind::Open));
    }
    if line.kind == Kind::Open && viewer.folded.contains(&index) {
        let close = line
            .close
            .and_then(|c| viewer.doc.lines.get(c))
            .map_or("", |l| l.text.as_str());
        parts.push((format!("{}…{close}", line.text), Kind::Close));
        parts.push((format!("  {}", line.summary), Kind::Text));
    } else {
        parts.push((line.text.clone(), line.kind));
    }
    (indent, parts)
}

fn wrapped_height(viewer: &Viewer, index: usize, room: usize) -> usize {
    let (indent, parts) = content(viewer, index);
    let chars =
        indent.chars().count() + parts.iter().map(|(t, _)| t.chars().count()).sum::<usize>();
    chars.div_ceil(room).max(1)
}

fn style(kind: Kind, is_key: bool, theme: Theme) -> Style {
    if is_key {
        return theme.fg(Color::Cyan);
    }
    match kind {
        Kind::String => theme.fg(Color::Green),
        Kind::Number => theme.fg(Color::Yellow),
        Kind::Literal => theme.fg(Color::Magenta),
        Kind::Text | Kind::Open | Kind::Close => Style::default(),
    }
}

/// One document line as screen rows: the line number, then the text wrapped to `room`.
fn push_line(
    rows: &mut Vec<Line<'_>>,
    viewer: &Viewer,
    index: usize,
    gutter: usize,
    room: usize,
    theme: Theme,
) {
    let (indent, parts) = content(viewer, index);
    let has_key = viewer.doc.lines[index].key.is_some();
    // Characters with their style, then cut into rows.
    let mut styled: Vec<(char, Style)> = indent.chars().map(|c| (c, Style::default())).collect();
    for (i, (text, kind)) in parts.iter().enumerate() {
        let s = style(*kind, has_key && i == 0, theme);
        styled.extend(text.chars().map(|c| (c, s)));
    }
    let selected = index == viewer.cursor;
    for (n, chunk) in styled.chunks(room).enumerate() {
        let number = if n == 0 {
            format!("{:>gutter$} ", index + 1)
        } else {
            " ".repeat(gutter + 1)
        };
        let mut spans = vec![Span::styled(number, theme.dim())];
        let mut run = String::new();
        let mut run_style = chunk.first().map_or(Style::default(), |(_, s)| *s);
        for &(c, s) in chunk {
            if s != run_style {
                spans.push(Span::styled(std::mem::take(&mut run), run_style));
                run_style = s;
            }
            run.push(c);
        }
        spans.push(Span::styled(run, run_style));
        let mut line = Line::from(spans);
        if selected {
            line = line.style(theme.selected());
        }
        rows.push(line);
    }
    if styled.is_empty() {
        let mut line = Line::from(Span::styled(
            format!("{:>gutter$} ", index + 1),
            theme.dim(),
        ));
        if selected {
            line = line.style(theme.selected());
        }
        rows.push(line);
    }
}
