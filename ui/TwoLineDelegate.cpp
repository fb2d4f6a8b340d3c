// SPDX-License-Identifier: GPL-3.0-or-later
#include "TwoLineDelegate.h"

#include <QApplication>

namespace Threadline::Ui {

QStyleOptionViewItem TwoLineDelegate::drawBackground(QPainter *painter, const QStyleOptionViewItem &option,
                                                     const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    return opt;
}

QSize TwoLineDelegate::twoLineSize(const QStyleOptionViewItem &option, int widthInChars)
{
    const QFontMetrics fm(option.font);
    return {fm.horizontalAdvance(QLatin1Char('x')) * widthInChars,
            std::max(minimumRowHeight, 2 * fm.height() + 2 + margin)};
}

} // namespace Threadline::Ui
