// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

namespace Threadline::Ui {

/// Tells the window whether threadline-server is reachable and what it holds, from the
/// server_info frame the server sends on connect. It does not sync anything: that is the sync
/// engine's job. Lives on the GUI thread; reconnects every few seconds while unreachable.
class ServerProbe : public QObject
{
    Q_OBJECT
public:
    explicit ServerProbe(QUrl url, QObject *parent = nullptr);
    void start();
    QUrl url() const { return m_url; }

Q_SIGNALS:
    /// A sentence for the status bar, and whether the server is reachable now.
    void statusChanged(const QString &text, bool reachable);

private:
    void onMessage(const QString &message);
    void onDisconnected();

    QUrl m_url;
    QWebSocket m_socket;
    QTimer m_retry;
};

} // namespace Threadline::Ui
