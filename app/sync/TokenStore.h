// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QUrl>

namespace Threadline::Sync {

/// Keeps the agent's session token per (server URL, username), so the next start resumes the
/// session instead of asking for the password again.
///
/// Tokens go to the OS keychain through QtKeychain (service "Threadline") when it works. When
/// it does not (no Secret Service on the session bus, as on many headless machines), the store
/// falls back, for the rest of its life, to a JSON file in QStandardPaths::AppConfigLocation
/// that only the owner may read (0600), and says so: location() describes where tokens are
/// kept, for the UI and the log, and backendChanged() announces the switch. A user who denies
/// keychain access is not overridden: that is reported as an error, not a fallback.
///
/// Lives on the GUI thread and never blocks it: keychain jobs are asynchronous, and file
/// access runs on a private one-thread pool (so file operations happen in the order they were
/// asked for). Every operation answers with exactly one *Finished signal carrying a Status;
/// error codes: "token_store_denied", "token_file_unreadable",
/// "token_file_unwritable". Destroying the store waits for file operations in flight.
class TokenStore : public QObject
{
    Q_OBJECT
public:
    enum class Backend
    {
        Keychain,
        File,
    };

    struct Options
    {
        /// Keychain: try the OS keychain, fall back to the file when it fails. File: never
        /// touch the keychain (tests; machines known to have none).
        Backend preferred = Backend::Keychain;
        QString filePath; ///< default: <AppConfigLocation>/session-tokens.json
        QString service = QStringLiteral("Threadline"); ///< keychain service name
    };

    explicit TokenStore(QObject *parent = nullptr);
    explicit TokenStore(Options options, QObject *parent = nullptr);
    ~TokenStore() override;

    /// Answers with readFinished(); the token is empty when none is saved.
    void read(const QUrl &server, const QString &username);
    /// Answers with writeFinished().
    void write(const QUrl &server, const QString &username, const QString &token);
    /// Answers with removeFinished(); removing a token that is not there succeeds.
    void remove(const QUrl &server, const QString &username);

    Backend backend() const { return m_backend; }
    /// Where tokens are kept, as a phrase for people ("the system keychain", or the file's path).
    QString location() const;
    QString filePath() const { return m_options.filePath; }

    /// The key a token is stored under: "<username> on <server URL>".
    static QString keyFor(const QUrl &server, const QString &username);

Q_SIGNALS:
    void readFinished(const QUrl &server, const QString &username, const QString &token,
                      const Threadline::Status &status);
    void writeFinished(const QUrl &server, const QString &username, const Threadline::Status &status);
    void removeFinished(const QUrl &server, const QString &username, const Threadline::Status &status);
    /// The keychain failed and tokens are now kept in the file; @p location says where.
    void backendChanged(Threadline::Sync::TokenStore::Backend backend, const QString &location);

private:
    enum class Operation
    {
        Read,
        Write,
        Remove,
    };
    struct Request
    {
        Operation operation;
        QUrl server;
        QString username;
        QString token;
    };

    void start(const Request &request);
    void startKeychain(const Request &request);
    void startFile(const Request &request);
    void finish(const Request &request, const QString &token, const Status &status);
    void fallBackToFile(const QString &reason);

    Options m_options;
    Backend m_backend;
    bool m_keychainLogged = false;
    QThreadPool m_filePool;
};

} // namespace Threadline::Sync
