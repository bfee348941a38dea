//! Colours and styles. The default theme uses only the 16 ANSI colours, so it works over SSH,
//! in tmux and without truecolor; with `NO_COLOR` set, highlighting falls back to
//! bold/underline/reverse.

use crate::report::FigureKind;
use ratatui::style::{Color, Modifier, Style};

/// Every style the reader uses.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Border of the focused pane.
    pub focus_border: Style,
    /// Border of other panes.
    pub border: Style,
    /// The selected row of a list.
    pub selected: Style,
    /// Headings in the content pane.
    pub heading: Style,
    /// Inline points `一是` `二是`.
    pub point: Style,
    /// Search matches.
    pub search: Style,
    /// The current search match or chosen figure.
    pub current: Style,
    /// Quiet text: hints, dates, counts.
    pub dim: Style,
    /// The status line.
    pub status: Style,
    /// Messages in the status line.
    pub message: Style,
    /// Matched characters in palette results.
    pub matched: Style,
    /// The paragraph cursor in the gutter.
    pub cursor: Style,
    /// Note markers in the gutter.
    pub note: Style,
    count: Style,
    percent: Style,
    money: Style,
    quantity: Style,
    date: Style,
}

impl Theme {
    /// The theme for this environment: colour unless `NO_COLOR` is set (to anything).
    pub fn from_env() -> Theme {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            Theme::monochrome()
        } else {
            Theme::color()
        }
    }

    /// 16-colour theme.
    pub fn color() -> Theme {
        let b = Style::default();
        Theme {
            focus_border: b.fg(Color::Cyan),
            border: b.fg(Color::DarkGray),
            selected: b
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            heading: b.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            point: b.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            search: b.bg(Color::Yellow).fg(Color::Black),
            current: b
                .bg(Color::Magenta)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            dim: b.fg(Color::DarkGray),
            status: b.bg(Color::Blue).fg(Color::White),
            message: b.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            matched: b
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            cursor: b.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            note: b.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            count: b.fg(Color::LightGreen).add_modifier(Modifier::BOLD),
            percent: b.fg(Color::LightMagenta).add_modifier(Modifier::BOLD),
            money: b.fg(Color::LightYellow).add_modifier(Modifier::BOLD),
            quantity: b.fg(Color::LightBlue).add_modifier(Modifier::BOLD),
            date: b.fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
        }
    }

    /// No colours at all: emphasis by modifiers only.
    pub fn monochrome() -> Theme {
        let b = Style::default();
        let bold = b.add_modifier(Modifier::BOLD);
        Theme {
            focus_border: bold,
            border: b,
            selected: b.add_modifier(Modifier::REVERSED),
            heading: bold,
            point: bold,
            search: b.add_modifier(Modifier::REVERSED),
            current: b.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            dim: b,
            status: b.add_modifier(Modifier::REVERSED),
            message: bold,
            matched: b.add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            cursor: bold,
            note: bold,
            count: b.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            percent: b.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            money: b.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            quantity: b.add_modifier(Modifier::UNDERLINED),
            date: b.add_modifier(Modifier::ITALIC),
        }
    }

    /// Does this theme use colour (false under `NO_COLOR`)? Charts need it to be legible.
    pub fn colored(&self) -> bool {
        self.count.fg.is_some()
    }

    /// The style of a figure of this kind.
    pub fn figure(&self, kind: FigureKind) -> Style {
        match kind {
            FigureKind::Count => self.count,
            FigureKind::Percent => self.percent,
            FigureKind::Money => self.money,
            FigureKind::Quantity => self.quantity,
            FigureKind::Date => self.date,
        }
    }
}
