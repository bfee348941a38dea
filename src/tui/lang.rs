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

    pub(super) fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
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
    /// After the figures pane's count when the section is a plan for the year ahead.
    pub fn targets(self) -> &'static str {
        self.pick("计划目标", "targets")
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
    /// Shown instead of [`Lang::empty_library`] when files were found but none could be read.
    pub fn unreadable(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("没有可读的报告：{n} 个文件无法打开。"),
            Lang::En if n == 1 => "No readable reports: 1 file could not be opened.".into(),
            Lang::En => format!("No readable reports: {n} files could not be opened."),
        }
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
    /// The keymap file had problems and the default keymap is used; `first` is the first.
    pub fn keymap_not_used(self, count: usize, first: &str) -> String {
        match (self, count) {
            (Lang::Zh, 1) => format!("按键配置未使用，改用默认按键：{first}"),
            (Lang::Zh, n) => {
                format!("按键配置有 {n} 处问题，改用默认按键（退出后全部列出）：{first} …")
            }
            (Lang::En, 1) => format!("keymap not used, default keys instead: {first}"),
            (Lang::En, n) => format!(
                "keymap not used ({n} problems, all listed on quit), default keys instead: {first} …"
            ),
        }
    }
    /// The note view's keys.
    pub fn note_view_keys(self) -> &'static str {
        self.pick(
            "Enter 跳到原文 · Esc 关闭",
            "Enter go to its paragraph · Esc close",
        )
    }
    /// A keymap context's heading in help, in this language.
    pub fn context(self, c: super::keymap::Context) -> &'static str {
        match self {
            Lang::Zh => c.title_zh(),
            Lang::En => c.title(),
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
            (Lang::Zh, Action::Annotate) => "笔记",
            (Lang::Zh, Action::EditNote) => "编辑",
            (Lang::Zh, Action::DeleteNote) => "删除",
            (Lang::Zh, Action::AllNotes) => "全部笔记",
            (Lang::Zh, Action::Cancel) => "关闭",
            (Lang::Zh, Action::SortColumn) => "排序",
            (Lang::Zh, Action::ExportTable) => "导出",
            (Lang::En, Action::Help) => "help",
            (Lang::En, Action::Search) => "search",
            (Lang::En, Action::NextSection) => "section",
            (Lang::En, Action::NextFigure) => "figure",
            (Lang::En, Action::Open) => "open",
            (Lang::En, Action::NextPane) => "pane",
            (Lang::En, Action::Copy) => "copy",
            (Lang::En, Action::ToggleReports) => "reports",
            (Lang::En, Action::Quit) => "quit",
            (Lang::En, Action::Annotate) => "note",
            (Lang::En, Action::EditNote) => "edit",
            (Lang::En, Action::DeleteNote) => "delete",
            (Lang::En, Action::AllNotes) => "all notes",
            (Lang::En, Action::Cancel) => "close",
            (Lang::En, Action::SortColumn) => "sort",
            (Lang::En, Action::ExportTable) => "export",
            (_, a) => a.name(),
        }
    }

    /// Pane title.
    pub fn notes(self) -> &'static str {
        self.pick("笔记", "Notes")
    }
    /// Saving an empty note.
    pub fn empty_note(self) -> String {
        self.pick(
            "笔记是空的：写点什么再按 Ctrl-S",
            "the note is empty: write something, then Ctrl-S",
        )
        .into()
    }
    /// While the notes thread saves a note.
    pub fn saving_note(self) -> String {
        self.pick("正在保存笔记…", "saving the note…").into()
    }
    /// After saving.
    pub fn note_saved(self) -> String {
        self.pick("笔记已保存", "note saved").into()
    }
    /// After discarding.
    pub fn note_discarded(self) -> String {
        self.pick("已放弃未保存的笔记", "unsaved note discarded")
            .into()
    }
    /// After deleting.
    pub fn note_deleted(self) -> String {
        self.pick("笔记已删除", "note deleted").into()
    }
    /// Annotating a heading.
    pub fn annotate_where(self) -> String {
        self.pick(
            "把光标移到段落上再添加笔记",
            "put the cursor on a paragraph to annotate it",
        )
        .into()
    }
    /// No note under the cursor.
    pub fn no_note_here(self) -> String {
        self.pick("这里没有笔记", "no note here").into()
    }
    /// A note's report is not in the library.
    pub fn report_missing(self, id: &str) -> String {
        match self {
            Lang::Zh => format!("报告 {id} 不在当前报告库中"),
            Lang::En => format!("report {id} is not in this library"),
        }
    }
    /// Jumping to an orphan.
    pub fn orphan_note(self) -> String {
        self.pick(
            "这条笔记的段落已找不到（报告已修改），引文见笔记列表",
            "this note's paragraph is gone (the report changed); its quote is in the list",
        )
        .into()
    }
    /// Ask before deleting.
    pub fn confirm_delete(self, body: &str) -> String {
        let short: String = body.chars().take(30).collect();
        match self {
            Lang::Zh => format!("删除笔记“{short}”？(y/n)"),
            Lang::En => format!("Delete the note \"{short}\"? (y/n)"),
        }
    }
    /// Offer a draft back.
    pub fn restore_draft(self, text: &str) -> String {
        let short: String = text.chars().take(30).collect();
        match self {
            Lang::Zh => format!("上次有未保存的笔记草稿：“{short}”。恢复吗？(y/n)"),
            Lang::En => format!("An unsaved note draft was left: \"{short}\". Restore it? (y/n)"),
        }
    }
    /// Editor title and keys.
    pub fn editor_title(self) -> &'static str {
        self.pick(
            "笔记 · Ctrl-S 保存 · Esc 取消",
            "Note · Ctrl-S save · Esc cancel",
        )
    }
    /// Second Esc warning.
    pub fn discard_warning(self) -> &'static str {
        self.pick(
            "有未保存的修改：再按 Esc 放弃，Ctrl-S 保存",
            "unsaved changes: Esc again discards, Ctrl-S saves",
        )
    }
    /// All-notes title.
    pub fn all_notes_title(self) -> &'static str {
        self.pick(
            "全部笔记 · 输入筛选（#标签 @报告）· Enter 跳转",
            "All notes · type to filter (#tag @report) · Enter jumps",
        )
    }
    /// Orphan marker.
    pub fn orphan(self) -> &'static str {
        self.pick("无法定位", "orphan")
    }

    /// While a topic view is built in a large library.
    pub fn gathering(self, topic: &str, reports: usize) -> String {
        match self {
            Lang::Zh => format!("正在从{reports}份报告中汇总「{topic}」…"),
            Lang::En => format!("gathering {topic} from {reports} reports…"),
        }
    }
    /// While a topic view's table is built in a large library.
    pub fn tabling(self, topic: &str) -> String {
        match self {
            Lang::Zh => format!("正在制作「{topic}」的表格…"),
            Lang::En => format!("making the table of {topic}…"),
        }
    }
    /// `t` on an untagged section.
    pub fn no_topic(self) -> String {
        self.pick("本节没有标注主题", "this section has no topic")
            .into()
    }
    /// Palette title.
    pub fn palette_title(self, all: bool) -> &'static str {
        match (self, all) {
            (Lang::Zh, true) => "跳转 · 全部报告（Ctrl-T 仅本报告）· 汉字或拼音",
            (Lang::Zh, false) => "跳转 · 本报告（Ctrl-T 全部报告）· 汉字或拼音",
            (Lang::En, true) => "Go to · all reports (ctrl-t: this report) · characters or pinyin",
            (Lang::En, false) => "Go to · this report (ctrl-t: all reports) · characters or pinyin",
        }
    }
    /// Topic view title.
    pub fn topic_title(self, name: &str, covered: usize, total: usize) -> String {
        match self {
            Lang::Zh => {
                format!("主题：{name} · {covered}/{total} 份报告涉及 · Enter 跳转 · Esc 关闭")
            }
            Lang::En => format!(
                "Topic: {name} · in {covered} of {total} reports · Enter jumps · Esc closes"
            ),
        }
    }
    /// A report without the topic.
    pub fn not_covered(self) -> &'static str {
        self.pick("（未涉及）", "(not covered)")
    }
    /// Topic tags in the status line.
    pub fn topics_label(self) -> &'static str {
        self.pick("主题", "topics")
    }

    /// The kind column of a palette result.
    pub fn candidate_kind(self, kind: &crate::palette::CandidateKind) -> &'static str {
        use crate::palette::CandidateKind as K;
        match (self, kind) {
            (Lang::Zh, K::Topic(_)) => "主题 ",
            (Lang::Zh, K::Report(_)) => "报告 ",
            (Lang::Zh, K::Section { .. }) => "章节 ",
            (Lang::Zh, K::Figure { .. }) => "数据 ",
            (Lang::En, K::Topic(_)) => "topic   ",
            (Lang::En, K::Report(_)) => "report  ",
            (Lang::En, K::Section { .. }) => "section ",
            (Lang::En, K::Figure { .. }) => "figure  ",
        }
    }

    /// Search-everywhere title.
    pub fn everywhere_title(self, regex: bool) -> &'static str {
        match (self, regex) {
            (Lang::Zh, false) => "搜索全部报告 · 文字（Ctrl-R 正则）",
            (Lang::Zh, true) => "搜索全部报告 · 正则（Ctrl-R 文字）",
            (Lang::En, false) => "Search all reports · text (ctrl-r: regex)",
            (Lang::En, true) => "Search all reports · regex (ctrl-r: text)",
        }
    }
    /// `N matches`.
    pub fn match_count(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("{n} 处"),
            Lang::En => format!("{n} matches"),
        }
    }
    /// While a search runs.
    pub fn searching(self) -> &'static str {
        self.pick("搜索中…", "searching…")
    }
    /// While the palette's candidates are being built.
    pub fn indexing(self, reports: usize) -> String {
        match self {
            Lang::Zh => format!("正在为 {reports} 份报告建立索引…"),
            Lang::En => format!("indexing {reports} reports…"),
        }
    }
    /// While the library loads.
    pub fn loading(self, done: usize, total: usize) -> String {
        match self {
            Lang::Zh => format!("正在载入报告 {done}/{total}…"),
            Lang::En => format!("loading reports {done}/{total}…"),
        }
    }
}

/// The words of the compare views: side by side, the chooser, the figure tables.
impl Lang {
    /// An empty cell of the side-by-side view: `mine`, the report of its column, has no
    /// section facing the other's on this row.
    pub fn no_counterpart(self, mine: &str) -> String {
        match self {
            Lang::Zh => format!("— {mine} 无对应章节"),
            Lang::En => format!("— no matching section in {mine}"),
        }
    }
    /// `n` sections in a row of report `theirs` have none facing them in `mine`, shown alone.
    pub fn sections_unmatched(self, n: usize, theirs: &str, mine: &str) -> String {
        match self {
            Lang::Zh => format!("— {theirs} 另有 {n} 个章节在 {mine} 无对应"),
            Lang::En => format!("— {n} sections of {theirs} have no match in {mine}"),
        }
    }
    /// The library holds one report.
    pub fn nothing_to_compare(self) -> String {
        self.pick(
            "资料库中只有一份报告，无从对比",
            "only one report: nothing to compare with",
        )
        .into()
    }
    /// The chooser's title.
    pub fn choose_title(self, a: &str) -> String {
        match self {
            Lang::Zh => format!("将 {a} 与哪份报告对比？"),
            Lang::En => format!("Compare {a} with…"),
        }
    }
    /// Why a report is offered first.
    pub fn kin(self, kin: super::popup::compare::Kin) -> &'static str {
        use super::popup::compare::Kin;
        match kin {
            Kin::EarlierYear => self.pick("同区往年", "same district, earlier year"),
            Kin::Neighbour => self.pick("同市同年", "same prefecture, same year"),
            Kin::Other => "",
        }
    }
    /// The side-by-side view's title.
    pub fn compare_title(self, a: &str, b: &str) -> String {
        match self {
            Lang::Zh => format!("并排对比 · {a} ↔ {b}"),
            Lang::En => format!("Side by side · {a} ↔ {b}"),
        }
    }
    /// How to see the other report on a narrow terminal.
    pub fn flip_hint(self) -> &'static str {
        self.pick("Tab 切换", "Tab: other report")
    }
    /// The figure strip's heading.
    pub fn pairs_title(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("两份报告都有的数据 {n} 项"),
            Lang::En => format!("Figures both state: {n}"),
        }
    }
    /// Enter on a row A has no section in.
    pub fn no_section_in_a(self) -> String {
        self.pick(
            "本行在当前报告中没有章节",
            "this row has no section in the open report",
        )
        .into()
    }
    /// A district with a single report.
    pub fn one_year_only(self, district: &str) -> String {
        match self {
            Lang::Zh => format!("资料库中 {district} 只有一年的报告"),
            Lang::En => format!("the library holds one year of {district} only"),
        }
    }
    /// The year-over-year table's title.
    pub fn history_title(self, district: &str, years: usize) -> String {
        match self {
            Lang::Zh => format!("{district} 历年数据（{years} 年）"),
            Lang::En => format!("{district} year by year ({years} years)"),
        }
    }
    /// A table's title.
    pub fn table_title(self, topic: &str, rows: usize, columns: usize) -> String {
        match self {
            Lang::Zh => format!("{topic} · 数据表 · {rows} 份报告 × {columns} 列"),
            Lang::En => {
                let (r, c) = (plural(rows, "report"), plural(columns, "column"));
                format!("{topic} · table · {rows} {r} × {columns} {c}")
            }
        }
    }
    /// A topic no two reports state a figure for.
    pub fn empty_table(self) -> &'static str {
        self.pick(
            "没有两份以上报告共同陈述的数据",
            "no figure is stated by two or more reports",
        )
    }
    /// The header of a district's change from one year to the next.
    pub fn change_header(self) -> &'static str {
        self.pick("较上年", "change")
    }
    /// The keys of a table, on its last line; `T` only when there is a list to go back to.
    pub fn table_keys(self, back: bool) -> &'static str {
        match back {
            true => self.pick(
                "←→ 选列  s 排序  Enter 打开  w 导出  y 复制  T 列表",
                "←→ column  s sort  Enter open  w export  y copy  T list",
            ),
            false => self.pick(
                "←→ 选列  s 排序  Enter 打开  w 导出  y 复制",
                "←→ column  s sort  Enter open  w export  y copy",
            ),
        }
    }
    /// `n` columns of a table lie beyond its right edge.
    pub fn more_columns(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("还有 {n} 列 →"),
            Lang::En => format!("{n} more →"),
        }
    }
    /// The prompt for an export path.
    pub fn export_prompt(self) -> &'static str {
        self.pick("导出到（.csv 或 .md）：", "Export to (.csv or .md): ")
    }
    /// Export is refused in an SSH session: the file would be the server's.
    pub fn no_export_over_ssh(self) -> String {
        match self {
            Lang::Zh => "通过 SSH 阅读时不能写入服务器上的文件；按 y 复制表格".to_string(),
            Lang::En => {
                "over SSH fazhi writes no file on the server; y copies the table".to_string()
            }
        }
    }
    /// The table was written.
    pub fn exported(self, rows: usize, path: &str) -> String {
        match self {
            Lang::Zh => format!("已将 {rows} 行写入 {path}"),
            Lang::En => format!("wrote {rows} rows to {path}"),
        }
    }
    /// The path has no extension we write.
    pub fn export_needs_extension(self, path: &str) -> String {
        match self {
            Lang::Zh => format!("{path}：请用 .csv 或 .md 结尾的文件名"),
            Lang::En => format!("{path}: name a .csv or .md file"),
        }
    }
    /// Writing failed.
    pub fn export_failed(self, path: &str, err: &str) -> String {
        match self {
            Lang::Zh => format!("无法写入 {path}：{err}"),
            Lang::En => format!("cannot write {path}: {err}"),
        }
    }
    /// The table went to the clipboard.
    pub fn table_copied(self, rows: usize) -> String {
        match self {
            Lang::Zh => format!("已复制表格（{rows} 行，Markdown）"),
            Lang::En => format!("copied the table ({rows} rows, Markdown)"),
        }
    }
}

/// `word` for one, `word` with an `s` for any other count.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}
