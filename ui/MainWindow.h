// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ChangeSet.h"
#include "InteractionRepository.h"
#include "SqliteDatabase.h"

#include <QMainWindow>
#include <QTimer>

#include <optional>

class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QProgressBar;
class QTreeWidget;

namespace KSyntaxHighlighting {
class Repository;
class SyntaxHighlighter;
} // namespace KSyntaxHighlighting

namespace Threadline::Store {
class Cache;
}

namespace Threadline::Ui {

/// The first Threadline window: customers and search on the left, the selected customer's
/// timeline in the centre (newest first, older pages loaded as you scroll), and the selected
/// item's stored record on the right.
///
/// Reads the cache through its own read connection on the GUI thread; never writes. Refreshes
/// when the cache's writer reports a commit. Does not own the cache or the highlighting
/// repository (one per application).
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(Store::Cache &cache, KSyntaxHighlighting::Repository &highlighting, QWidget *parent = nullptr);
    ~MainWindow() override;

    static constexpr int pageSize = 50;

public Q_SLOTS:
    void setServerStatus(const QString &text, bool reachable);
    /// Progress of a long job (e.g. filling the cache), shown in the status bar; done >= total hides it.
    void setProgress(const QString &what, qint64 done, qint64 total);
    void showMessage(const QString &text);

private:
    void buildUi();
    void runSearch();
    void showCustomers();
    void openCustomer(const QUuid &customerId, const QUuid &focusInteraction = {});
    void loadOlder();
    void fillViewport();
    void showInteraction(const QUuid &interactionId);
    void onCommitted(const Store::ChangeSet &changes);
    void reportError(const QString &what, const QString &message);

    Store::Cache &m_cache;
    Store::SqliteDatabase m_reader;
    KSyntaxHighlighting::Repository &m_highlighting;

    QLineEdit *m_search = nullptr;
    QListWidget *m_results = nullptr;
    QTreeWidget *m_timeline = nullptr;
    QPlainTextEdit *m_record = nullptr;
    KSyntaxHighlighting::SyntaxHighlighter *m_highlighter = nullptr;
    QLabel *m_serverLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    QTimer m_searchDelay;
    QTimer m_refreshDelay;

    QUuid m_customer;
    std::optional<Store::TimelineKey> m_oldestLoaded;
    bool m_timelineComplete = false;
    bool m_loading = false;
};

} // namespace Threadline::Ui
