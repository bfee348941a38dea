//! Tables of figures, as the readers write them and as Markdown does: one row a line,
//! `| 行政复议申请（宗） | 398 | 453 | 627 |`.
//!
//! A row is a paragraph of its own. Its figures are labelled by the row's name (its first
//! cell, or the second after a column of row numbers) with what their column's header says
//! it measures (`| 市场监管 | 426 |` under `立案数（件）` is 市场监管立案数, under `数量` just
//! 市场监管), or, in a table whose rows are years, by their column's header. A number alone in
//! a cell is a figure when the row or column names its unit in brackets (`（宗）`,
//! `（万元）`), as a statistical table does, or a column of units (`| 单位 |`) gives it. Under years, the latest year's value is the
//! value after and the others values before, as `从398宗增加到627宗` would be.

use super::figure::{self, Change, Figure, FigureKind};
use super::Paragraph;
use std::ops::Range;

mod aligned;
pub(crate) use aligned::rows_from_columns;

/// A row of a table: `| 行政复议案件 | 75件 | 82件 |`.
pub(crate) fn is_row(line: &str) -> bool {
    line.len() > 2 && line.starts_with('|') && line.ends_with('|') && line.matches('|').count() >= 3
}

/// The cells of `line` if it is a table row (trimmed, empty ones left out), else the line
/// itself: a Word header set in a table (`| 长政文〔2024〕12号 | 签发人：李明 |`) reads as
/// its lines would.
pub(crate) fn cells_or_line(line: &str) -> Vec<&str> {
    if !is_row(line) {
        return vec![line];
    }
    cells(line)
        .into_iter()
        .map(|r| &line[r])
        .filter(|c| !c.is_empty())
        .collect()
}

/// The byte ranges of a table row's cells, trimmed.
fn cells(row: &str) -> Vec<Range<usize>> {
    let inner = 1..row.len() - 1;
    let mut out = Vec::new();
    let mut start = inner.start;
    for (i, c) in row[inner.clone()].char_indices() {
        if c == '|' {
            out.push(trimmed(row, start..inner.start + i));
            start = inner.start + i + 1;
        }
    }
    out.push(trimmed(row, start..inner.end));
    out
}

fn trimmed(text: &str, r: Range<usize>) -> Range<usize> {
    let piece = &text[r.clone()];
    let lead = piece.len() - piece.trim_start().len();
    r.start + lead..r.start + piece.trim_end().len()
}

/// A cell that is a year: `2023`, `2023年`, `2023年度`.
fn year(cell: &str) -> Option<i64> {
    let digits: String = cell.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &cell[digits.len()..];
    (digits.len() == 4 && matches!(rest, "年" | "年度" | ""))
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|y| (1949..2100).contains(y))
}

/// A name and the unit it gives in brackets: `行政复议申请（宗）` → (`行政复议申请`, `宗`).
fn name_and_unit(cell: &str) -> (&str, Option<&str>) {
    let Some(open) = cell.rfind(['（', '(']) else {
        return (cell, None);
    };
    let inner = &cell[open..];
    let inner = inner
        .strip_prefix(['（', '('])
        .and_then(|i| i.strip_suffix(['）', ')']))
        .map(str::trim);
    match inner.map(|u| u.strip_prefix("单位：").unwrap_or(u)) {
        Some(unit) if !unit.is_empty() && unit.chars().count() <= 4 => {
            (cell[..open].trim_end(), Some(unit))
        }
        _ => (cell, None),
    }
}

/// A column header naming a change: `同比`, `增减幅度`, `较上年增长`.
fn is_change(header: &str) -> bool {
    [
        "同比",
        "环比",
        "增减",
        "增幅",
        "增长",
        "变化",
        "比上年",
        "较上年",
        "降幅",
    ]
    .iter()
    .any(|w| header.contains(w))
}

/// A column header that says only "the value" (`数量`, `完成值`): the row's name says what
/// the cells under it count.
fn is_bare_value(header: &str) -> bool {
    [
        "数量",
        "数值",
        "数据",
        "数目",
        "完成值",
        "完成数",
        "完成情况",
        "实际完成",
        "实际完成值",
        "实际值",
        "完成",
        "结果",
        "情况",
        "指标值",
        "值",
        "本年",
        "本年度",
        "今年",
        "当年",
    ]
    .contains(&header)
}

/// A row of totals (`合计`): its cells are the total of what their columns count.
fn is_total(name: &str) -> bool {
    ["合计", "总计", "小计", "总数", "全年合计"].contains(&name)
}

/// A header over a column of row numbers (`序号`): the rows' names are in the next.
fn is_row_number(header: &str) -> bool {
    ["序号", "编号", "序", "No.", "NO."].contains(&header)
}

/// A number alone in a cell, with its sign: `3,872`, `1.62`, `-9.7`.
fn bare_number(cell: &str) -> bool {
    let digits = cell.trim_start_matches(['-', '－', '−', '+']);
    digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
}

/// `cell` (at `range` of its row) read as a figure in `unit`, as if written `398宗`, its
/// sign kept (`-9.7` is −9.7).
fn figure_in(cell: &str, range: Range<usize>, unit: &str) -> Option<Figure> {
    let digits = cell.trim_start_matches(['-', '－', '−', '+']);
    let written = format!("{digits}{unit}");
    let f = figure::scan(&written).into_iter().next()?;
    let negative = cell.starts_with(['-', '－', '−']);
    (f.range == (0..written.len()) && f.kind != FigureKind::Date).then(|| Figure {
        text: cell.to_string(),
        value: if negative { -f.value } else { f.value },
        range,
        ..f
    })
}

/// Label the figures of a table's rows, in place (see the module docs).
pub(super) fn label(rows: &mut [Paragraph]) {
    let cells: Vec<Vec<Range<usize>>> = rows.iter().map(|p| cells(&p.text)).collect();
    let text = |r: usize, c: usize| -> &str { &rows[r].text[cells[r][c].clone()] };
    // A header states no figure: years across (`| 指标 | 2022年 | 2023年 |`) or names.
    let header = !rows.is_empty()
        && rows[0].figures.iter().all(|f| f.kind == FigureKind::Date)
        && cells[0].len() >= 2;
    let column_years: Vec<Option<i64>> = match header {
        true => (0..cells[0].len()).map(|c| year(text(0, c))).collect(),
        false => Vec::new(),
    };
    let across = column_years.iter().flatten().count() >= 2;
    // A column of units (`| 项目 | 数量 | 单位 |`): each row's unit is in it.
    let unit_column = match header {
        true => (0..cells[0].len()).find(|&c| matches!(text(0, c), "单位" | "计量单位")),
        false => None,
    };
    let body = usize::from(header)..rows.len();
    let row_years: Vec<Option<i64>> = body
        .clone()
        .map(|r| cells[r].first().and_then(|_| year(text(r, 0))))
        .collect();
    let down = header && !across && row_years.iter().flatten().count() >= 2;
    let latest = match (across, down) {
        (true, _) => column_years.iter().flatten().max().copied(),
        (_, true) => row_years.iter().flatten().max().copied(),
        _ => None,
    };
    // The rows' names, after a column of row numbers if there is one (headed `序号`, or
    // counting 1, 2, 3 down the rows).
    let counting = body.len() >= 2
        && body.clone().enumerate().all(|(k, r)| {
            cells[r].len() >= 3 && text(r, 0).parse::<usize>().is_ok_and(|n| n == k + 1)
        });
    let name_at = usize::from(header && is_row_number(text(0, 0)) || counting);
    let mut labelled: Vec<Vec<Figure>> = Vec::with_capacity(body.len());
    for r in body.clone() {
        let row = &cells[r];
        // A row whose first cell states a figure has no name: its figures keep the labels
        // of their words.
        let named = row.get(name_at).is_some_and(|first| {
            !rows[r]
                .figures
                .iter()
                .any(|f| first.contains(&f.range.start) && f.kind != FigureKind::Date)
        });
        if !named {
            labelled.push(rows[r].figures.clone());
            continue;
        }
        // What a cell's figure measures and in what unit: its row's name, or in a table of
        // years down, its column's header.
        let row_name = row.get(name_at).map(|_| name_and_unit(text(r, name_at)));
        let mut figures = Vec::new();
        for (c, range) in row.iter().enumerate().skip(name_at + 1) {
            // The header over this cell (the last one for a row longer than the header).
            let column_name = header.then(|| name_and_unit(text(0, c.min(cells[0].len() - 1))));
            let (name, unit) = match (down, column_name) {
                (true, Some(named)) => named,
                _ => row_name.unwrap_or(("", None)),
            };
            // A column of changes in its own unit (`| 同比（%） |`) is not in the row's.
            let change_unit = column_name
                .filter(|(h, _)| is_change(h))
                .and_then(|(_, u)| u);
            let unit = change_unit
                .or(unit)
                .or_else(|| column_name.and_then(|(_, u)| u))
                .or_else(|| {
                    let u = text(r, unit_column.filter(|&k| k < row.len())?);
                    (!u.is_empty() && u.chars().count() <= 4).then_some(u)
                });
            let year = match (across, down) {
                (true, _) => column_years.get(c).copied().flatten(),
                (_, true) => row_years[r - body.start],
                _ => None,
            };
            let cell = &rows[r].text[range.clone()];
            let mut own: Vec<Figure> = rows[r]
                .figures
                .iter()
                .filter(|f| range.contains(&f.range.start))
                .cloned()
                .collect();
            if own.is_empty() && bare_number(cell) {
                own.extend(unit.and_then(|u| figure_in(cell, range.clone(), u)));
            }
            for mut f in own {
                if f.kind == FigureKind::Date {
                    continue;
                }
                // `-9.7%`: the sign belongs to the figure.
                let before = &rows[r].text[range.start..f.range.start];
                if matches!(before, "-" | "－" | "−") {
                    f.value = -f.value;
                    f.range.start = range.start;
                    f.text = rows[r].text[f.range.clone()].to_string();
                }
                // What the column measures, said with the row's name: `| 市场监管 | 426 |`
                // under `立案数（件）` is 市场监管立案数, and a total row's the column's total.
                let measure = column_name
                    .map(|(h, _)| h)
                    .filter(|h| !(down || across || h.is_empty() || is_bare_value(h)))
                    .filter(|h| !is_change(h) && Some(c) != unit_column && !name.contains(h));
                let measured = match measure {
                    Some(m) if is_total(name) => format!("{m}{name}"),
                    Some(m) => format!("{name}{m}"),
                    None => name.to_string(),
                };
                // (A name may be as long as any label, and its column's measure comes on top.)
                if !name.is_empty() && name.chars().count() <= super::label::LABEL_MAX {
                    f.label = measured;
                }
                // A column of changes (`| 同比 |`, `| 增减幅度 |`): `下降12.0%` is -12.0.
                if let Some((column, _)) = column_name.filter(|(h, _)| is_change(h)) {
                    let change = format!("{name}{column}");
                    if change.chars().count() <= super::label::LABEL_MAX {
                        f.label = change;
                    }
                    f.change = Some(Change::By);
                    if ["下降", "减少", "降低"].iter().any(|w| before.contains(w)) {
                        f.value = -f.value;
                    }
                    figures.push(f);
                    continue;
                }
                if let (Some(year), Some(latest)) = (year, latest) {
                    f.change = Some(if year == latest {
                        Change::After
                    } else {
                        Change::Before
                    });
                }
                figures.push(f);
            }
        }
        labelled.push(figures);
    }
    if header && (across || down) {
        rows[0].figures.retain(|f| f.kind != FigureKind::Date);
    }
    for (r, figures) in body.zip(labelled) {
        rows[r].figures = figures;
    }
}
