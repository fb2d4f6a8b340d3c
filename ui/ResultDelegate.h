// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "TwoLineDelegate.h"

namespace Threadline::Ui {

/// Draws the rows on the left: customers (name, postcode, number of contacts) and search results
/// (a person with the matched name or identifier, a conversation with its channel, date and
/// excerpt), the matched words in bold with a highlight behind them (HighlightsRole).
class ResultDelegate : public TwoLineDelegate
{
    Q_OBJECT
public:
    using TwoLineDelegate::TwoLineDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The row's two lines as plain text (for tests and tooltips).
    static QString firstLine(const QModelIndex &index);
    static QString secondLine(const QModelIndex &index);
};

} // namespace Threadline::Ui
