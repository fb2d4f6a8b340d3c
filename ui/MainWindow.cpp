// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "Cache.h"
#include "CacheWriter.h"
#include "CustomerRepository.h"
#include "RecordJson.h"
#include "SearchRepository.h"
#include "SyncProblemsDialog.h"
#include "SyncStatusWidget.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#include <QAction>
#include <QApplication>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Threadline::Ui {

namespace {

const QString workOfflineKey = QStringLiteral("sync/workOffline");

constexpr int IdRole = Qt::UserRole + 1;
constexpr int FocusRole = Qt::UserRole + 2;

QString channelLabel(Channel c)
{
    switch (c) {
    case Channel::Call:
        return MainWindow::tr("Call");
    case Channel::Chat:
        return MainWindow::tr("Chat");
    case Channel::Email:
        return MainWindow::tr("Email");
    case Channel::Letter:
        return MainWindow::tr("Letter");
    case Channel::Note:
        return MainWindow::tr("Note");
    }
    return {};
}

QString directionLabel(Direction d)
{
    switch (d) {
    case Direction::Inbound:
        return MainWindow::tr("In");
    case Direction::Outbound:
        return MainWindow::tr("Out");
    case Direction::Internal:
        return MainWindow::tr("Internal");
    }
    return {};
}

} // namespace

MainWindow::MainWindow(Store::Cache &cache, KSyntaxHighlighting::Repository &highlighting, QWidget *parent)
    : QMainWindow(parent)
    , m_cache(cache)
    , m_highlighting(highlighting)
{
    setWindowTitle(tr("Threadline"));
    buildUi();

    auto reader = m_cache.openReader();
    if (reader)
        m_reader = std::move(*reader);
    else
        reportError(tr("Opening the cache for reading failed"), reader.error().message);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(120);
    connect(&m_searchDelay, &QTimer::timeout, this, &MainWindow::runSearch);
    m_refreshDelay.setSingleShot(true);
    m_refreshDelay.setInterval(300);
    connect(&m_refreshDelay, &QTimer::timeout, this, &MainWindow::refreshAfterCommits);
    connect(&m_cache.writer(), &Store::CacheWriter::committed, this, &MainWindow::onCommitted);
    showCustomers();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi()
{
    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    auto *syncMenu = menuBar()->addMenu(tr("&Sync"));
    m_workOffline = syncMenu->addAction(tr("Work &offline"));
    m_workOffline->setCheckable(true);
    m_workOffline->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_workOffline->setToolTip(
        tr("Stop connecting to the server; changes wait in the cache until you go online."));
    m_workOffline->setChecked(QSettings().value(workOfflineKey, false).toBool());
    connect(m_workOffline, &QAction::toggled, this, [this](bool offline) {
        if (m_rememberWorkOffline)
            QSettings().setValue(workOfflineKey, offline);
        m_syncStatus->setWorkOffline(offline);
        Q_EMIT workOfflineChanged(offline);
    });
    m_signIn = syncMenu->addAction(tr("&Sign in…"), this, &MainWindow::signInRequested);
    m_problems
        = syncMenu->addAction(tr("&Conflicts and refused changes…"), this, &MainWindow::showSyncProblems);
    m_problems->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));

    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Threadline"), this, [this] {
        QMessageBox::about(
            this, tr("About Threadline"),
            tr("Threadline %1\nEvery call, chat, email and letter from a citizen on one timeline.")
                .arg(QApplication::applicationVersion()));
    });

    m_search = new QLineEdit;
    m_search->setPlaceholderText(tr("Search people and conversations (Ctrl+K)"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search"));
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay.stop();
        runSearch();
        if (m_results->count() > 0) {
            m_results->setCurrentRow(0);
            m_results->setFocus();
        }
    });
    auto *focusSearch = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_K), this);
    connect(focusSearch, &QShortcut::activated, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    auto *slash = new QShortcut(QKeySequence(Qt::Key_Slash), this);
    slash->setContext(Qt::WindowShortcut);
    connect(slash, &QShortcut::activated, this, [this] {
        if (!m_search->hasFocus()) {
            m_search->setFocus();
            m_search->selectAll();
        }
    });

    m_results = new QListWidget;
    m_results->setAccessibleName(tr("People and results"));
    m_results->setUniformItemSizes(false);
    m_results->setWordWrap(true);
    connect(m_results, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item)
            openCustomer(item->data(IdRole).toUuid(), item->data(FocusRole).toUuid());
    });

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_results);

    m_timeline = new QTreeWidget;
    m_timeline->setAccessibleName(tr("Timeline"));
    m_timeline->setRootIsDecorated(false);
    m_timeline->setUniformRowHeights(true);
    m_timeline->setHeaderLabels({tr("When"), tr("Channel"), tr("Direction"), tr("Subject")});
    m_timeline->header()->setStretchLastSection(true);
    for (int column = 0; column < 3; ++column)
        m_timeline->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    connect(m_timeline, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item)
            showInteraction(item->data(0, IdRole).toUuid());
    });
    // Load older rows when the view is scrolled to the end, and also while the loaded rows do not
    // yet fill the view (then there is nothing to scroll, and the range change is the cue).
    const auto loadWhenAtEnd = [this] {
        const QScrollBar *bar = m_timeline->verticalScrollBar();
        if (bar->value() >= bar->maximum() - 2)
            loadOlder();
    };
    connect(m_timeline->verticalScrollBar(), &QScrollBar::valueChanged, this, loadWhenAtEnd);
    connect(m_timeline->verticalScrollBar(), &QScrollBar::rangeChanged, this, loadWhenAtEnd);

    m_record = new QPlainTextEdit;
    m_record->setReadOnly(true);
    m_record->setAccessibleName(tr("Stored record"));
    m_record->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_highlighter = new KSyntaxHighlighting::SyntaxHighlighter(m_record->document());
    m_highlighter->setDefinition(m_highlighting.definitionForName(QStringLiteral("JSON")));
    m_highlighter->setTheme(m_highlighting.themeForPalette(palette()));

    auto *splitter = new QSplitter;
    splitter->addWidget(left);
    splitter->addWidget(m_timeline);
    splitter->addWidget(m_record);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 2);
    splitter->setSizes({330, 560, 390});
    setCentralWidget(splitter);

    m_progress = new QProgressBar;
    m_progress->setAccessibleName(tr("Progress"));
    m_progress->setMaximumWidth(220);
    m_progress->setVisible(false);
    m_syncStatus = new SyncStatusWidget;
    m_syncStatus->setWorkOffline(m_workOffline->isChecked());
    connect(m_syncStatus, &SyncStatusWidget::problemsRequested, this, &MainWindow::showSyncProblems);
    // Permanent widgets stay visible while a transient message is shown.
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_syncStatus);
    resize(1280, 800);
}

bool MainWindow::workOffline() const
{
    return m_workOffline->isChecked();
}

void MainWindow::setWorkOffline(bool offline, bool remember)
{
    m_rememberWorkOffline = remember;
    m_workOffline->setChecked(offline);
    m_rememberWorkOffline = true;
}

void MainWindow::setSyncAvailable(bool available)
{
    m_workOffline->setEnabled(available);
    m_signIn->setEnabled(available);
    m_syncStatus->setServerless(!available);
}

void MainWindow::showSyncProblems()
{
    if (!m_problemsDialog) {
        m_problemsDialog = new SyncProblemsDialog(m_cache, this);
        m_problemsDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_problemsDialog->show();
    m_problemsDialog->raise();
    m_problemsDialog->activateWindow();
}

void MainWindow::setProgress(const QString &what, qint64 done, qint64 total)
{
    const bool busy = total > 0 && done < total;
    m_progress->setVisible(busy);
    if (busy) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(done * 1000 / total));
        m_progress->setFormat(what + QStringLiteral(" %p%"));
    }
}

void MainWindow::showMessage(const QString &text)
{
    statusBar()->showMessage(text, 8000);
}

void MainWindow::reportError(const QString &what, const QString &message)
{
    statusBar()->showMessage(what + QStringLiteral(": ") + message);
}

void MainWindow::showCustomers()
{
    auto list = Store::CustomerRepository(m_reader).list(500);
    if (!list) {
        reportError(tr("Reading customers failed"), list.error().message);
        return;
    }
    const QUuid current
        = m_results->currentItem() ? m_results->currentItem()->data(IdRole).toUuid() : QUuid();
    QSignalBlocker block(m_results);
    m_results->clear();
    for (const Store::CustomerSummary &c : std::as_const(*list)) {
        // The count stands alone: plural wording needs the translations, which arrive with the
        // workstation's language support.
        auto *item = new QListWidgetItem(tr("%1 · %2 (%3)", "name · postcode (number of contacts)")
                                             .arg(c.displayName, c.postcode)
                                             .arg(c.interactionCount));
        item->setToolTip(tr("%1 contacts on the timeline").arg(c.interactionCount));
        item->setData(IdRole, c.id);
        m_results->addItem(item);
        if (c.id == current)
            m_results->setCurrentItem(item);
    }
}

void MainWindow::runSearch()
{
    const QString text = m_search->text().trimmed();
    if (text.isEmpty()) {
        showCustomers();
        return;
    }
    Store::SearchRepository search(m_reader);
    auto people = search.customers(text, 10);
    auto items = search.interactions(text, 50);
    if (!people || !items) {
        reportError(tr("Search failed"), people ? items.error().message : people.error().message);
        return;
    }
    QSignalBlocker block(m_results);
    m_results->clear();
    for (const Store::CustomerHit &hit : std::as_const(*people)) {
        auto *item = new QListWidgetItem(tr("%1 — %2").arg(hit.displayName, hit.snippet.text));
        item->setData(IdRole, hit.customerId);
        m_results->addItem(item);
    }
    for (const Store::InteractionHit &hit : std::as_const(*items)) {
        auto *item = new QListWidgetItem(
            tr("%1 · %2 · %3\n%4")
                .arg(hit.customerName, channelLabel(hit.channel),
                     QLocale().toString(hit.occurredAt.toLocalTime(), QLocale::ShortFormat),
                     hit.snippet.text));
        item->setData(IdRole, hit.customerId);
        item->setData(FocusRole, hit.interactionId);
        m_results->addItem(item);
    }
    showMessage(tr("Matches: %1 people, %2 conversations").arg(people->size()).arg(items->size()));
}

void MainWindow::openCustomer(const QUuid &customerId, const QUuid &focusInteraction)
{
    m_customer = customerId;
    m_oldestLoaded.reset();
    m_timelineComplete = false;
    m_timeline->clear();
    m_record->clear();
    loadOlder();
    if (focusInteraction.isNull())
        return;
    // Page down until the interaction the search found is loaded, then select it.
    for (;;) {
        for (int n = 0; n < m_timeline->topLevelItemCount(); ++n) {
            QTreeWidgetItem *item = m_timeline->topLevelItem(n);
            if (item->data(0, IdRole).toUuid() == focusInteraction) {
                m_timeline->setCurrentItem(item);
                m_timeline->scrollToItem(item);
                return;
            }
        }
        if (m_timelineComplete)
            return;
        loadOlder();
    }
}

void MainWindow::loadOlder()
{
    if (m_loading || m_timelineComplete || m_customer.isNull())
        return;
    m_loading = true;
    auto page = Store::InteractionRepository(m_reader).page(
        m_customer, m_oldestLoaded, Store::InteractionRepository::PageDirection::Older, pageSize);
    m_loading = false;
    if (!page) {
        reportError(tr("Reading the timeline failed"), page.error().message);
        m_timelineComplete = true;
        return;
    }
    for (const Store::TimelineEntry &e : std::as_const(*page)) {
        auto *item = new QTreeWidgetItem(
            {QLocale().toString(e.occurredAt.toLocalTime(), QLocale::ShortFormat), channelLabel(e.channel),
             directionLabel(e.direction),
             e.subject.isEmpty() ? e.preview.left(120)
                                 : e.subject + QStringLiteral(" — ") + e.preview.left(120)});
        item->setData(0, IdRole, e.id);
        if (e.hasDefects)
            item->setToolTip(3, tr("This email could not be fully read; its raw source is kept."));
        m_timeline->addTopLevelItem(item);
    }
    if (!page->isEmpty())
        m_oldestLoaded = page->last().key();
    m_timelineComplete = page->size() < pageSize;
    if (!m_timelineComplete)
        QTimer::singleShot(0, this, &MainWindow::fillViewport);
}

void MainWindow::fillViewport()
{
    // With no scroll bar yet there is nothing to scroll to the end: keep loading until the rows
    // reach the bottom of the view. (visualItemRect lays out pending rows first.)
    const int count = m_timeline->topLevelItemCount();
    if (count == 0 || m_timelineComplete)
        return;
    if (m_timeline->visualItemRect(m_timeline->topLevelItem(count - 1)).bottom()
        < m_timeline->viewport()->height())
        loadOlder();
}

void MainWindow::showInteraction(const QUuid &interactionId)
{
    auto found = Store::InteractionRepository(m_reader).find(interactionId);
    if (!found || !found->has_value()) {
        m_record->setPlainText(found ? tr("This item is no longer in the cache.") : found.error().message);
        return;
    }
    m_record->setPlainText(
        QString::fromUtf8(QJsonDocument(recordJson(found->value())).toJson(QJsonDocument::Indented)));
}

void MainWindow::onCommitted(const Store::ChangeSet &changes)
{
    if (changes.customers.isEmpty())
        return;
    if (!m_customer.isNull() && changes.customers.contains(m_customer))
        m_timelineStale = true;
    // Throttle, not debounce: during a long catch-up commits keep coming, and the list must
    // still move while they do.
    if (!m_refreshDelay.isActive())
        m_refreshDelay.start();
}

void MainWindow::refreshAfterCommits()
{
    if (m_search->text().trimmed().isEmpty())
        showCustomers();
    if (m_customer.isNull() || (!m_timelineStale && m_timeline->topLevelItemCount() > 0))
        return;
    m_timelineStale = false;
    // Read the timeline again, keeping the selected item (and its record) when it is still loaded.
    const QUuid selected
        = m_timeline->currentItem() ? m_timeline->currentItem()->data(0, IdRole).toUuid() : QUuid();
    const int scroll = m_timeline->verticalScrollBar()->value();
    {
        QSignalBlocker block(m_timeline);
        m_oldestLoaded.reset();
        m_timelineComplete = false;
        m_timeline->clear();
        loadOlder();
        for (int n = 0; !selected.isNull() && n < m_timeline->topLevelItemCount(); ++n) {
            if (m_timeline->topLevelItem(n)->data(0, IdRole).toUuid() == selected) {
                m_timeline->setCurrentItem(m_timeline->topLevelItem(n));
                break;
            }
        }
    }
    m_timeline->verticalScrollBar()->setValue(scroll);
}

} // namespace Threadline::Ui
