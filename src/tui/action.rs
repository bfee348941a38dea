//! Every user intent, named once.
//!
//! Keys, the palette and the help overlay all speak in [`Action`]s: a keymap turns a key
//! into an action, the app's `update` turns an action into a state change. The action's
//! [`name`](Action::name) is what keymap files write; its descriptions are what help shows.

use serde::{Deserialize, Serialize};

/// Where the help overlay lists an action: one heading per group, in [`Group::ALL`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// Moving the cursor or the view.
    Move,
    /// Focusing, opening and showing panes.
    Panes,
    /// Stepping through a report's sections and figures.
    SectionsAndFigures,
    /// Searching and the palette.
    Search,
    /// Comparing topics across reports.
    Topics,
    /// The user's notes.
    Notes,
    /// Help, copying, cancelling and quitting.
    App,
}

impl Group {
    /// All groups, in the order the help overlay shows them.
    pub const ALL: &'static [Group] = &[
        Group::Move,
        Group::Panes,
        Group::SectionsAndFigures,
        Group::Search,
        Group::Topics,
        Group::Notes,
        Group::App,
    ];

    /// The English heading, e.g. `"Sections & figures"`.
    pub fn title(self) -> &'static str {
        match self {
            Group::Move => "Move",
            Group::Panes => "Panes",
            Group::SectionsAndFigures => "Sections & figures",
            Group::Search => "Search",
            Group::Topics => "Topics",
            Group::Notes => "Notes",
            Group::App => "App",
        }
    }

    /// The Chinese heading, e.g. `"章节与数据"`.
    pub fn title_zh(self) -> &'static str {
        match self {
            Group::Move => "移动",
            Group::Panes => "窗格",
            Group::SectionsAndFigures => "章节与数据",
            Group::Search => "搜索",
            Group::Topics => "主题",
            Group::Notes => "笔记",
            Group::App => "应用",
        }
    }
}

// One table drives the enum, `ALL`, the names and both descriptions, so adding an action
// cannot forget one of them. The English description doubles as the variant's doc comment.
// Rows are in help order, group by group (a unit test keeps it so).
macro_rules! actions {
    ($($variant:ident => $name:literal, $group:ident, $en:literal, $zh:literal;)*) => {
        /// A thing the user can ask for. Serialised as its snake_case [`name`](Action::name).
        ///
        /// The derived order is the order of [`Action::ALL`]: by [`Group`], as help lists
        /// actions.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum Action {
            $(
                #[doc = $en]
                $variant,
            )*
        }

        impl Action {
            /// Every action, in help order.
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];

            /// The snake_case name keymap files use, e.g. `"prev_pane"`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }

            /// What the action does, in English, for help and the palette.
            pub fn description(self) -> &'static str {
                match self {
                    $(Action::$variant => $en,)*
                }
            }

            /// What the action does, in Chinese, for help and the palette.
            pub fn description_zh(self) -> &'static str {
                match self {
                    $(Action::$variant => $zh,)*
                }
            }

            /// The help overlay heading the action is listed under.
            pub fn group(self) -> Group {
                match self {
                    $(Action::$variant => Group::$group,)*
                }
            }
        }
    };
}

actions! {
    Up => "up", Move, "Move up", "向上移动";
    Down => "down", Move, "Move down", "向下移动";
    Left => "left", Move, "Move left", "向左移动";
    Right => "right", Move, "Move right", "向右移动";
    PageUp => "page_up", Move, "Scroll up a page", "向上翻页";
    PageDown => "page_down", Move, "Scroll down a page", "向下翻页";
    HalfPageDown => "half_page_down", Move, "Scroll down half a page", "向下翻半页";
    HalfPageUp => "half_page_up", Move, "Scroll up half a page", "向上翻半页";
    Top => "top", Move, "Go to the top", "跳到开头";
    Bottom => "bottom", Move, "Go to the bottom", "跳到末尾";
    JumpBack => "jump_back", Move, "Jump back to where you were", "跳回上一个位置";
    JumpForward => "jump_forward", Move, "Jump forward again", "再跳到下一个位置";
    NextPane => "next_pane", Panes, "Focus the next pane", "切换到下一个窗格";
    PrevPane => "prev_pane", Panes, "Focus the previous pane", "切换到上一个窗格";
    Open => "open", Panes, "Open or expand the selected item", "打开或展开所选项";
    Collapse => "collapse", Panes, "Collapse the selected item", "折叠所选项";
    ToggleReports => "toggle_reports", Panes, "Show or hide the reports pane", "显示或隐藏报告列表";
    ToggleOutline => "toggle_outline", Panes, "Show or hide the outline pane", "显示或隐藏目录";
    ToggleFigures => "toggle_figures", Panes, "Show or hide the figures pane", "显示或隐藏数据窗格";
    ToggleNotes => "toggle_notes", Panes, "Show or hide the notes pane", "显示或隐藏笔记窗格";
    NextSection => "next_section", SectionsAndFigures, "Next section", "下一节";
    PrevSection => "prev_section", SectionsAndFigures, "Previous section", "上一节";
    NextFigure => "next_figure", SectionsAndFigures, "Next figure", "下一个数据";
    PrevFigure => "prev_figure", SectionsAndFigures, "Previous figure", "上一个数据";
    Search => "search", Search, "Search this report", "在本报告中搜索";
    SearchNext => "search_next", Search, "Next match", "下一个匹配";
    SearchPrev => "search_prev", Search, "Previous match", "上一个匹配";
    SearchEverywhere => "search_everywhere", Search, "Search all reports", "搜索全部报告";
    Palette => "palette", Search, "Open the palette", "打开命令面板";
    TogglePaletteScope => "toggle_palette_scope", Search,
        "Switch the palette between this report and all reports",
        "切换命令面板范围（本报告／全部报告）";
    ToggleRegex => "toggle_regex", Search,
        "Switch search everywhere between text and regular expression",
        "切换全局搜索（文字／正则表达式）";
    TopicView => "topic_view", Topics, "Compare a topic across reports", "按主题对比各报告";
    Compare => "compare", Topics,
        "Compare this report with another, side by side", "与另一份报告并排对比";
    History => "history", Topics, "This district's figures year by year", "本区历年数据";
    ToggleTable => "toggle_table", Topics,
        "Switch the topic view between list and table", "主题视图在列表与表格之间切换";
    SortColumn => "sort_column", Topics,
        "Sort the table by the selected column (again: reverse)", "按所选列排序（再按反向）";
    ExportTable => "export_table", Topics,
        "Write the table to a file (.csv or .md)", "将表格写入文件（.csv 或 .md）";
    Annotate => "annotate", Notes, "Add a note to the selection", "为所选内容添加笔记";
    EditNote => "edit_note", Notes, "Edit the selected note", "编辑所选笔记";
    DeleteNote => "delete_note", Notes, "Delete the selected note", "删除所选笔记";
    AllNotes => "all_notes", Notes, "List all notes", "查看全部笔记";
    Save => "save", Notes, "Save the note", "保存笔记";
    Copy => "copy", App, "Copy the selection", "复制所选内容";
    Help => "help", App, "Show the keys", "显示按键帮助";
    Redraw => "redraw", App, "Redraw the screen", "重绘屏幕";
    Yes => "yes", App, "Answer yes", "回答“是”";
    No => "no", App, "Answer no", "回答“否”";
    Cancel => "cancel", App, "Cancel or close the popup", "取消或关闭弹窗";
    Quit => "quit", App, "Quit fazhi", "退出";
}

impl Action {
    /// The action a keymap file names, e.g. `"prev_pane"` → [`Action::PrevPane`].
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_serde_names() {
        for &action in Action::ALL {
            let json = serde_json::to_string(&action).unwrap();
            assert_eq!(json, format!("\"{}\"", action.name()));
            assert_eq!(Action::from_name(action.name()), Some(action));
        }
    }

    #[test]
    fn all_is_in_declaration_order_grouped_as_help_shows_it() {
        assert!(Action::ALL.windows(2).all(|w| w[0] < w[1]));
        assert!(Action::ALL.windows(2).all(|w| w[0].group() <= w[1].group()));
        for &group in Group::ALL {
            assert!(Action::ALL.iter().any(|a| a.group() == group), "{group:?}");
        }
    }
}
