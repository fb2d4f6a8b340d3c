// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace Threadline::Ui {

/// What the list delegates share: the style's row background (selection, focus, hover) drawn
/// without its text, and rows of two lines of text that are never shorter than a finger (44 px).
class TwoLineDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    static constexpr int margin = 6;
    static constexpr int minimumRowHeight = 44;

    /// Draws the row's background as the style does and returns the option the text is drawn with.
    QStyleOptionViewItem drawBackground(QPainter *painter, const QStyleOptionViewItem &option,
                                        const QModelIndex &index) const;
    /// Two lines of @p option's font and the margins, at least minimumRowHeight; @p widthInChars wide.
    static QSize twoLineSize(const QStyleOptionViewItem &option, int widthInChars);
};

} // namespace Threadline::Ui
