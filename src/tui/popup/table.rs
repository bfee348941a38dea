//! A figure table in the reader: one topic across reports (the topic view's table mode), or
//! one district across years. Rows are reports, columns are figure labels; a column is
//! selected, sorted and charted.

use super::{Reply, TopicView};
use crate::compare::FigureTable;
use crate::report::Report;
use crate::tui::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_textarea::TextArea;

/// A figure table with a selected row and column.
pub struct TableView {
    /// `行政复议` or `文登区`.
    pub title: String,
    /// The table.
    pub table: FigureTable,
    /// Selected row.
    pub cursor: usize,
    /// Selected column.
    pub column: usize,
    /// The column the rows are sorted by and whether ascending.
    pub sorted: Option<(usize, bool)>,
    /// The path being typed for an export, when one is.
    pub export: Option<TextArea<'static>>,
    /// The topic list this table toggles back to (none for a district's years).
    pub back: Option<Box<TopicView>>,
    /// The rows are one district's years, oldest first: the selected column is followed by
    /// its change from one year to the next.
    pub years: bool,
}

impl TableView {
    /// A topic's table, toggling back to its list, with the first row and column selected.
    pub fn topic(title: String, table: FigureTable, back: Box<TopicView>) -> TableView {
        TableView::with(title, table, Some(back), false)
    }

    /// One district's years (oldest first), with the first row and column selected.
    pub fn years(title: String, table: FigureTable) -> TableView {
        TableView::with(title, table, None, true)
    }

    fn with(
        title: String,
        table: FigureTable,
        back: Option<Box<TopicView>>,
        years: bool,
    ) -> TableView {
        TableView {
            title,
            table,
            cursor: 0,
            column: 0,
            sorted: None,
            export: None,
            back,
            years,
        }
    }

    /// The section Enter opens the selected row's report at: the one stating the selected
    /// column's figure, else any figure of the row, else (in a topic's table) the report's
    /// first section on the topic.
    pub fn section(&self, report: &Report) -> Option<usize> {
        let row = self.table.rows.get(self.cursor)?;
        let selected = row.cells.get(self.column).into_iter().flatten();
        let stated = selected.chain(row.cells.iter().flatten());
        if let Some(s) = stated.filter_map(|p| report.find_path(&p.section)).next() {
            return Some(s);
        }
        let topic_row = self
            .back
            .as_ref()?
            .rows
            .iter()
            .find(|t| t.report == row.report)?;
        topic_row.sections.first().map(|s| s.section)
    }

    /// Sort by the selected column, largest first; again on the same column reverses.
    pub fn sort(&mut self) {
        let ascending = match self.sorted {
            Some((c, asc)) if c == self.column => !asc,
            _ => false,
        };
        self.table.sort_by(self.column, ascending);
        self.sorted = Some((self.column, ascending));
    }

    /// A key while the table is open (`action` is what the keymap makes of it). While a path
    /// is typed, keys are text; `Enter` writes, `Esc` gives up.
    pub fn act(&mut self, action: Option<Action>, key: KeyEvent) -> Reply {
        if let Some(input) = &mut self.export {
            let ctrl_g = key.code == KeyCode::Char('g') && key.modifiers == KeyModifiers::CONTROL;
            return match key.code {
                KeyCode::Esc => {
                    self.export = None;
                    Reply::Stay
                }
                _ if ctrl_g => {
                    self.export = None;
                    Reply::Stay
                }
                KeyCode::Enter => {
                    let path = input.lines().join("").trim().to_string();
                    self.export = None;
                    if path.is_empty() {
                        Reply::Stay
                    } else {
                        Reply::ExportTable(path)
                    }
                }
                KeyCode::Char('m') if key.modifiers.contains(KeyModifiers::CONTROL) => Reply::Stay,
                _ => {
                    input.input(key);
                    Reply::Stay
                }
            };
        }
        let rows = self.table.rows.len();
        let last_col = self.table.columns.len().saturating_sub(1);
        match action {
            Some(Action::Cancel | Action::Quit) => Reply::Close,
            Some(Action::ToggleTable | Action::TopicView) => Reply::ToggleTable,
            Some(Action::Copy) => Reply::CopyTable,
            Some(Action::Open) => match self.table.rows.get(self.cursor) {
                Some(row) => Reply::OpenReport(row.report),
                None => Reply::Stay,
            },
            Some(a) => {
                let last_row = rows.saturating_sub(1);
                match a {
                    Action::Down => self.cursor = (self.cursor + 1).min(last_row),
                    Action::Up => self.cursor = self.cursor.saturating_sub(1),
                    Action::PageDown | Action::HalfPageDown => {
                        self.cursor = (self.cursor + 10).min(last_row)
                    }
                    Action::PageUp | Action::HalfPageUp => {
                        self.cursor = self.cursor.saturating_sub(10)
                    }
                    Action::Top => self.cursor = 0,
                    Action::Bottom => self.cursor = last_row,
                    Action::Right | Action::NextPane => {
                        self.column = (self.column + 1).min(last_col)
                    }
                    Action::Left | Action::PrevPane => self.column = self.column.saturating_sub(1),
                    Action::SortColumn => self.sort(),
                    Action::ExportTable => self.export = Some(TextArea::default()),
                    _ => {}
                }
                Reply::Stay
            }
            None => Reply::Stay,
        }
    }
}
