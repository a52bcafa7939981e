//! The graph pane's canvas view: a window onto the flow's [`Layout`], edges first, boxes over
//! them. Only what falls in the window is drawn, so a frame costs the same on any flow size.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::Widget as _;
use ratatui::Frame;

use crate::tui::flow::canvas::{Layout, Placed, Zoom};
use crate::tui::model::{Model, Pane};
use crate::tui::theme::{block, Theme};

/// Directions a line leaves a cell by.
const UP: u8 = 1;
const DOWN: u8 = 2;
const LEFT: u8 = 4;
const RIGHT: u8 = 8;

fn line_char(bits: u8) -> char {
    match bits {
        b if b == UP | DOWN || b == UP || b == DOWN => '│',
        b if b == LEFT | RIGHT || b == LEFT || b == RIGHT => '─',
        b if b == DOWN | RIGHT => '┌',
        b if b == DOWN | LEFT => '┐',
        b if b == UP | RIGHT => '└',
        b if b == UP | LEFT => '┘',
        b if b == UP | DOWN | RIGHT => '├',
        b if b == UP | DOWN | LEFT => '┤',
        b if b == LEFT | RIGHT | DOWN => '┬',
        b if b == LEFT | RIGHT | UP => '┴',
        _ => '┼',
    }
}

fn toward(from: (i32, i32), to: (i32, i32)) -> u8 {
    match (to.0 - from.0, to.1 - from.1) {
        (0, -1) => UP,
        (0, 1) => DOWN,
        (-1, 0) => LEFT,
        _ => RIGHT,
    }
}

/// The window: the pane's inner area and the canvas cell at its top left.
struct Window {
    area: Rect,
    pan: (i32, i32),
}

impl Window {
    /// The screen cell of canvas cell (`x`, `y`), if in view.
    fn cell(&self, x: i32, y: i32) -> Option<(u16, u16)> {
        let (sx, sy) = (x - self.pan.0, y - self.pan.1);
        (sx >= 0 && sy >= 0 && sx < i32::from(self.area.width) && sy < i32::from(self.area.height))
            .then(|| (self.area.x + sx as u16, self.area.y + sy as u16))
    }

    fn put(&self, buf: &mut Buffer, x: i32, y: i32, text: &str, style: Style) {
        for (i, ch) in text.chars().enumerate() {
            if let Some(pos) = self.cell(x + i as i32, y) {
                buf[pos].set_char(ch).set_style(style);
            }
        }
    }

    fn sees(&self, left: i32, top: i32, right: i32, bottom: i32) -> bool {
        right >= self.pan.0
            && bottom >= self.pan.1
            && left < self.pan.0 + i32::from(self.area.width)
            && top < self.pan.1 + i32::from(self.area.height)
    }
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let flow = model.execution.flow();
    let Some(layout) = model.canvas.layout(flow) else {
        // A large flow's canvas is being laid out: the outline meanwhile.
        return crate::tui::flow::view::draw(frame, area, model, theme);
    };
    let pan = model.canvas.pan;
    let extra = format!(
        "{} widgets · {} · {},{} of {}×{}{}",
        flow.widgets.len(),
        layout.zoom.name(),
        pan.0,
        pan.1,
        layout.width,
        layout.height,
        if model.canvas.follow {
            " · follow"
        } else {
            ""
        }
    );
    let frame_block = block(model, Pane::Graph, &extra, theme, frame.area());
    let inner = frame_block.inner(area);
    frame_block.render(area, frame.buffer_mut());
    // A flow narrower than the pane is drawn in its middle, not at its left edge.
    let spare = i32::from(inner.width) - layout.width;
    let pan = if spare > 1 {
        (-(spare / 2), pan.1)
    } else {
        pan
    };
    let window = Window { area: inner, pan };
    let buf = frame.buffer_mut();
    let marks = Marks {
        taken: taken(model, &layout),
        walked: model.canvas.walk.map(|walk| walk.edge),
        selected: model.selected_widget(),
    };
    draw_edges(buf, &window, &layout, marks, theme);
    for b in &layout.boxes {
        if window.sees(b.x, b.y, b.right(), b.bottom()) {
            draw_box(buf, &window, model, &layout, b, marks, theme);
        }
    }
}

/// The edges drawn apart from the others, found once a frame.
#[derive(Clone, Copy)]
struct Marks {
    /// The edge the last step took.
    taken: Option<usize>,
    /// The edge being walked with `]` / `[`.
    walked: Option<usize>,
    /// The selected widget: its edges in and out are followed by eye.
    selected: Option<usize>,
}

/// How an edge is drawn, the strongest first.
const WALKED: u8 = 3;
const TAKEN: u8 = 2;
const SELECTED: u8 = 1;

impl Marks {
    /// [`WALKED`] for the edge being walked, [`TAKEN`] for the one the last step took,
    /// [`SELECTED`] for the selected widget's edges, 0 for any other.
    fn of(self, layout: &Layout, edge: Option<usize>) -> u8 {
        let Some(e) = edge else { return 0 };
        let touches = |w: Option<usize>| {
            w.is_some_and(|w| layout.edges[e].widget == w || layout.edges[e].target == w)
        };
        match edge {
            _ if edge == self.walked => WALKED,
            _ if edge == self.taken => TAKEN,
            _ if touches(self.selected) => SELECTED,
            _ => 0,
        }
    }
}

/// The edge the last step took, as an index into the layout's edges.
fn taken(model: &Model, layout: &Layout) -> Option<usize> {
    let step = model.execution.steps().last()?;
    let flow = model.execution.flow();
    let from = flow.index_of(&step.transitioned_from)?;
    let to = flow.index_of(&step.transitioned_to)?;
    layout.edges.iter().position(|e| {
        e.widget == from
            && e.target == to
            && flow.widgets[from].transitions[e.transition].event == step.name
    })
}

fn draw_edges(buf: &mut Buffer, window: &Window, layout: &Layout, marks: Marks, theme: Theme) {
    let (w, h) = (window.area.width as usize, window.area.height as usize);
    // Lines of every edge through a cell are merged, except where exactly two cross at right
    // angles: there the vertical runs through and the horizontal is broken around it, so a
    // crossing never reads as a join.
    let mut bits = vec![0u8; w * h];
    let mut style = vec![0u8; w * h];
    let mut uses = vec![0u8; w * h];
    let mut straight = vec![0u8; w * h];
    let mut vertical_mark = vec![0u8; w * h];
    let mut arrows = Vec::new();
    for (index, e) in layout.edges.iter().enumerate() {
        let (l, t, r, b) = e.bounds;
        if e.cells.is_empty() || !window.sees(l, t, r, b) {
            continue;
        }
        let mark = marks.of(layout, Some(index));
        for (k, &(x, y)) in e.cells.iter().enumerate() {
            let Some((sx, sy)) = window.cell(x, y) else {
                continue;
            };
            let i = (sy - window.area.y) as usize * w + (sx - window.area.x) as usize;
            let mut b = if k == 0 {
                UP
            } else {
                toward((x, y), e.cells[k - 1])
            };
            if let Some(&next) = e.cells.get(k + 1) {
                b |= toward((x, y), next);
            }
            bits[i] |= b;
            style[i] = style[i].max(mark);
            uses[i] = uses[i].saturating_add(1);
            if b == UP | DOWN {
                straight[i] |= 1;
                vertical_mark[i] = mark;
            } else if b == LEFT | RIGHT {
                straight[i] |= 2;
            }
            if k + 1 == e.cells.len() {
                let head = match k.checked_sub(1).map(|j| e.cells[j]) {
                    Some((before, _)) if before < x => "▶",
                    Some((before, _)) if before > x => "◀",
                    _ => "▼",
                };
                arrows.push((x, y, head, mark));
            }
        }
    }
    for (i, &b) in bits.iter().enumerate() {
        if b == 0 {
            continue;
        }
        let (sx, sy) = (
            window.area.x + (i % w) as u16,
            window.area.y + (i / w) as u16,
        );
        let (ch, mark) = if uses[i] == 2 && straight[i] == 3 {
            ('│', vertical_mark[i])
        } else {
            (line_char(b), style[i])
        };
        buf[(sx, sy)]
            .set_char(ch)
            .set_style(edge_style(mark, theme));
    }
    for (x, y, head, mark) in arrows {
        window.put(buf, x, y, head, edge_style(mark, theme));
    }
}

/// Without colour the walked edge is reversed and the selection's bold, so each still shows.
fn edge_style(mark: u8, theme: Theme) -> Style {
    match mark {
        WALKED => theme.selected().patch(theme.bold()),
        TAKEN => theme.bold().patch(theme.fg(Color::Yellow)),
        SELECTED => theme.bold().patch(theme.fg(Color::Cyan)),
        _ => theme.dim(),
    }
}

fn draw_box(
    buf: &mut Buffer,
    window: &Window,
    model: &Model,
    layout: &Layout,
    b: &Placed,
    marks: Marks,
    theme: Theme,
) {
    let flow = model.execution.flow();
    let widget = &flow.widgets[b.widget];
    let selected = model.selected_widget() == Some(b.widget);
    let current = model.execution.current() == Some(widget.name.as_str())
        && !model.execution.status().is_final();
    let markers = format!(
        "{}{}",
        if current { '▶' } else { ' ' },
        if model.breakpoints.contains(&widget.name) {
            '●'
        } else {
            ' '
        }
    );
    let finding = match crate::check::for_widget(&model.findings, &widget.name)
        .map(|f| f.severity)
        .min()
    {
        Some(crate::check::Severity::Error) => " !",
        Some(crate::check::Severity::Warning) => " ?",
        _ => "",
    };
    let runs = model.execution.runs(&widget.name);
    let covered = model.coverage.as_ref().map(|c| &c[b.widget]);
    let runs = if runs > 0 {
        format!("×{runs}")
    } else if covered.is_some_and(|c| c.0 == 0) {
        // No scenario ran it (`--coverage`).
        "untested".to_string()
    } else {
        String::new()
    };
    let runs_style = if runs.starts_with('×') {
        theme.fg(Color::Green)
    } else {
        theme.fg(Color::Red).patch(theme.bold())
    };
    let mut name_style = theme.bold();
    if current {
        name_style = name_style
            .patch(theme.fg(Color::Yellow))
            .add_modifier(Modifier::UNDERLINED);
    }
    if selected {
        name_style = name_style.patch(theme.selected());
    }
    let border = if selected {
        theme.bold().patch(theme.fg(Color::Cyan))
    } else {
        Style::default()
    };
    let inner = (b.w - 2).max(0) as usize;
    match layout.zoom {
        Zoom::Full => {
            let (h, v, corners) = if selected {
                ('━', '┃', ['┏', '┓', '┗', '┛', '┳'])
            } else {
                ('─', '│', ['┌', '┐', '└', '┘', '┬'])
            };
            let rule: String = std::iter::repeat_n(h, inner).collect();
            window.put(
                buf,
                b.x,
                b.y,
                &format!("{}{rule}{}", corners[0], corners[1]),
                border,
            );
            let mut bottom: Vec<char> = format!("{}{rule}{}", corners[2], corners[3])
                .chars()
                .collect();
            for p in &b.ports {
                bottom[p.x as usize] = corners[4];
            }
            window.put(
                buf,
                b.x,
                b.y + 3,
                &bottom.into_iter().collect::<String>(),
                border,
            );
            for row in 1..3 {
                window.put(buf, b.x, b.y + row, &v.to_string(), border);
                window.put(buf, b.right() - 1, b.y + row, &v.to_string(), border);
                window.put(
                    buf,
                    b.x + 1,
                    b.y + row,
                    &" ".repeat(inner),
                    Style::default(),
                );
            }
            window.put(buf, b.x + 1, b.y + 1, &markers, theme.fg(Color::Red));
            let name =
                crate::words::cut_middle(&widget.name, inner.saturating_sub(2 + finding.len()));
            window.put(buf, b.x + 3, b.y + 1, &name, name_style);
            let at = b.x + 3 + name.chars().count() as i32;
            window.put(buf, at, b.y + 1, finding, finding_style(finding, theme));
            let kind = crate::tui::theme::clip(
                widget.kind.as_str(),
                inner.saturating_sub(2 + runs.chars().count()),
            );
            window.put(buf, b.x + 1, b.y + 2, &kind, theme.dim());
            let at = b.right() - 1 - runs.chars().count() as i32;
            window.put(buf, at, b.y + 2, &runs, runs_style);
        }
        Zoom::Compact => {
            window.put(buf, b.x, b.y, "[", border);
            window.put(buf, b.right() - 1, b.y, "]", border);
            window.put(buf, b.x + 1, b.y, &" ".repeat(inner), Style::default());
            window.put(buf, b.x + 1, b.y, &markers, theme.fg(Color::Red));
            let room = inner.saturating_sub(2 + finding.len() + runs.chars().count());
            let name = crate::words::cut_middle(&widget.name, room);
            window.put(buf, b.x + 3, b.y, &name, name_style);
            let at = b.x + 3 + name.chars().count() as i32;
            window.put(buf, at, b.y, finding, finding_style(finding, theme));
            let at = b.right() - 1 - runs.chars().count() as i32;
            window.put(buf, at, b.y, &runs, runs_style);
        }
    }
    let never: Vec<usize> = covered
        .map(|c| {
            c.1.iter()
                .enumerate()
                .filter(|(_, n)| **n == Some(0))
                .map(|(t, _)| t)
                .collect()
        })
        .unwrap_or_default();
    draw_ports(buf, window, layout, b, marks, &never, theme);
}

fn finding_style(finding: &str, theme: Theme) -> Style {
    let color = if finding == " !" {
        Color::Red
    } else {
        Color::Yellow
    };
    theme.fg(color).patch(theme.bold())
}

/// The label row under a box: each connected transition's line and label; the one the last
/// step took marked `•` and bold, the one being walked reversed, those no scenario took
/// (`never`, by transition, from `--coverage`) `✗`.
fn draw_ports(
    buf: &mut Buffer,
    window: &Window,
    layout: &Layout,
    b: &Placed,
    marks: Marks,
    never: &[usize],
    theme: Theme,
) {
    if b.ports.is_empty() {
        return;
    }
    let row = b.bottom() - 1;
    window.put(buf, b.x, row, &" ".repeat(b.w as usize), Style::default());
    for p in &b.ports {
        let mark = marks.of(layout, p.edge);
        let (line, style) = match mark {
            TAKEN => ("•", edge_style(TAKEN, theme)),
            0 if never.contains(&p.transition) => ("✗", theme.fg(Color::Red)),
            0 => ("│", theme.dim()),
            other => ("│", edge_style(other, theme)),
        };
        window.put(buf, b.x + p.x, row, line, style);
        let label_style = if mark > 0 {
            theme.bold()
        } else {
            Style::default()
        };
        window.put(buf, b.x + p.x + 1, row, &p.label, label_style);
        if p.edge.is_some_and(|e| layout.edges[e].back) {
            // A loop back up: the label says so where there is room.
            let end = b.x + p.x + 1 + p.label.chars().count() as i32;
            let free = b.ports.iter().all(|q| b.x + q.x != end) && end < b.right();
            if free {
                window.put(buf, end, row, "↑", theme.fg(Color::Magenta));
            }
        }
    }
}
