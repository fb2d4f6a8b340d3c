// SPDX-License-Identifier: GPL-3.0-or-later
#include "ResultDelegate.h"

#include "ChannelText.h"
#include "ItemRoles.h"
#include "SearchModel.h"

#include <QApplication>
#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <QPoint>

namespace Threadline::Ui {

using namespace Models;

namespace {

bool isSearchHit(const QModelIndex &index)
{
    return index.data(HitKindRole).isValid();
}

bool isConversation(const QModelIndex &index)
{
    return index.data(HitKindRole).toInt() == int(SearchModel::HitKind::Conversation);
}

// Draws @p text on one line in @p rect, the [start, end) ranges in bold on a highlight; elides.
void drawHighlighted(QPainter *painter, const QRect &rect, const QString &text, const QVariantList &ranges,
                     const QStyleOptionViewItem &opt, bool selected)
{
    QFont plain = opt.font;
    QFont bold = opt.font;
    bold.setBold(true);
    QList<std::pair<QString, bool>> segments;
    int at = 0;
    for (const QVariant &range : ranges) {
        const QPoint r = range.toPoint();
        if (r.x() < at || r.y() > text.size() || r.y() <= r.x())
            continue;
        if (r.x() > at)
            segments.append({text.mid(at, r.x() - at), false});
        segments.append({text.mid(r.x(), r.y() - r.x()), true});
        at = r.y();
    }
    if (at < text.size())
        segments.append({text.mid(at), false});

    int x = rect.left();
    for (const auto &[segment, matched] : segments) {
        const QString s = QString(segment).replace(QLatin1Char('\n'), QLatin1Char(' '));
        const QFontMetrics fm(matched ? bold : plain);
        const int room = rect.right() - x;
        if (room <= 0)
            break;
        const QString shown = fm.horizontalAdvance(s) > room ? fm.elidedText(s, Qt::ElideRight, room) : s;
        const int width = fm.horizontalAdvance(shown);
        const QRect box(x, rect.top(), width, rect.height());
        if (matched && !selected)
            painter->fillRect(box, opt.palette.color(QPalette::Active, QPalette::Highlight).lighter(170));
        painter->setFont(matched ? bold : plain);
        painter->drawText(box, Qt::AlignLeft | Qt::AlignVCenter, shown);
        x += width;
        if (shown.size() != s.size())
            break;
    }
    painter->setFont(plain);
}

} // namespace

QString ResultDelegate::firstLine(const QModelIndex &index)
{
    if (isConversation(index))
        return ChannelText::channel(Channel(index.data(ChannelRole).toInt())) + QStringLiteral(" · ")
            + QLocale().toString(index.data(OccurredAtRole).toDateTime().toLocalTime(), QLocale::ShortFormat)
            + (index.data(SubjectRole).toString().isEmpty()
                   ? QString()
                   : QStringLiteral(" · ") + index.data(SubjectRole).toString());
    return index.data(DisplayNameRole).toString();
}

QString ResultDelegate::secondLine(const QModelIndex &index)
{
    if (isSearchHit(index)) {
        const QString snippet = index.data(SnippetRole).toString();
        if (!snippet.isEmpty() || isConversation(index))
            return snippet;
        return tr("Matching conversations: %1").arg(index.data(InteractionCountRole).toLongLong());
    }
    const QString postcode = index.data(PostcodeRole).toString();
    if (const QDateTime viewed = index.data(ViewedAtRole).toDateTime(); viewed.isValid()) {
        const QString opened
            = tr("Opened %1").arg(QLocale().toString(viewed.toLocalTime(), QLocale::ShortFormat));
        return postcode.isEmpty() ? opened : postcode + QStringLiteral(" · ") + opened;
    }
    const qint64 count = index.data(InteractionCountRole).toLongLong();
    // Counts stand alone ("Contacts: 3") until the translations bring plural forms.
    const QString contacts = tr("Contacts: %1").arg(QLocale().toString(count));
    return postcode.isEmpty() ? contacts : postcode + QStringLiteral(" · ") + contacts;
}

void ResultDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                           const QModelIndex &index) const
{
    const QStyleOptionViewItem opt = drawBackground(painter, option, index);

    const bool selected = opt.state & QStyle::State_Selected;
    const QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    QRect area = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, opt.widget);
    area.adjust(margin / 2, margin / 2, -margin / 2, -margin / 2);
    const QFontMetrics fm(opt.font);
    painter->save();
    painter->setPen(
        opt.palette.color(QPalette::Active, selected ? QPalette::HighlightedText : QPalette::Text));

    QFont first = opt.font;
    first.setBold(!isConversation(index));
    painter->setFont(first);
    const QRect line1(area.left(), area.top(), area.width(), fm.height());
    painter->drawText(line1, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(first).elidedText(firstLine(index), Qt::ElideRight, line1.width()));
    painter->setFont(opt.font);

    const QRect line2(area.left(), line1.bottom() + 2, area.width(), fm.height());
    if (isSearchHit(index))
        drawHighlighted(painter, line2, secondLine(index), index.data(HighlightsRole).toList(), opt,
                        selected);
    else
        painter->drawText(line2, Qt::AlignLeft | Qt::AlignVCenter,
                          fm.elidedText(secondLine(index), Qt::ElideRight, line2.width()));
    painter->restore();
}

QSize ResultDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return twoLineSize(option, 30);
}

} // namespace Threadline::Ui
