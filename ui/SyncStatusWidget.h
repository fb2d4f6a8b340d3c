// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SyncEngine.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace Threadline::Ui {

/// The sync area of the main window's status bar: the connection state in words (with a
/// coloured dot that is never the only signal), catch-up progress with done/total, how many
/// local changes wait to be sent, how many conflicts, refused changes and set-aside feed items
/// need a person (buttons that ask for the problems list), the next attempt's time while
/// waiting to retry, and the last error as text and tooltip.
///
/// A pure view of a Sync::SyncStatus value: setStatus() is what the sync engine's
/// statusChanged is connected to, and tests drive it the same way. GUI thread only; owns only
/// its child widgets. State names come from tr(); Sync::toString is for logs.
class SyncStatusWidget : public QWidget
{
    Q_OBJECT
public:
    explicit SyncStatusWidget(QWidget *parent = nullptr);
    ~SyncStatusWidget() override;

    Sync::SyncStatus status() const { return m_status; }
    /// The words shown for the current state (what a screen reader reads too).
    QString stateText() const;

public Q_SLOTS:
    void setStatus(const Threadline::Sync::SyncStatus &status);
    /// Catch-up progress (SyncEngine::progress): shown while done < total.
    void setProgress(qint64 done, qint64 total);
    /// The agent chose to work offline: says so instead of plain "Offline".
    void setWorkOffline(bool offline);
    /// There is no server to sync with (the cache was filled with demo data).
    void setServerless(bool serverless);

Q_SIGNALS:
    /// The conflicts or refused-changes button was pressed.
    void problemsRequested();

private:
    void refresh();

    Sync::SyncStatus m_status;
    bool m_workOffline = false;
    bool m_serverless = false;
    qint64 m_done = 0;
    qint64 m_total = 0;

    QLabel *m_dot = nullptr;
    QLabel *m_state = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_progressText = nullptr;
    QLabel *m_pending = nullptr;
    QToolButton *m_conflicts = nullptr;
    QToolButton *m_rejected = nullptr;
    QToolButton *m_quarantined = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace Threadline::Ui
