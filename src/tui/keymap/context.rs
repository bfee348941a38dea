//! Where a key is pressed: each context has its own bindings, as yazi's keymap has
//! `[manager]`, `[input]` and `[help]`.

use crate::tui::action::Action;

/// What has the keys when one is pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// Reading: the panes (`[normal]`; `[keys]` is read as the same section).
    Normal,
    /// Typing a search in the status line (`[search]`).
    Search,
    /// A list with a query line: the palette, search everywhere, all notes (`[palette]`).
    Palette,
    /// A list without one: the topic view, a note in full (`[list]`).
    List,
    /// The note editor (`[editor]`).
    Editor,
    /// A yes/no question (`[confirm]`).
    Confirm,
    /// The help overlay (`[help]`).
    Help,
}

impl Context {
    /// Every context, in the order help lists them.
    pub const ALL: &'static [Context] = &[
        Context::Normal,
        Context::Search,
        Context::Palette,
        Context::List,
        Context::Editor,
        Context::Confirm,
        Context::Help,
    ];

    /// The section name keymap files use, e.g. `"palette"`.
    pub fn name(self) -> &'static str {
        match self {
            Context::Normal => "normal",
            Context::Search => "search",
            Context::Palette => "palette",
            Context::List => "list",
            Context::Editor => "editor",
            Context::Confirm => "confirm",
            Context::Help => "help",
        }
    }

    /// The English heading in help.
    pub fn title(self) -> &'static str {
        match self {
            Context::Normal => "Reading",
            Context::Search => "Typing a search",
            Context::Palette => "Palette, search everywhere, all notes",
            Context::List => "Topic view, a note in full",
            Context::Editor => "Note editor",
            Context::Confirm => "Questions",
            Context::Help => "This help",
        }
    }

    /// The Chinese heading in help.
    pub fn title_zh(self) -> &'static str {
        match self {
            Context::Normal => "阅读",
            Context::Search => "输入搜索词",
            Context::Palette => "命令面板、全局搜索、全部笔记",
            Context::List => "主题视图、笔记全文",
            Context::Editor => "笔记编辑器",
            Context::Confirm => "确认",
            Context::Help => "帮助",
        }
    }

    /// Does `action` do anything here? A keymap that binds an action where it means
    /// nothing is refused, so that a binding is never silently dead.
    pub fn allows(self, action: Action) -> bool {
        use Action::*;
        let moves = matches!(
            action,
            Up | Down | PageUp | PageDown | HalfPageUp | HalfPageDown | Top | Bottom
        );
        match self {
            Context::Normal => !matches!(action, Save | Yes | No | ToggleRegex),
            Context::Search => matches!(action, Open | Cancel | Redraw),
            Context::Palette => {
                moves
                    || matches!(
                        action,
                        Open | Cancel | Redraw | TogglePaletteScope | ToggleRegex
                    )
            }
            Context::List => {
                moves || matches!(action, Open | Cancel | Redraw | TopicView | ToggleTable)
            }
            Context::Editor => matches!(action, Save | Cancel | Redraw),
            Context::Confirm => matches!(action, Yes | No | Cancel | Redraw),
            // Help's length is not known until it is drawn, so there is no bottom to go to.
            Context::Help => {
                (moves && action != Bottom) || matches!(action, Cancel | Quit | Redraw)
            }
        }
    }
}
