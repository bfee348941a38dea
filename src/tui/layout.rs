//! Where each pane goes for a terminal size. Pure: the app uses it to know the content
//! width when scrolling, the widgets use it to draw, the mouse uses it to hit-test.

use ratatui::layout::Rect;

/// Which side panes are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visible {
    /// Reports (library) pane.
    pub reports: bool,
    /// Outline pane.
    pub outline: bool,
    /// Figures pane.
    pub figures: bool,
    /// Notes pane.
    pub notes: bool,
}

impl Visible {
    /// What fits by default at this width: small terminals fold the side panes away.
    pub fn auto(width: u16) -> Visible {
        Visible {
            reports: width >= 120,
            outline: width >= 96,
            figures: width >= 150,
            notes: false,
        }
    }
}

/// The rectangles of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    /// Reports pane, when shown.
    pub reports: Option<Rect>,
    /// Outline pane, when shown.
    pub outline: Option<Rect>,
    /// Content pane (always shown).
    pub content: Rect,
    /// Figures pane, when shown.
    pub figures: Option<Rect>,
    /// Notes pane, when shown (under the figures pane when both are).
    pub notes: Option<Rect>,
    /// The status line.
    pub status: Rect,
}

/// Lay out the panes for `size`.
pub fn areas(size: Rect, visible: Visible) -> Areas {
    let status = Rect {
        y: size.y + size.height.saturating_sub(1),
        height: size.height.min(1),
        ..size
    };
    let body = Rect {
        height: size.height.saturating_sub(1),
        ..size
    };
    let w = body.width;
    // Side panes take a share of the width within bounds; content keeps the rest.
    let side = |share: u16, min: u16, max: u16| (w * share / 100).clamp(min, max).min(w / 3);
    let reports_w = if visible.reports { side(18, 20, 30) } else { 0 };
    let outline_w = if visible.outline { side(22, 24, 40) } else { 0 };
    let right_w = if visible.figures || visible.notes {
        side(20, 24, 38)
    } else {
        0
    };
    let content_w = w.saturating_sub(reports_w + outline_w + right_w);
    let mut x = body.x;
    let mut take = |width: u16| {
        let r = Rect { x, width, ..body };
        x += width;
        r
    };
    let reports = (reports_w > 0).then(|| take(reports_w));
    let outline = (outline_w > 0).then(|| take(outline_w));
    let content = take(content_w);
    let right = (right_w > 0).then(|| take(right_w));
    let (figures, notes) = match (right, visible.figures, visible.notes) {
        (Some(r), true, true) => {
            let top = r.height / 2;
            (
                Some(Rect { height: top, ..r }),
                Some(Rect {
                    y: r.y + top,
                    height: r.height - top,
                    ..r
                }),
            )
        }
        (Some(r), true, false) => (Some(r), None),
        (Some(r), false, true) => (None, Some(r)),
        _ => (None, None),
    };
    Areas {
        reports,
        outline,
        content,
        figures,
        notes,
        status,
    }
}

/// Is the point inside the rectangle?
pub fn contains(r: Rect, col: u16, row: u16) -> bool {
    col >= r.x && col < r.x + r.width && row >= r.y && row < r.y + r.height
}
