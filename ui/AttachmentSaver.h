// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Interaction.h"

#include <QHash>
#include <QObject>

#include <functional>

class QWidget;

namespace Threadline::Ui {

/// Saves an email's attachment where the agent chooses: asks for a file name (a save dialog,
/// or the chooser a test gives), asks for the bytes (fetchRequested, which the composition root
/// connects to SyncEngine::fetchAttachment), checks they are the attachment's (SHA-256), writes
/// them atomically (QSaveFile) and says what happened in the agent's words (message). Several
/// saves may be under way; the same attachment asked for twice is fetched once.
class AttachmentSaver : public QObject
{
    Q_OBJECT
public:
    /// Returns the path to save @p attachment to, or an empty string when the agent cancelled.
    using Chooser = std::function<QString(const Attachment &attachment)>;

    /// With no @p chooser, a save dialog over @p window asks.
    explicit AttachmentSaver(QWidget *window, Chooser chooser = {}, QObject *parent = nullptr);

    void save(const Attachment &attachment);

public Q_SLOTS:
    void onFetched(const QByteArray &sha256, const QByteArray &data);
    void onUnavailable(const QByteArray &sha256, const QString &code);

Q_SIGNALS:
    void fetchRequested(const QByteArray &sha256);
    void message(const QString &text);

private:
    struct Wanted
    {
        Attachment attachment;
        QStringList paths;
    };

    QWidget *m_window;
    Chooser m_chooser;
    QHash<QByteArray, Wanted> m_wanted;
};

} // namespace Threadline::Ui
