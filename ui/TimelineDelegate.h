// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "TwoLineDelegate.h"

namespace Threadline::Ui {

/// Draws a timeline row from TimelineModel's roles: channel and direction, local time, who
/// (sender or caller), marks (waiting to be sent, refused with its reason, an email that could
/// not be fully read, attachments, a letter's scan, a call's duration and outcome), then the
/// subject and the first line of the text. A placeholder row reads "Loading older contacts…".
/// Rows are at least 44 px high so they work under a finger.
class TimelineDelegate : public TwoLineDelegate
{
    Q_OBJECT
public:
    using TwoLineDelegate::TwoLineDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The row's first line (what is drawn, for tests and accessible descriptions).
    static QString headline(const QModelIndex &index);
    /// The row's marks, e.g. "Waiting to be sent", "Refused: not_found".
    static QString marks(const QModelIndex &index);
};

} // namespace Threadline::Ui
