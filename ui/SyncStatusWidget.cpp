// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyncStatusWidget.h"

#include "SyncText.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPixmap>
#include <QProgressBar>
#include <QToolButton>

namespace Threadline::Ui {

namespace {

/// A one-line label that elides its text to whatever width the status bar can give it (a plain
/// QLabel is clipped instead). The whole text stays in the tooltip and accessible description.
class ElidedLabel : public QLabel
{
public:
    using QLabel::QLabel;

    QSize minimumSizeHint() const override
    {
        return {fontMetrics().horizontalAdvance(QStringLiteral("Wxyz…")), QLabel::minimumSizeHint().height()};
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        const QRect area = contentsRect();
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(area, int(Qt::AlignLeft | Qt::AlignVCenter),
                         fontMetrics().elidedText(text(), Qt::ElideRight, area.width()));
    }
};

QPixmap dot(const QColor &color, int size, qreal ratio)
{
    QPixmap pixmap(QSize(size, size) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2));
    return pixmap;
}

QToolButton *countButton(const QString &accessibleName, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setAutoRaise(true);
    button->setFocusPolicy(Qt::StrongFocus); // reachable with Tab, not only by mouse
    button->setAccessibleName(accessibleName);
    button->setCursor(Qt::PointingHandCursor);
    button->hide();
    return button;
}

} // namespace

SyncStatusWidget::SyncStatusWidget(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Sync status"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);

    m_dot = new QLabel(this);
    m_dot->setAccessibleName(tr("Sync state indicator"));
    m_state = new QLabel(this);
    m_state->setAccessibleName(tr("Sync state"));
    m_state->setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);

    m_progress = new QProgressBar(this);
    m_progress->setAccessibleName(tr("Catch-up progress"));
    m_progress->setRange(0, 1000);
    m_progress->setMinimumWidth(60);
    m_progress->setMaximumWidth(160);
    m_progress->setMaximumHeight(fontMetrics().height());
    m_progress->setTextVisible(false); // the count is in m_progressText, readable at any width
    m_progress->hide();
    m_progressText = new QLabel(this);
    m_progressText->setAccessibleName(tr("Catch-up count"));
    m_progressText->hide();

    m_pending = new QLabel(this);
    m_pending->setAccessibleName(tr("Changes waiting to be sent"));
    m_pending->hide();

    m_conflicts = countButton(tr("Conflicts"), this);
    m_rejected = countButton(tr("Refused changes"), this);
    m_quarantined = countButton(tr("Set-aside server changes"), this);
    for (QToolButton *button : {m_conflicts, m_rejected, m_quarantined})
        connect(button, &QToolButton::clicked, this, &SyncStatusWidget::problemsRequested);

    m_error = new ElidedLabel(this);
    m_error->setAccessibleName(tr("Last sync error"));
    m_error->setMaximumWidth(360);
    m_error->hide();

    layout->addWidget(m_dot);
    layout->addWidget(m_state);
    layout->addWidget(m_progress);
    layout->addWidget(m_progressText);
    layout->addWidget(m_pending);
    layout->addWidget(m_conflicts);
    layout->addWidget(m_rejected);
    layout->addWidget(m_quarantined);
    layout->addWidget(m_error);
    refresh();
}

SyncStatusWidget::~SyncStatusWidget() = default;

void SyncStatusWidget::setStatus(const Sync::SyncStatus &status)
{
    if (status == m_status)
        return;
    m_status = status;
    refresh();
}

void SyncStatusWidget::setProgress(qint64 done, qint64 total)
{
    m_done = done;
    m_total = total;
    refresh();
}

void SyncStatusWidget::setWorkOffline(bool offline)
{
    m_workOffline = offline;
    refresh();
}

void SyncStatusWidget::setServerless(bool serverless)
{
    m_serverless = serverless;
    refresh();
}

QString SyncStatusWidget::stateText() const
{
    using Sync::SyncStateKind;
    if (m_serverless)
        return tr("No server: demo data");
    switch (m_status.state) {
    case SyncStateKind::Offline:
        return m_workOffline ? tr("Working offline") : tr("Offline");
    case SyncStateKind::Connecting:
        return tr("Connecting…");
    case SyncStateKind::Authenticating:
        return tr("Signing in…");
    case SyncStateKind::CatchingUp:
        return tr("Catching up…");
    case SyncStateKind::Live:
        return tr("Up to date");
    case SyncStateKind::Backoff:
        if (m_status.nextAttempt.isValid())
            return tr("Disconnected, retrying at %1")
                .arg(QLocale().toString(m_status.nextAttempt.toLocalTime().time(),
                                        QStringLiteral("HH:mm:ss")));
        return tr("Disconnected, retrying soon");
    }
    return {};
}

void SyncStatusWidget::refresh()
{
    using Sync::SyncStateKind;
    const QLocale locale;
    const SyncStateKind state = m_status.state;

    QColor color = palette().color(QPalette::PlaceholderText); // offline: grey
    if (!m_serverless) {
        if (state == SyncStateKind::Live)
            color = QColor(0x2e, 0x7d, 0x32); // green
        else if (state == SyncStateKind::Backoff || !m_status.lastError.isEmpty())
            color = QColor(0xc6, 0x28, 0x28); // red
        else if (state != SyncStateKind::Offline)
            color = QColor(0xef, 0x8f, 0x00); // amber
    }
    const int size = fontMetrics().height() * 2 / 3;
    m_dot->setPixmap(dot(color, size, devicePixelRatioF()));

    const QString text = stateText();
    m_state->setText(text);
    m_dot->setAccessibleDescription(text);
    QString tip = text;
    if (!m_status.agentName.isEmpty())
        tip += QLatin1Char('\n') + tr("Signed in as %1").arg(m_status.agentName);
    if (m_status.head > 0)
        tip += QLatin1Char('\n')
            + tr("Cache at change %1 of %2")
                  .arg(locale.toString(m_status.cursor), locale.toString(m_status.head));
    const QString error = SyncText::error(m_status.lastError);
    if (!error.isEmpty())
        tip += QLatin1Char('\n') + error;
    m_state->setToolTip(tip);
    m_dot->setToolTip(tip);

    const bool catchingUp = m_total > 0 && m_done < m_total
        && (state == SyncStateKind::CatchingUp || state == SyncStateKind::Authenticating);
    m_progress->setVisible(catchingUp);
    m_progressText->setVisible(catchingUp);
    if (catchingUp) {
        m_progress->setValue(int(m_done * 1000 / m_total));
        const QString progressText = tr("%1 of %2").arg(locale.toString(m_done), locale.toString(m_total));
        m_progress->setFormat(progressText);
        m_progress->setAccessibleDescription(progressText);
        m_progressText->setText(progressText);
    }

    m_pending->setVisible(m_status.pending > 0);
    m_pending->setText(tr("To send: %1").arg(locale.toString(m_status.pending)));
    m_pending->setToolTip(
        tr("Local changes waiting for the server. They are safe in the cache and are sent when connected."));

    const struct
    {
        QToolButton *button;
        qint64 count;
        QString text;
        QString tip;
    } counts[] = {
        {m_conflicts, m_status.conflicts, tr("Conflicts: %1").arg(locale.toString(m_status.conflicts)),
         tr("Your edits that another agent's edit of the same field overrode. Click to see them.")},
        {m_rejected, m_status.rejected, tr("Refused: %1").arg(locale.toString(m_status.rejected)),
         tr("Your changes the server refused, with its reasons. Click to see them.")},
        {m_quarantined, m_status.quarantined, tr("Set aside: %1").arg(locale.toString(m_status.quarantined)),
         tr("Changes from the server that could not be read and were kept for a person. Click to see them.")},
    };
    for (const auto &c : counts) {
        c.button->setVisible(c.count > 0);
        c.button->setText(c.text);
        c.button->setToolTip(c.tip);
        c.button->setAccessibleDescription(c.text);
    }

    m_error->setVisible(!m_status.lastError.isEmpty());
    m_error->setToolTip(error);
    m_error->setAccessibleDescription(error);
    m_error->setText(error);
}

} // namespace Threadline::Ui
