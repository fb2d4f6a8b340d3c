// SPDX-License-Identifier: GPL-3.0-or-later
// The main window over a real cache, offscreen: it opens, lists people, shows a timeline that
// pages as you scroll, shows a record as JSON, searches, follows the keyboard, shows the sync
// engine's states and counts in the status bar, switches work-offline, and lists conflicts and
// refused changes from the cache's tables.

#include "../store/Fixtures.h"
#include "AttachmentSaver.h"
#include "Cache.h"
#include "CacheRecoveryText.h"
#include "CacheWriter.h"
#include "ChatPanel.h"
#include "ConflictRepository.h"
#include "CustomerRepository.h"
#include "DetailPane.h"
#include "InteractionRepository.h"
#include "ItemRoles.h"
#include "LiveChatModel.h"
#include "MainWindow.h"
#include "ModelHub.h"
#include "Outbox.h"
#include "ProfileModel.h"
#include "ResultDelegate.h"
#include "SafeHtmlView.h"
#include "SyncProblemsDialog.h"
#include "SyncStatusWidget.h"
#include "TimelineDelegate.h"
#include "TimelineModel.h"
#include "WidgetLookup.h"

#include <KSyntaxHighlighting/Repository>
#include <QAction>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeView>

using namespace Threadline;
using namespace Fixtures;
using Sync::SyncStateKind;
using Sync::SyncStatus;

namespace { } // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<Store::Cache> m_cache;
    KSyntaxHighlighting::Repository m_highlighting;
    Customer m_busy
        = customer(QStringLiteral("Eleri Vaughan"), QStringLiteral("SA1 1AA"), QStringLiteral("cy"));
    Customer m_quiet = customer(QStringLiteral("Adam Quiet"));
    QList<Interaction> m_items;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // QSettings go to a test location
        QSettings().clear();
        auto cache = Store::Cache::open(
            {m_dir.filePath(QStringLiteral("ui.sqlite")), Store::CacheOptions::IntegrityCheck::Auto});
        QVERIFY(cache);
        m_cache = std::move(*cache);
        for (int n = 0; n < 180; ++n)
            m_items.append(note(m_busy.id, at(2026, 1, 1).addSecs(n * 600), QStringLiteral("Nodyn %1").arg(n),
                                QStringLiteral("Ffoniodd am y dreth gyngor")));
        m_items.append(email(m_quiet.id, at(2026, 2, 1), QStringLiteral("Missed bin collection"),
                             QStringLiteral("The bin on Heol y Frenhines was missed again"),
                             QStringLiteral("adam@example.org")));
        auto done = m_cache->writer().submit([this](Store::CacheWriter::Context &ctx) -> Status {
            if (Status s = Store::CustomerRepository(ctx.db).upsert({m_busy, m_quiet}); !s)
                return s;
            return Store::InteractionRepository(ctx.db).upsert(m_items);
        });
        QVERIFY(done.result());
    }

    void cleanupTestCase() { m_cache.reset(); }

    void opensAndListsPeople()
    {
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QListView *people = window.peopleView();
        QCOMPARE(people->accessibleName(), QStringLiteral("People"));
        // Nobody chosen yet: the centre says what to do.
        auto *hint = named<QLabel>(&window, QStringLiteral("Timeline hint"));
        QVERIFY(hint && hint->isVisible());
        QVERIFY(!window.timelineView()->isVisible());
        QTRY_COMPARE(people->model()->rowCount(), 2);
        const QModelIndex first = people->model()->index(0, 0);
        QCOMPARE(Ui::ResultDelegate::firstLine(first), QStringLiteral("Adam Quiet"));
        QCOMPARE(Ui::ResultDelegate::secondLine(people->model()->index(1, 0)),
                 QStringLiteral("SA1 1AA · Contacts: 180"));
    }

    void timelinePagesAndShowsRecords()
    {
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QListView *people = window.peopleView();
        QListView *timeline = window.timelineView();
        QTRY_COMPARE(people->model()->rowCount(), 2);
        people->setCurrentIndex(people->model()->index(1, 0)); // Eleri: 180 notes
        QAbstractItemModel *rows = timeline->model();
        QTRY_VERIFY(rows->rowCount() >= Models::TimelineModel::pageSize);
        QVERIFY(rows->rowCount() < 180); // paged, not everything at once
        QCOMPARE(rows->index(0, 0).data(Models::SubjectRole).toString(),
                 QStringLiteral("Nodyn 179")); // newest first
        // Scrolling to the end loads the next page, until everything is there.
        QTRY_VERIFY_WITH_TIMEOUT((timeline->scrollToBottom(), rows->rowCount() == 180), 10000);
        QCOMPARE(rows->index(179, 0).data(Models::SubjectRole).toString(), QStringLiteral("Nodyn 0"));

        // Arrows move, Enter reads the contact.
        timeline->setFocus();
        timeline->setCurrentIndex(rows->index(0, 0));
        QTest::keyClick(timeline, Qt::Key_Down);
        QCOMPARE(timeline->currentIndex().row(), 1);
        QTest::keyClick(timeline, Qt::Key_Up);
        QCOMPARE(timeline->currentIndex().row(), 0);
        Ui::DetailPane *detail = window.detailPane();
        QTRY_VERIFY(detail->record()->toPlainText().contains(QStringLiteral("\"subject\": \"Nodyn 179\"")));
        QVERIFY(detail->record()->toPlainText().contains(QStringLiteral("\"channel\": \"note\"")));
        QVERIFY(detail->message()->toPlainText().contains(QStringLiteral("Ffoniodd am y dreth gyngor")));
        QTest::keyClick(timeline, Qt::Key_Return);
        QVERIFY(detail->message()->hasFocus());
    }

    void searchFromTheKeyboardOpensTheMatch()
    {
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();
        QTRY_VERIFY(window.isActiveWindow());
        QLineEdit *search = window.searchField();
        QTreeView *results = window.resultsView();
        QListView *timeline = window.timelineView();
        QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
        QTRY_VERIFY(search->hasFocus());
        QTest::keyClicks(search, QStringLiteral("bin colle"));
        QTest::keyClick(search, Qt::Key_Return);
        // Enter opens the best match's conversation: Adam Quiet's email, selected on his timeline.
        QTRY_VERIFY(results->currentIndex().isValid());
        QVERIFY(results->isVisible());
        QVERIFY(results->hasFocus());
        QCOMPARE(results->currentIndex().data(Models::DisplayNameRole).toString(),
                 QStringLiteral("Adam Quiet"));
        QTRY_COMPARE(timeline->model()->rowCount(), 1);
        QTRY_VERIFY(timeline->currentIndex().isValid());
        QCOMPARE(timeline->currentIndex().data(Models::SubjectRole).toString(),
                 QStringLiteral("Missed bin collection"));
        // The match is highlighted in the excerpt.
        const QString snippet = results->currentIndex().data(Models::SnippetRole).toString();
        const QVariantList ranges = results->currentIndex().data(Models::HighlightsRole).toList();
        QVERIFY(!ranges.isEmpty());
        QCOMPARE(snippet.mid(ranges.first().toPoint().x(), 3).toLower(), QStringLiteral("bin"));

        // Enter on the result moves to the timeline; Ctrl+U shows the email's raw source.
        QTest::keyClick(results, Qt::Key_Return);
        QVERIFY(timeline->hasFocus());
        Ui::DetailPane *detail = window.detailPane();
        QTRY_VERIFY(detail->message()->toPlainText().contains(QStringLiteral("From: adam@example.org")));
        QTest::keyClick(timeline, Qt::Key_U, Qt::ControlModifier);
        QCOMPARE(detail->tabs()->currentWidget(), detail->source());
        QVERIFY(detail->source()->toPlainText().startsWith(QStringLiteral("From: adam@example.org")));

        // Welsh, typed without the circumflex.
        QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
        QTest::keyClicks(search, QStringLiteral("gyngor"));
        QTest::keyClick(search, Qt::Key_Return);
        QTRY_VERIFY(results->model()->rowCount() > 0);
        QTRY_COMPARE(results->currentIndex().data(Models::DisplayNameRole).toString(),
                     QStringLiteral("Eleri Vaughan"));

        // Clearing the search shows the people again.
        search->clear();
        QTRY_VERIFY(window.peopleView()->isVisible());
    }

    void recentCustomersAreTheOnesOpenedHere()
    {
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QListView *people = window.peopleView();
        QTRY_VERIFY(people->model()->rowCount() >= 2);
        const auto rowOf = [&](const Customer &c) {
            for (int r = 0; r < people->model()->rowCount(); ++r)
                if (people->model()->index(r, 0).data(Models::IdRole).toUuid() == c.id)
                    return r;
            return -1;
        };
        people->setCurrentIndex(people->model()->index(rowOf(m_busy), 0));
        QTRY_COMPARE(window.models().profile().customerId(), m_busy.id);
        people->setCurrentIndex(people->model()->index(rowOf(m_quiet), 0)); // leaving Eleri marks her seen
        QTRY_COMPARE(window.models().profile().customerId(), m_quiet.id);

        auto *which = named<QComboBox>(&window, QStringLiteral("Which people"));
        QVERIFY(which);
        which->setFocus();
        QTest::keyClick(which, Qt::Key_Down); // "Opened recently": the last one left comes first
        QTRY_VERIFY(people->model()->rowCount() >= 1);
        QCOMPARE(people->model()->index(0, 0).data(Models::IdRole).toUuid(), m_busy.id);
        QVERIFY(people->model()->index(0, 0).data(Models::ViewedAtRole).toDateTime().isValid());
        QTest::keyClick(which, Qt::Key_Up);
        QTRY_VERIFY(people->model()->rowCount() >= 2);
    }

    void detailPaneShowsChatsCallsAndEmailsAsPlainText()
    {
        Ui::DetailPane pane(m_highlighting);
        Interaction chat
            = note(m_quiet.id, at(2026, 5, 1, 9), QStringLiteral("Web chat"), QStringLiteral("summary"));
        chat.direction = Direction::Inbound;
        chat.details = ChatDetails {QStringLiteral("s-1"),
                                    {{at(2026, 5, 1, 9, 0, 5), ChatRole::Citizen, QString(),
                                      QStringLiteral("Is my bin day changing?")},
                                     {at(2026, 5, 1, 9, 1), ChatRole::Agent, QStringLiteral("Dana"),
                                      QStringLiteral("Yes, to Friday.")}}};
        pane.showInteraction(chat);
        const QString text = pane.message()->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("Citizen: Is my bin day changing?")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Dana: Yes, to Friday.")));
        QVERIFY(!pane.tabs()->isTabEnabled(pane.tabs()->indexOf(pane.source()))); // no raw source for a chat
        QVERIFY(!pane.tabs()->isTabEnabled(pane.tabs()->indexOf(pane.formatted())));

        // Markup in a message is shown as it was written, never interpreted.
        Interaction mail
            = email(m_quiet.id, at(2026, 5, 2), QStringLiteral("Hi"),
                    QStringLiteral("<img src=\"http://tracker.example/p.gif\"><script>alert(1)</script>"),
                    QStringLiteral("x@example.org"));
        pane.showInteraction(mail);
        QVERIFY(pane.message()->toPlainText().contains(QStringLiteral("<script>alert(1)</script>")));
        QVERIFY(pane.tabs()->isTabEnabled(pane.tabs()->indexOf(pane.source())));
        QVERIFY(!pane.tabs()->isTabEnabled(pane.tabs()->indexOf(pane.formatted()))); // no HTML part

        // An HTML part shows formatted, but nothing it names is fetched or read: not the tracking
        // pixel, not a file of this machine, not a style sheet.
        std::get<EmailDetails>(mail.details).html = QStringLiteral(
            "<html><head><link rel=\"stylesheet\" href=\"http://tracker.example/s.css\"></head><body>"
            "<p>The damp is <b>back</b>.</p><img src=\"http://tracker.example/p.gif\">"
            "<img src=\"file:///etc/hostname\"><script>alert(1)</script></body></html>");
        pane.showInteraction(mail);
        QVERIFY(pane.tabs()->isTabEnabled(pane.tabs()->indexOf(pane.formatted())));
        QVERIFY2(pane.formatted()->toPlainText().contains(QStringLiteral("The damp is back.")),
                 qPrintable(pane.formatted()->toPlainText()));
        QVERIFY(!pane.formatted()->toPlainText().contains(QStringLiteral("alert")));
        pane.tabs()->setCurrentWidget(pane.formatted());
        pane.resize(600, 400);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QTRY_VERIFY(pane.formatted()->refusedResources() >= 2); // asked for, and refused
        QCOMPARE(pane.formatted()->loadResource(QTextDocument::ImageResource,
                                                QUrl(QStringLiteral("file:///etc/hostname"))),
                 QVariant());
        pane.hide();

        const Interaction phone
            = call(m_quiet.id, at(2026, 5, 3), QStringLiteral("+447700900123"), QStringLiteral("Notes"));
        pane.showInteraction(phone);
        QVERIFY(pane.message()->toPlainText().contains(
            QStringLiteral("Caller: +447700900123 · 5 min 12 s · answered")));
        QVERIFY(pane.message()->toPlainText().contains(QStringLiteral("Wrap-up: CT-ARREARS")));
    }

    void aRepairedCacheIsExplainedInPlainWords()
    {
        using Ui::CacheRecoveryText;
        const QString corrupt = CacheRecoveryText::message(
            {QStringLiteral("sqlite_corrupt"), QStringLiteral("database disk image is malformed"),
             QStringLiteral("/home/a/cache.sqlite.damaged-1"), 3, true, QString()});
        QVERIFY(corrupt.contains(QStringLiteral("parts of it are corrupt")));
        QVERIFY(corrupt.contains(QStringLiteral("/home/a/cache.sqlite.damaged-1")));
        QVERIFY(corrupt.contains(QStringLiteral("Unsent changes recovered from it: 3.")));
        QVERIFY(!corrupt.contains(QStringLiteral("malformed"))); // a known code is worded, not quoted
        const QString unknown = CacheRecoveryText::message(
            {QStringLiteral("sqlite_ioerr"), QStringLiteral("disk I/O error"), QStringLiteral("x"), 0, false,
             QStringLiteral("file is not a database")});
        QVERIFY(unknown.contains(QStringLiteral("disk I/O error")));
        QVERIFY(unknown.contains(QStringLiteral("could not be read (file is not a database)")));
        QVERIFY(!unknown.contains(QStringLiteral("nothing of yours was lost")));
        QVERIFY(CacheRecoveryText::message(
                    {QStringLiteral("schema_too_new"), {}, QStringLiteral("x"), 0, true, {}})
                    .contains(QStringLiteral("nothing of yours was lost")));
    }

    void newDataAppearsWithoutReopening()
    {
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QAbstractItemModel *people = window.peopleView()->model();
        QTRY_VERIFY(people->rowCount() >= 2);
        const int before = people->rowCount();
        window.peopleView()->setCurrentIndex(people->index(1, 0));
        const QUuid selected = window.peopleView()->currentIndex().data(Models::IdRole).toUuid();
        Customer added = customer(QStringLiteral("Aaron First")); // sorts above the selection
        m_cache->writer().submit([added](Store::CacheWriter::Context &ctx) {
            return Store::CustomerRepository(ctx.db).upsert({added}, &ctx.changes);
        });
        QTRY_COMPARE(people->rowCount(), before + 1);
        QCOMPARE(people->index(0, 0).data(Models::IdRole).toUuid(), added.id);
        // The selection stayed on the same person.
        QCOMPARE(window.peopleView()->currentIndex().data(Models::IdRole).toUuid(), selected);
    }

    void statusAreaShowsStatesAndCounts()
    {
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Ui::SyncStatusWidget *status = window.syncStatus();
        QVERIFY(status);
        QVERIFY(window.statusBar()->isAncestorOf(status));
        auto *state = named<QLabel>(status, QStringLiteral("Sync state"));
        auto *pending = named<QLabel>(status, QStringLiteral("Changes waiting to be sent"));
        auto *error = named<QLabel>(status, QStringLiteral("Last sync error"));
        auto *conflicts = named<QToolButton>(status, QStringLiteral("Conflicts"));
        auto *rejected = named<QToolButton>(status, QStringLiteral("Refused changes"));
        auto *quarantined = named<QToolButton>(status, QStringLiteral("Set-aside server changes"));
        auto *progress = named<QProgressBar>(status, QStringLiteral("Catch-up progress"));
        QVERIFY(state && pending && error && conflicts && rejected && quarantined && progress);

        // Every state has its own words.
        const QList<std::pair<SyncStateKind, QString>> states = {
            {SyncStateKind::Offline, QStringLiteral("Offline")},
            {SyncStateKind::Connecting, QStringLiteral("Connecting…")},
            {SyncStateKind::Authenticating, QStringLiteral("Signing in…")},
            {SyncStateKind::CatchingUp, QStringLiteral("Catching up…")},
            {SyncStateKind::Live, QStringLiteral("Up to date")},
        };
        for (const auto &[kind, words] : states) {
            SyncStatus s;
            s.state = kind;
            status->setStatus(s);
            QCOMPARE(state->text(), words);
        }
        // Nothing to report: no counts, no error.
        QVERIFY(pending->isHidden());
        QVERIFY(conflicts->isHidden());
        QVERIFY(rejected->isHidden());
        QVERIFY(quarantined->isHidden());
        QVERIFY(error->isHidden());

        // Waiting to retry: when, and why.
        SyncStatus failing;
        failing.state = SyncStateKind::Backoff;
        failing.nextAttempt = QDateTime::currentDateTimeUtc().addSecs(30);
        failing.lastError = {Sync::SyncError::Kind::Unreachable,
                             {},
                             QStringLiteral("Connection refused"),
                             QStringLiteral("ws://127.0.0.1:1")};
        const QString failingWords
            = QStringLiteral("Cannot reach the server at ws://127.0.0.1:1 (Connection refused).");
        failing.pending = 3;
        failing.conflicts = 2;
        failing.rejected = 1;
        failing.quarantined = 4;
        status->setStatus(failing);
        QCOMPARE(state->text(),
                 QStringLiteral("Disconnected, retrying at %1")
                     .arg(failing.nextAttempt.toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
        QVERIFY(!error->isHidden());
        QCOMPARE(error->toolTip(), failingWords);
        QVERIFY(state->toolTip().contains(failingWords));
        QVERIFY(!pending->isHidden());
        QCOMPARE(pending->text(), QStringLiteral("To send: 3"));
        QVERIFY(!conflicts->isHidden());
        QCOMPARE(conflicts->text(), QStringLiteral("Conflicts: 2"));
        QCOMPARE(rejected->text(), QStringLiteral("Refused: 1"));
        QCOMPARE(quarantined->text(), QStringLiteral("Set aside: 4"));

        // Catch-up shows done/total while it runs, and goes away when done.
        SyncStatus catchingUp;
        catchingUp.state = SyncStateKind::CatchingUp;
        catchingUp.agentName = QStringLiteral("Dana Agent");
        status->setStatus(catchingUp);
        QVERIFY(progress->isHidden());
        status->setProgress(2500, 20000);
        QVERIFY(!progress->isHidden());
        auto *count = named<QLabel>(status, QStringLiteral("Catch-up count"));
        QVERIFY(count && !count->isHidden());
        QCOMPARE(count->text(),
                 QStringLiteral("%1 of %2").arg(QLocale().toString(2500), QLocale().toString(20000)));
        QCOMPARE(progress->value(), 125); // per mille
        QVERIFY(state->toolTip().contains(QStringLiteral("Dana Agent")));
        status->setProgress(20000, 20000);
        QVERIFY(progress->isHidden());
        QVERIFY(count->isHidden());
        status->setProgress(19000, 20000);
        catchingUp.state = SyncStateKind::Live;
        status->setStatus(catchingUp);
        QVERIFY(progress->isHidden()); // live: catch-up is over whatever the last count said
        QVERIFY(error->isHidden());
        QVERIFY(conflicts->isHidden());
    }

    void countButtonsOpenTheProblemsList()
    {
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        SyncStatus s;
        s.state = SyncStateKind::Live;
        s.rejected = 1;
        window.syncStatus()->setStatus(s);
        auto *rejected = named<QToolButton>(window.syncStatus(), QStringLiteral("Refused changes"));
        QVERIFY(rejected);
        QCOMPARE(rejected->focusPolicy(), Qt::StrongFocus);
        QVERIFY(!window.findChild<Ui::SyncProblemsDialog *>());
        rejected->setFocus();
        QTest::keyClick(rejected, Qt::Key_Space); // the keyboard works as well as a click
        QTRY_VERIFY(window.findChild<Ui::SyncProblemsDialog *>());
        QVERIFY(window.findChild<Ui::SyncProblemsDialog *>()->isVisible());
    }

    void workOfflineActionTogglesAndIsRemembered()
    {
        QSettings().remove(QStringLiteral("sync/workOffline"));
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();
        QTRY_VERIFY(window.isActiveWindow());
        QAction *action = window.workOfflineAction();
        QVERIFY(action->isCheckable());
        QVERIFY(!action->isChecked());
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
        QSignalSpy changed(&window, &Ui::MainWindow::workOfflineChanged);
        auto *state = named<QLabel>(window.syncStatus(), QStringLiteral("Sync state"));

        QTest::keyClick(&window, Qt::Key_O, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.takeFirst().at(0).toBool(), true);
        QVERIFY(window.workOffline());
        QCOMPARE(state->text(), QStringLiteral("Working offline"));
        QCOMPARE(QSettings().value(QStringLiteral("sync/workOffline")).toBool(), true);

        {
            // The next window starts offline, as it was left.
            Ui::MainWindow next(*m_cache, m_highlighting);
            QVERIFY(next.workOffline());
        }

        action->trigger();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.takeFirst().at(0).toBool(), false);
        QCOMPARE(state->text(), QStringLiteral("Offline"));
        QCOMPARE(QSettings().value(QStringLiteral("sync/workOffline")).toBool(), false);

        // A choice for this run only (--work-offline, or a cancelled sign-in) is not remembered.
        window.setWorkOffline(true, false);
        QCOMPARE(changed.count(), 1);
        QVERIFY(window.workOffline());
        QCOMPARE(QSettings().value(QStringLiteral("sync/workOffline")).toBool(), false);
    }

    void noServerDisablesSync()
    {
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.setSyncAvailable(false);
        QVERIFY(!window.workOfflineAction()->isEnabled());
        QCOMPARE(window.syncStatus()->stateText(), QStringLiteral("No server: demo data"));
    }

    void problemsListShowsConflictsAndRefusedChanges()
    {
        Conflict conflict;
        conflict.id = QUuid::createUuid();
        conflict.mutationId = QUuid::createUuid();
        conflict.entity = QStringLiteral("customer");
        conflict.entityId = m_quiet.id;
        conflict.field = QStringLiteral("preferred_language");
        conflict.attemptedValue = QCborValue(QStringLiteral("cy"));
        conflict.keptValue = QCborValue(QStringLiteral("en"));
        conflict.baseVersion = 1;
        conflict.keptVersion = 2;
        conflict.at = at(2026, 3, 1);
        Store::OutboxEntry refused;
        refused.mutationId = QUuid::createUuid();
        refused.operation = QStringLiteral("case.update");
        refused.entityId = m_busy.id;
        refused.payload = QByteArray("\xa0", 1);
        refused.createdAt = at(2026, 3, 2);
        auto done = m_cache->writer().submit([&](Store::CacheWriter::Context &ctx) -> Status {
            if (Status s = Store::ConflictRepository(ctx.db).insert({conflict}, &ctx.changes); !s)
                return s;
            Store::Outbox outbox(ctx.db);
            if (Status s = outbox.enqueue(refused, &ctx.changes); !s)
                return s;
            return outbox.reject(refused.mutationId, QStringLiteral("The case is closed; reopen it first."),
                                 &ctx.changes);
        });
        QVERIFY2(done.result(), qPrintable(done.result().error().message));

        Models::ModelHub hub(*m_cache);
        Ui::SyncProblemsDialog dialog(hub);
        QTreeView *list = dialog.list();
        QAbstractItemModel *rows = list->model();
        QTRY_COMPARE(rows->rowCount(), 3);
        const QModelIndex conflicts = rows->index(0, 0);
        const QModelIndex rejected = rows->index(1, 0);
        const auto text = [&](const QModelIndex &group, int row, int column) {
            return rows->index(row, column, group).data().toString();
        };
        QCOMPARE(conflicts.data().toString(), QStringLiteral("Conflicts (1)"));
        QCOMPARE(rows->rowCount(conflicts), 1);
        QCOMPARE(text(conflicts, 0, 0), QStringLiteral("Conflict (new)"));
        QCOMPARE(text(conflicts, 0, 2), QStringLiteral("Customer Adam Quiet"));
        QVERIFY(text(conflicts, 0, 3).contains(QStringLiteral("preferred_language")));
        QVERIFY(text(conflicts, 0, 3).contains(QStringLiteral("“cy”")));
        QVERIFY(text(conflicts, 0, 3).contains(QStringLiteral("“en”")));
        QCOMPARE(rows->rowCount(rejected), 1);
        QCOMPARE(text(rejected, 0, 0), QStringLiteral("Refused: case.update"));
        QCOMPARE(text(rejected, 0, 2), QStringLiteral("Customer Eleri Vaughan"));
        QCOMPARE(text(rejected, 0, 3), QStringLiteral("The case is closed; reopen it first."));
        QCOMPARE(rows->rowCount(rows->index(2, 0)), 0);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.grab().save(QDir::temp().filePath(QStringLiteral("threadline-problems.png"))));

        // Marking seen goes through the writer; the list follows the commit.
        auto *markSeen = named<QPushButton>(&dialog, QStringLiteral("Mark conflicts as seen"));
        QVERIFY(markSeen && markSeen->isEnabled());
        markSeen->click();
        QTRY_COMPARE(text(rows->index(0, 0), 0, 0), QStringLiteral("Conflict"));
        QVERIFY(!markSeen->isEnabled());
    }

    void openTimelineFollowsNewInteractions()
    {
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QListView *people = window.peopleView();
        QAbstractItemModel *rows = window.timelineView()->model();
        QTRY_VERIFY(people->model()->rowCount() >= 1);
        people->setCurrentIndex(people->model()->index(people->model()->rowCount() - 1, 0)); // Eleri
        QTRY_VERIFY(rows->rowCount() >= 1);
        window.timelineView()->setCurrentIndex(rows->index(3, 0));
        const QUuid selected = window.timelineView()->currentIndex().data(Models::IdRole).toUuid();
        const int before = rows->rowCount();
        QSignalSpy resets(rows, &QAbstractItemModel::modelReset);
        const Interaction arrived = note(m_busy.id, at(2026, 4, 1), QStringLiteral("Synced from the server"),
                                         QStringLiteral("Bin replaced"));
        m_cache->writer().submit([arrived](Store::CacheWriter::Context &ctx) {
            return Store::InteractionRepository(ctx.db).upsert({arrived}, &ctx.changes);
        });
        QTRY_COMPARE(rows->rowCount(), before + 1);
        QCOMPARE(rows->index(0, 0).data(Models::SubjectRole).toString(),
                 QStringLiteral("Synced from the server"));
        QCOMPARE(resets.size(), 0);
        QCOMPARE(window.timelineView()->currentIndex().data(Models::IdRole).toUuid(), selected);
        QCOMPARE(window.timelineView()->currentIndex().row(), 4);
    }

    void statusBarIsReadableAtSmallAndLargeSizes_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x800") << QSize(1280, 800);
        QTest::newRow("800x600") << QSize(800, 600);
    }

    void statusBarIsReadableAtSmallAndLargeSizes()
    {
        QFETCH(QSize, size);
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.resize(size);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        SyncStatus busy;
        busy.state = SyncStateKind::CatchingUp;
        busy.pending = 12;
        busy.conflicts = 2;
        busy.rejected = 1;
        busy.lastError = {Sync::SyncError::Kind::ConnectionLost,
                          {},
                          QStringLiteral("remote host closed the connection"),
                          {}};
        window.syncStatus()->setStatus(busy);
        window.syncStatus()->setProgress(12345, 20000);
        window.statusBar()->showMessage(QStringLiteral("Matches: 3 people, 50 conversations"));
        auto *state = named<QLabel>(window.syncStatus(), QStringLiteral("Sync state"));
        QVERIFY(state);

        // Every piece of the sync area is inside the window and gets at least the width it
        // needs; the state's words and the counts are never cut (the error text may be elided,
        // and is also in its tooltip). Waits for the status bar's layout pass.
        const auto problem = [&]() -> QString {
            const QRect bar = window.statusBar()->rect();
            for (QWidget *w : window.syncStatus()->findChildren<QWidget *>()) {
                if (w->isHidden())
                    continue;
                const QRect inBar(w->mapTo(window.statusBar(), QPoint(0, 0)), w->size());
                if (!bar.contains(inBar))
                    return w->accessibleName() + QStringLiteral(" is outside the status bar");
                const int needed = w->minimumWidth() > 0 ? w->minimumWidth() : w->minimumSizeHint().width();
                if (w->width() < needed)
                    return w->accessibleName() + QStringLiteral(" is squeezed");
                auto *label = qobject_cast<QLabel *>(w);
                if (label && w->accessibleName() != QStringLiteral("Last sync error")
                    && w->width() < label->sizeHint().width())
                    return w->accessibleName() + QStringLiteral(" is cut");
            }
            return {};
        };
        QTRY_COMPARE(problem(), QString());
        const QString file = QDir::temp().filePath(
            QStringLiteral("threadline-statusbar-%1x%2.png").arg(size.width()).arg(size.height()));
        QVERIFY(window.grab().save(file));
    }

    /// An email sent from here says on its timeline row where it stands, in the agent's words,
    /// with the mail server's answer when it was not sent.
    /// A web chat given to the agent shows the dock with the chat chosen and the cursor in the
    /// reply box; Enter sends, Shift+Enter is a new line; news is worded; the customer opens.
    void aLiveChatIsAnsweredFromTheDock()
    {
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Models::LiveChatModel &chats = window.liveChats();
        Ui::ChatPanel *panel = window.chatPanel();
        QVERIFY(!window.chatDock()->isVisible());
        QSignalSpy actions(&chats, &Models::LiveChatModel::actionRequested);
        chats.setConnected(true);

        const QUuid chatId = QUuid::createUuid();
        LiveChatEvent offered;
        offered.kind = ChatEventKind::Offered;
        offered.chat = chatId;
        offered.started = QDateTime::currentDateTimeUtc();
        offered.language = QStringLiteral("cy");
        offered.email = QStringLiteral("eleri@example.org");
        offered.customer = m_busy.id;
        offered.messages = {ChatMessage {
            offered.started, ChatRole::Citizen, {}, QStringLiteral("Mae'r bin <b>heb</b> ei gasglu")}};
        chats.apply(offered);
        QVERIFY(window.chatDock()->isVisible());
        QCOMPARE(panel->currentChat(), chatId);
        QCOMPARE(panel->chatList()->model()->rowCount(), 1);
        QVERIFY2(panel->chatList()->model()->index(0, 0).data().toString().startsWith(
                     QStringLiteral("eleri@example.org, since ")),
                 qPrintable(panel->chatList()->model()->index(0, 0).data().toString()));
        // The citizen's words are text, never markup.
        QVERIFY(
            panel->transcript()->toPlainText().contains(QStringLiteral("Mae'r bin <b>heb</b> ei gasglu")));
        QVERIFY(panel->stateLabel()->text().contains(QStringLiteral("Welsh")));
        QTRY_VERIFY(panel->replyBox()->hasFocus());

        // Shift+Enter is a new line; Enter sends, and the box empties.
        QTest::keyClicks(panel->replyBox(), QStringLiteral("Bore da"));
        QTest::keyClick(panel->replyBox(), Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClicks(panel->replyBox(), QStringLiteral("Byddaf yn gwirio"));
        QVERIFY(panel->sendButton()->isEnabled());
        QTest::keyClick(panel->replyBox(), Qt::Key_Return);
        QList<LiveChatAction> sent;
        for (const QList<QVariant> &args : std::as_const(actions))
            sent.append(args.first().value<LiveChatAction>());
        QVERIFY(std::any_of(sent.cbegin(), sent.cend(),
                            [](const LiveChatAction &a) { return a.kind == ChatActionKind::Typing; }));
        QVERIFY(sent.last().kind == ChatActionKind::Send);
        QCOMPARE(sent.last().text, QStringLiteral("Bore da\nByddaf yn gwirio"));
        QVERIFY(panel->replyBox()->toPlainText().isEmpty());

        // Too long a reply is refused here, with the count shown.
        panel->replyBox()->setPlainText(QString(maxLiveChatMessageChars + 1, u'a'));
        QVERIFY(!panel->sendButton()->isEnabled());
        const qsizetype before = actions.size();
        QTest::keyClick(panel->replyBox(), Qt::Key_Return);
        QCOMPARE(actions.size(), before);
        panel->replyBox()->clear();

        // The citizen typing and the connection going are worded.
        LiveChatEvent typing;
        typing.kind = ChatEventKind::Typing;
        typing.chat = chatId;
        chats.apply(typing);
        QCOMPARE(panel->stateLabel()->text(), QStringLiteral("The citizen is typing…"));
        chats.setConnected(false);
        QVERIFY(panel->stateLabel()->text().startsWith(QStringLiteral("Not connected to the server")));
        QVERIFY(!panel->sendButton()->isEnabled());
        chats.setConnected(true);
        chats.apply(offered); // the server offers it again after the reconnect
        QVERIFY(panel->endButton()->isEnabled());

        // "Open customer" shows the matched customer's timeline.
        QVERIFY(panel->openCustomerButton()->isEnabled());
        panel->openCustomerButton()->click();
        QTRY_COMPARE(window.models().profile().customerId(), m_busy.id);

        // Ending: asked of the server; when it says so, the chat is over and can be removed.
        panel->endButton()->click();
        QVERIFY(actions.last().first().value<LiveChatAction>().kind == ChatActionKind::End);
        LiveChatEvent ended;
        ended.kind = ChatEventKind::Ended;
        ended.chat = chatId;
        ended.endedBy = ChatEndReason::Citizen;
        chats.apply(ended);
        QCOMPARE(panel->stateLabel()->text(),
                 QStringLiteral("The citizen ended the chat. It is filed on their timeline."));
        QVERIFY(!panel->replyBox()->isEnabled());
        auto *remove = named<QPushButton>(panel, QStringLiteral("Remove from list"));
        QVERIFY(remove && remove->isVisible());
        remove->click();
        QCOMPARE(panel->chatList()->model()->rowCount(), 0);
        QVERIFY(panel->transcript()->toPlainText().startsWith(QStringLiteral("No live chats.")));
        if (qEnvironmentVariableIsSet("THREADLINE_SCREENSHOTS")) {
            chats.apply(offered);
            window.grab().save(QStringLiteral("chat-dock.png"));
        }
    }

    void aSentEmailsDeliveryIsWordedOnItsRow()
    {
        QStandardItemModel model(1, 1);
        const QModelIndex row = model.index(0, 0);
        QVERIFY(model.setData(row, int(Channel::Email), Models::ChannelRole));
        QVERIFY(!Ui::TimelineDelegate::marks(row).contains(QStringLiteral("Email")));
        QVERIFY(model.setData(row, int(MailDelivery::Queued), Models::DeliveryRole));
        QCOMPARE(Ui::TimelineDelegate::marks(row), QStringLiteral("Email queued to send"));
        QVERIFY(model.setData(row, 2, Models::DeliveryAttemptsRole));
        QVERIFY(model.setData(row, QStringLiteral("451 4.3.0 Mailbox busy"), Models::DeliveryDetailRole));
        QCOMPARE(Ui::TimelineDelegate::marks(row),
                 QStringLiteral("Email not sent yet, trying again (attempt 2): 451 4.3.0 Mailbox busy"));
        QVERIFY(model.setData(row, int(MailDelivery::Failed), Models::DeliveryRole));
        QVERIFY(model.setData(row, QStringLiteral("550 5.1.1 User unknown"), Models::DeliveryDetailRole));
        QCOMPARE(Ui::TimelineDelegate::marks(row), QStringLiteral("Email not sent: 550 5.1.1 User unknown"));
        QVERIFY(model.setData(row, int(MailDelivery::Sent), Models::DeliveryRole));
        QCOMPARE(Ui::TimelineDelegate::marks(row), QStringLiteral("Email sent"));
    }

    /// An email's attachments are listed under it; Enter on one asks to save it; the saver asks
    /// where, fetches the bytes once, checks they are the attachment's, and writes them there.
    void anAttachmentIsSavedWhereTheAgentChose()
    {
        const QByteArray bytes("%PDF-1.4 the council tax bill");
        const Attachment bill {QStringLiteral("../../bill.pdf"), QStringLiteral("application/pdf"),
                               bytes.size(), QCryptographicHash::hash(bytes, QCryptographicHash::Sha256)};
        Ui::DetailPane pane(m_highlighting);
        Interaction mail = email(m_quiet.id, at(2026, 5, 2), QStringLiteral("Bill"),
                                 QStringLiteral("Attached."), QStringLiteral("x@example.org"));
        mail.attachments = {bill};
        pane.showInteraction(mail);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QVERIFY(pane.attachments()->isVisible());
        QCOMPARE(pane.attachments()->count(), 1);
        QVERIFY2(pane.attachments()->item(0)->text().startsWith(
                     QStringLiteral("../../bill.pdf — application/pdf, ")),
                 qPrintable(pane.attachments()->item(0)->text()));
        QSignalSpy requested(&pane, &Ui::DetailPane::saveAttachmentRequested);
        pane.attachments()->setFocus();
        QTest::keyClick(pane.attachments(), Qt::Key_Return);
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().first().value<Attachment>(), bill);
        pane.showInteraction(email(m_quiet.id, at(2026, 5, 3), QStringLiteral("No files"),
                                   QStringLiteral("."), QStringLiteral("x@example.org")));
        QVERIFY(!pane.attachments()->isVisible());
        pane.hide();

        QTemporaryDir dir;
        QString suggested;
        Ui::AttachmentSaver saver(nullptr, [&](const Attachment &a) {
            suggested = a.fileName;
            return dir.filePath(QStringLiteral("bill.pdf"));
        });
        QSignalSpy fetch(&saver, &Ui::AttachmentSaver::fetchRequested);
        QSignalSpy said(&saver, &Ui::AttachmentSaver::message);
        saver.save(bill);
        saver.save(bill); // asked twice: fetched once
        QCOMPARE(fetch.size(), 1);
        QCOMPARE(fetch.first().first().toByteArray(), bill.sha256);
        // Bytes that are not the attachment are never written.
        saver.onFetched(bill.sha256, QByteArray("something else"));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("bill.pdf"))));
        QCOMPARE(said.last().first().toString(),
                 QStringLiteral("bill.pdf was not saved: what the server sent is not this attachment."));
        saver.save(bill);
        saver.onFetched(bill.sha256, bytes);
        QFile saved(dir.filePath(QStringLiteral("bill.pdf")));
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(saved.readAll(), bytes);
        QVERIFY(said.last().first().toString().startsWith(QStringLiteral("Saved bill.pdf to ")));
        saver.save(bill);
        saver.onUnavailable(bill.sha256, QStringLiteral("offline"));
        QCOMPARE(said.last().first().toString(),
                 QStringLiteral("bill.pdf is on the server: sign in to save it."));
        saver.onFetched(bill.sha256, bytes); // nobody asks any more: nothing happens
        QCOMPARE(fetch.size(), 3);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
