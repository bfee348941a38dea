//! The UI's language: Chinese when the locale says so, English otherwise.

use super::action::Action;

/// UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// 中文.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// From `LC_ALL`, `LC_MESSAGES` or `LANG`: Chinese when the first one set starts with `zh`.
    pub fn from_env() -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
            .unwrap_or_default();
        Lang::from_locale(&locale)
    }

    /// `zh_CN.UTF-8` → Chinese; anything else → English.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// Pane titles.
    pub fn reports(self) -> &'static str {
        self.pick("报告", "Reports")
    }
    /// Pane title.
    pub fn outline(self) -> &'static str {
        self.pick("目录", "Outline")
    }
    /// Pane title.
    pub fn figures(self) -> &'static str {
        self.pick("数据", "Figures")
    }
    /// Pane title.
    pub fn help(self) -> &'static str {
        self.pick("按键", "Keys")
    }
    /// The preamble's row in the outline.
    pub fn preamble(self) -> &'static str {
        self.pick("（导语）", "(opening)")
    }
    /// Shown when a section has no figures.
    pub fn no_figures(self) -> &'static str {
        self.pick("本节没有数据", "No figures in this section")
    }
    /// Shown with an empty library.
    pub fn empty_library(self) -> &'static str {
        self.pick(
            "没有报告。用 --library DIR 打开报告目录。",
            "No reports. Open a folder with --library DIR.",
        )
    }
    /// Help footer.
    pub fn help_footer(self) -> &'static str {
        self.pick("j/k 滚动 · 任意键关闭", "j/k scroll · any other key closes")
    }
    /// Search prompt hint.
    pub fn search_hint(self) -> &'static str {
        self.pick("Enter 确认 · Esc 取消", "Enter keep · Esc cancel")
    }
    /// `N matches`.
    pub fn matches(self, current: Option<usize>, n: usize) -> String {
        match (self, current) {
            (Lang::Zh, Some(c)) => format!("第 {}/{} 处", c + 1, n),
            (Lang::Zh, None) => format!("{n} 处匹配"),
            (Lang::En, Some(c)) => format!("match {}/{}", c + 1, n),
            (Lang::En, None) => format!("{n} matches"),
        }
    }
    /// No match for a query.
    pub fn no_matches(self, q: &str) -> String {
        match self {
            Lang::Zh => format!("未找到“{q}”"),
            Lang::En => format!("no match for \"{q}\""),
        }
    }
    /// n/N without a search.
    pub fn no_search(self) -> String {
        self.pick("还没有搜索：按 / 开始", "no search yet: press / to start")
            .into()
    }
    /// After the last figure.
    pub fn no_more_figures(self) -> String {
        self.pick("没有更多数据了", "no more figures").into()
    }
    /// After a copy.
    pub fn copied(self, chars: usize) -> String {
        match self {
            Lang::Zh => format!("已复制段落及出处（{chars} 字）"),
            Lang::En => format!("copied the paragraph with its citation ({chars} chars)"),
        }
    }
    /// Nothing under the cursor.
    pub fn nothing_to_copy(self) -> String {
        self.pick("没有可复制的内容", "nothing to copy").into()
    }
    /// An action this build does not do yet.
    pub fn not_yet(self, action: Action) -> String {
        match self {
            Lang::Zh => format!("“{}”尚未实现", action.description_zh()),
            Lang::En => format!("\"{}\" is not available yet", action.description()),
        }
    }
    /// Position in the report.
    pub fn position(self, block: usize, blocks: usize) -> String {
        let pct = if blocks <= 1 {
            100
        } else {
            block * 100 / (blocks - 1)
        };
        match self {
            Lang::Zh => format!("第 {}/{} 段 {pct}%", block + 1, blocks),
            Lang::En => format!("¶ {}/{} {pct}%", block + 1, blocks),
        }
    }
    /// Action description in this language.
    pub fn describe(self, action: Action) -> &'static str {
        match self {
            Lang::Zh => action.description_zh(),
            Lang::En => action.description(),
        }
    }
    /// Group title in this language.
    pub fn group(self, g: super::action::Group) -> &'static str {
        match self {
            Lang::Zh => g.title_zh(),
            Lang::En => g.title(),
        }
    }
    /// Short hint words for the status line.
    pub fn hint(self, action: Action) -> &'static str {
        match (self, action) {
            (Lang::Zh, Action::Help) => "帮助",
            (Lang::Zh, Action::Search) => "搜索",
            (Lang::Zh, Action::NextSection) => "下一节",
            (Lang::Zh, Action::NextFigure) => "下一数据",
            (Lang::Zh, Action::Open) => "打开",
            (Lang::Zh, Action::NextPane) => "窗格",
            (Lang::Zh, Action::Copy) => "复制",
            (Lang::Zh, Action::ToggleReports) => "报告",
            (Lang::Zh, Action::Quit) => "退出",
            (Lang::En, Action::Help) => "help",
            (Lang::En, Action::Search) => "search",
            (Lang::En, Action::NextSection) => "section",
            (Lang::En, Action::NextFigure) => "figure",
            (Lang::En, Action::Open) => "open",
            (Lang::En, Action::NextPane) => "pane",
            (Lang::En, Action::Copy) => "copy",
            (Lang::En, Action::ToggleReports) => "reports",
            (Lang::En, Action::Quit) => "quit",
            (_, a) => a.name(),
        }
    }
}
