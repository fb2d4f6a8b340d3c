// SPDX-License-Identifier: GPL-3.0-or-later
#include "TimelineDelegate.h"

#include "ChannelText.h"
#include "ItemRoles.h"

#include <QDateTime>
#include <QHash>
#include <QLocale>
#include <QPainter>
#include <QSvgRenderer>

namespace Threadline::Ui {

using namespace Models;

namespace {

QString iconPath(Channel channel)
{
    switch (channel) {
    case Channel::Call:
        return QStringLiteral(":/threadline/icons/channel-call.svg");
    case Channel::Chat:
        return QStringLiteral(":/threadline/icons/channel-chat.svg");
    case Channel::Email:
        return QStringLiteral(":/threadline/icons/channel-email.svg");
    case Channel::Letter:
        return QStringLiteral(":/threadline/icons/channel-letter.svg");
    case Channel::Note:
        return QStringLiteral(":/threadline/icons/channel-note.svg");
    }
    return {};
}

// The channel's icon at @p side device-independent pixels, rendered once per size and scale.
QPixmap channelIcon(Channel channel, int side, qreal dpr)
{
    static QHash<QString, QPixmap> rendered; // GUI thread only, as delegates are
    const QString key = QStringLiteral("%1/%2/%3").arg(int(channel)).arg(side).arg(dpr);
    auto found = rendered.constFind(key);
    if (found != rendered.cend())
        return *found;
    QPixmap pixmap(QSize(side, side) * dpr);
    pixmap.fill(Qt::transparent);
    QSvgRenderer svg(iconPath(channel));
    if (svg.isValid()) {
        QPainter p(&pixmap);
        svg.render(&p);
    }
    pixmap.setDevicePixelRatio(dpr);
    rendered.insert(key, pixmap);
    return pixmap;
}
} // namespace

QString TimelineDelegate::headline(const QModelIndex &index)
{
    if (index.data(LoadingRole).toBool())
        return tr("Loading older contacts…");
    const auto channel = Channel(index.data(ChannelRole).toInt());
    const auto direction = Direction(index.data(DirectionRole).toInt());
    QStringList parts;
    parts << ChannelText::channel(channel) + QStringLiteral(" · ") + ChannelText::direction(direction);
    parts << QLocale().toString(index.data(OccurredAtRole).toDateTime().toLocalTime(), QLocale::ShortFormat);
    if (const QString who = index.data(CounterpartRole).toString(); !who.isEmpty())
        parts << who;
    if (channel == Channel::Call) {
        QString call = ChannelText::duration(index.data(CallDurationRole).toInt());
        if (const QVariant outcome = index.data(CallOutcomeRole); outcome.isValid())
            call += QStringLiteral(", ") + ChannelText::callOutcome(CallOutcome(outcome.toInt()));
        parts << call;
    }
    return parts.join(QStringLiteral("  ·  "));
}

QString TimelineDelegate::marks(const QModelIndex &index)
{
    QStringList out;
    if (index.data(UnreadRole).toBool())
        out << tr("New");
    if (index.data(AwaitingReplyRole).toBool())
        out << tr("Awaiting reply");
    switch (RowSyncMark(index.data(SyncMarkRole).toInt())) {
    case RowSyncMark::Pending:
        out << tr("Waiting to be sent");
        break;
    case RowSyncMark::Refused:
        out << tr("Refused by the server: %1").arg(index.data(SyncErrorRole).toString());
        break;
    case RowSyncMark::Synced:
        break;
    }
    if (const QVariant delivery = index.data(DeliveryRole); delivery.isValid()) {
        const QString detail = index.data(DeliveryDetailRole).toString();
        const int attempts = index.data(DeliveryAttemptsRole).toInt();
        switch (MailDelivery(delivery.toInt())) {
        case MailDelivery::Queued:
            out << (attempts == 0
                        ? tr("Email queued to send")
                        : tr("Email not sent yet, trying again (attempt %1): %2").arg(attempts).arg(detail));
            break;
        case MailDelivery::Sent:
            out << tr("Email sent");
            break;
        case MailDelivery::Failed:
            out << tr("Email not sent: %1").arg(detail);
            break;
        }
    }
    if (index.data(HasDefectsRole).toBool())
        out << tr("Not fully readable: raw source kept");
    if (const int n = index.data(AttachmentCountRole).toInt(); n > 0)
        out << tr("Attachments: %1").arg(n);
    if (index.data(HasScanRole).toBool())
        out << tr("Scan");
    return out.join(QStringLiteral(" · "));
}

void TimelineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    const QStyleOptionViewItem opt = drawBackground(painter, option, index);

    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorRole textRole = selected ? QPalette::HighlightedText : QPalette::Text;
    QRect area = opt.rect.adjusted(margin, margin / 2, -margin, -margin / 2);
    const QFontMetrics fm(opt.font);
    painter->save();
    painter->setPen(opt.palette.color(QPalette::Active, textRole));

    if (index.data(LoadingRole).toBool()) {
        painter->setPen(opt.palette.color(QPalette::Disabled, QPalette::Text));
        painter->drawText(area, Qt::AlignVCenter | Qt::AlignLeft, headline(index));
        painter->restore();
        return;
    }

    // The channel's icon on the left, as tall as a line of text and at least 20 px.
    const int iconSide = std::max(20, fm.height());
    const QPixmap icon = channelIcon(Channel(index.data(ChannelRole).toInt()), iconSide,
                                     painter->device()->devicePixelRatioF());
    painter->drawPixmap(area.left(), area.top() + (fm.height() * 2 + 2 - iconSide) / 2, icon);
    area.setLeft(area.left() + iconSide + margin);

    // Line 1: what and when, marks on the right.
    QRect line1(area.left(), area.top(), area.width(), fm.height());
    const QString marksText = marks(index);
    int marksWidth = 0;
    if (!marksText.isEmpty()) {
        QFont markFont = opt.font;
        markFont.setItalic(true);
        painter->setFont(markFont);
        const QFontMetrics mfm(markFont);
        const QString elided = mfm.elidedText(marksText, Qt::ElideRight, area.width() / 2);
        marksWidth = mfm.horizontalAdvance(elided) + margin;
        const QVariant delivery = index.data(DeliveryRole);
        const bool refused = RowSyncMark(index.data(SyncMarkRole).toInt()) == RowSyncMark::Refused
            || (delivery.isValid() && MailDelivery(delivery.toInt()) == MailDelivery::Failed);
        if (refused && !selected)
            painter->setPen(opt.palette.color(QPalette::Active, QPalette::Link));
        painter->drawText(line1, Qt::AlignRight | Qt::AlignVCenter, elided);
        painter->setPen(opt.palette.color(QPalette::Active, textRole));
        painter->setFont(opt.font);
    }
    // Unread contacts have a bold first line, as unread mail does everywhere.
    QFont headFont = opt.font;
    headFont.setBold(index.data(UnreadRole).toBool());
    painter->setFont(headFont);
    painter->drawText(
        line1.adjusted(0, 0, -marksWidth, 0), Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetrics(headFont).elidedText(headline(index), Qt::ElideRight, line1.width() - marksWidth));
    painter->setFont(opt.font);

    // Line 2: subject in bold, then the first line of the text.
    const QRect line2(area.left(), line1.bottom() + 2, area.width(), fm.height());
    QFont bold = opt.font;
    bold.setBold(true);
    const QFontMetrics bfm(bold);
    const QString subject = index.data(SubjectRole).toString();
    int x = line2.left();
    if (!subject.isEmpty()) {
        painter->setFont(bold);
        const QString elided = bfm.elidedText(subject, Qt::ElideRight, line2.width());
        painter->drawText(line2, Qt::AlignLeft | Qt::AlignVCenter, elided);
        x += bfm.horizontalAdvance(elided) + fm.horizontalAdvance(QStringLiteral("  "));
        painter->setFont(opt.font);
    }
    QString preview = index.data(PreviewRole).toString().simplified();
    if (!preview.isEmpty() && x < line2.right()) {
        if (!selected)
            painter->setPen(opt.palette.color(QPalette::Active, QPalette::PlaceholderText));
        const QRect rest(x, line2.top(), line2.right() - x, line2.height());
        painter->drawText(rest, Qt::AlignLeft | Qt::AlignVCenter,
                          fm.elidedText(preview, Qt::ElideRight, rest.width()));
    }
    painter->restore();
}

QSize TimelineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return twoLineSize(option, 40);
}

} // namespace Threadline::Ui
