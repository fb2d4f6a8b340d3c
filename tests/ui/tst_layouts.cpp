// SPDX-License-Identifier: GPL-3.0-or-later
// The window at desk, laptop and tablet sizes with demo data and a customer open, driven by the
// keyboard: the panes each layout promises are on screen, nothing a label says is cut at twice
// the font size, and a PNG of each is written for people to look at (THREADLINE_SCREENSHOT_DIR,
// default <build>/screenshots).

#include "../store/Fixtures.h"
#include "Cache.h"
#include "CacheWriter.h"
#include "CaseRepository.h"
#include "CustomerRepository.h"
#include "DemoFill.h"
#include "DetailPane.h"
#include "InteractionRepository.h"
#include "ItemRoles.h"
#include "MainWindow.h"
#include "ModelHub.h"
#include "PaneLayout.h"
#include "ProfileModel.h"
#include "ProfilePane.h"
#include "TimelineFilterBar.h"

#include <KSyntaxHighlighting/Repository>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeView>

using namespace Threadline;
using namespace Fixtures;
using Ui::PaneLayout;

namespace {

QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("THREADLINE_SCREENSHOT_DIR",
                                             QStringLiteral(THREADLINE_SCREENSHOT_DEFAULT_DIR));
    QDir().mkpath(dir);
    return dir;
}

// Visible labels whose text does not fit: a one-line label narrower than its text, or a wrapped
// one shorter than its text needs at its width.
QStringList clippedLabels(QWidget *window)
{
    QStringList out;
    for (QLabel *label : window->findChildren<QLabel *>()) {
        if (!label->isVisible() || label->text().isEmpty() || label->width() <= 0)
            continue;
        if (label->accessibleName() == QStringLiteral("Last sync error"))
            continue; // elided on purpose; the whole text is in its tooltip
        const bool clipped = label->wordWrap() ? label->heightForWidth(label->width()) > label->height() + 1
                                               : label->sizeHint().width() > label->width() + 1;
        if (clipped)
            out << QStringLiteral("%1 (\"%2\")").arg(label->accessibleName(), label->text().left(40));
    }
    return out;
}

// On screen for a person: shown, and given room (a splitter can show a pane at zero width).
bool onScreen(const QWidget *w)
{
    if (!w->isVisible() || w->width() < 100 || w->height() < 100)
        return false;
    const QRect inWindow(w->mapTo(w->window(), QPoint(0, 0)), w->size());
    return w->window()->rect().intersected(inWindow).width() >= 100;
}

} // namespace

class TestLayouts : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<Store::Cache> m_cache;
    KSyntaxHighlighting::Repository m_highlighting;
    Customer m_eleri;

    // Opens Eleri by the keyboard: Ctrl+K, her phone number as a person would type it, Enter.
    void openEleri(Ui::MainWindow &window)
    {
        window.activateWindow();
        QTRY_VERIFY(window.isActiveWindow());
        QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
        QTRY_VERIFY(window.searchField()->hasFocus());
        QTest::keyClicks(window.searchField(), QStringLiteral("07700 900 461"));
        QTest::keyClick(window.searchField(), Qt::Key_Return);
        QTRY_COMPARE(window.models().profile().customerId(), m_eleri.id);
        QTRY_VERIFY(window.timelineView()->model()->rowCount() >= 5);
        QTRY_VERIFY(!window.profilePane()->sectionText(QStringLiteral("Identifiers")).isEmpty());
        // Enter moves to the timeline; the first contact is read.
        QTest::keyClick(window.resultsView(), Qt::Key_Return);
        QTRY_VERIFY(window.timelineView()->hasFocus());
        window.timelineView()->setCurrentIndex(window.timelineView()->model()->index(0, 0));
        QTRY_VERIFY(!window.detailPane()->record()->toPlainText().isEmpty());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        auto cache = Store::Cache::open(
            {m_dir.filePath(QStringLiteral("layouts.sqlite")), Store::CacheOptions::IntegrityCheck::Never});
        QVERIFY(cache);
        m_cache = std::move(*cache);
        Demo::DemoOptions options;
        options.customers = 300;
        options.interactions = 3000;
        options.seed = 20261207;
        DemoFill fill(*m_cache, options);
        QSignalSpy finished(&fill, &DemoFill::finished);
        fill.start();
        QVERIFY(finished.wait(60000));
        QVERIFY(finished.first().first().toBool());

        // One citizen whose profile has everything to show.
        m_eleri
            = customer(QStringLiteral("Eleri ap Gwilym"), QStringLiteral("SA31 1AA"), QStringLiteral("cy"));
        m_eleri.dateOfBirth = QDate(1951, 3, 14);
        m_eleri.preferredChannel = Channel::Letter;
        m_eleri.communicationNeeds = CommunicationNeed::LargePrint | CommunicationNeed::HearingLoop;
        m_eleri.vulnerabilities = Vulnerability::Bereavement | Vulnerability::Elderly;
        m_eleri.notes = QStringLiteral("Husband died in October; his council tax account is being closed.");
        const QList<Identifier> identifiers = {
            {m_eleri.id, IdentifierKind::Phone, QStringLiteral("+447700900461"), true,
             QStringLiteral("call")},
            {m_eleri.id, IdentifierKind::Email, QStringLiteral("eleri.apgwilym@example.org"), true,
             QStringLiteral("email")},
            {m_eleri.id, IdentifierKind::CouncilTaxAccount, QStringLiteral("40012345"), false,
             QStringLiteral("letter")},
        };
        Case bereavement;
        bereavement.id = QUuid::createUuid();
        bereavement.customerId = m_eleri.id;
        bereavement.title = QStringLiteral("Close late husband's council tax account");
        bereavement.priority = CasePriority::High;
        bereavement.queue = QStringLiteral("council-tax");
        bereavement.dueAt = QDateTime::currentDateTimeUtc().addDays(3);
        bereavement.createdAt = QDateTime::currentDateTimeUtc().addDays(-10);
        bereavement.updatedAt = bereavement.createdAt;
        bereavement.version = 1;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QList<Interaction> history = {
            call(m_eleri.id, now.addDays(-9), QStringLiteral("+447700900461"),
                 QStringLiteral(
                     "Rang to tell us her husband has died. Explained the single person discount.")),
            email(m_eleri.id, now.addDays(-8), QStringLiteral("Death certificate"),
                  QStringLiteral("Please find the certificate attached. Diolch yn fawr."),
                  QStringLiteral("eleri.apgwilym@example.org")),
            note(m_eleri.id, now.addDays(-7), QStringLiteral("Discount applied"),
                 QStringLiteral("Single person discount from 1 November.")),
            email(m_eleri.id, now.addDays(-2), QStringLiteral("Bil treth gyngor"),
                  QStringLiteral("Mae'r bil newydd yn dal i ddangos enw fy ngŵr."),
                  QStringLiteral("eleri.apgwilym@example.org")),
            call(m_eleri.id, now.addDays(-1), QStringLiteral("+447700900461"),
                 QStringLiteral("Missed call; voicemail asking for a call back in Welsh.")),
        };
        for (Interaction &i : history)
            i.caseId = bereavement.id;
        std::get<CallDetails>(history[4].details).outcome = CallOutcome::Voicemail;
        auto done = m_cache->writer().submit([&](Store::CacheWriter::Context &ctx) -> Status {
            if (Status s = Store::CustomerRepository(ctx.db).upsert({m_eleri}); !s)
                return s;
            if (Status s = Store::CustomerRepository(ctx.db).upsertIdentifiers(identifiers); !s)
                return s;
            if (Status s = Store::CaseRepository(ctx.db).upsert({bereavement}); !s)
                return s;
            return Store::InteractionRepository(ctx.db).upsert(history);
        });
        QVERIFY2(done.result(), qPrintable(done.result().ok() ? QString() : done.result().error().message));
    }

    void cleanupTestCase() { m_cache.reset(); }

    void eachLayoutShowsItsPanes_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("mode");
        QTest::newRow("desk 1920x1080") << QSize(1920, 1080) << int(PaneLayout::Mode::Desk);
        QTest::newRow("laptop 1366x768") << QSize(1366, 768) << int(PaneLayout::Mode::Laptop);
        QTest::newRow("tablet 800x1280") << QSize(800, 1280) << int(PaneLayout::Mode::Tablet);
    }

    void eachLayoutShowsItsPanes()
    {
        QFETCH(QSize, size);
        QFETCH(int, mode);
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.resize(size);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(int(window.panes()->mode()), mode);
        openEleri(window);

        auto *profile = window.profilePane();
        QVERIFY(profile->sectionText(QStringLiteral("Customer name"))
                    .contains(QStringLiteral("Eleri ap Gwilym")));
        QVERIFY(profile->sectionText(QStringLiteral("Born, language and channel"))
                    .contains(QStringLiteral("Welsh")));
        QVERIFY(profile->sectionText(QStringLiteral("Communication needs"))
                    .contains(QStringLiteral("Large print")));
        QVERIFY(profile->sectionText(QStringLiteral("Take care")).contains(QStringLiteral("Bereavement")));
        QVERIFY(profile->sectionText(QStringLiteral("Identifiers"))
                    .contains(QStringLiteral("+447700900461 ✓ verified")));
        QVERIFY(profile->sectionText(QStringLiteral("Cases")).contains(QStringLiteral("Close late husband")));
        QVERIFY(profile->sectionText(QStringLiteral("Recent contacts")).contains(QStringLiteral("Call 2")));

        switch (PaneLayout::Mode(mode)) {
        case PaneLayout::Mode::Desk:
            QTRY_VERIFY(onScreen(window.peopleView()) || onScreen(window.resultsView()));
            QVERIFY(onScreen(window.timelineView()));
            QVERIFY(onScreen(profile));
            QVERIFY(onScreen(window.detailPane())); // both at once, one above the other
            QVERIFY(!window.panes()->backBar()->isVisible());
            {
                // The Call toggle above the timeline, pressed from the keyboard: only calls.
                QToolButton *calls = nullptr;
                for (QToolButton *b : window.timelineFilters()->findChildren<QToolButton *>())
                    if (b->text() == QStringLiteral("Call"))
                        calls = b;
                QVERIFY(calls);
                calls->setFocus();
                QTest::keyClick(calls, Qt::Key_Space);
                QTRY_COMPARE(window.timelineView()->model()->rowCount(), 2);
                for (int r = 0; r < 2; ++r)
                    QCOMPARE(window.timelineView()->model()->index(r, 0).data(Models::ChannelRole).toInt(),
                             int(Channel::Call));
                QTest::keyClick(calls, Qt::Key_Space);
                QTRY_COMPARE(window.timelineView()->model()->rowCount(), 5);
                window.timelineView()->setCurrentIndex(window.timelineView()->model()->index(0, 0));
            }
            break;
        case PaneLayout::Mode::Laptop:
            QTRY_VERIFY(onScreen(window.resultsView()));
            QVERIFY(onScreen(window.timelineView()));
            QVERIFY(onScreen(profile) != onScreen(window.detailPane())); // tabs
            QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier); // fold the customer panel away
            QTRY_VERIFY(!onScreen(profile) && !onScreen(window.detailPane()));
            QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
            QTRY_VERIFY(onScreen(profile) || onScreen(window.detailPane()));
            break;
        case PaneLayout::Mode::Tablet:
            // One pane at a time: Enter on the result went to the timeline.
            QVERIFY(window.panes()->backBar()->isVisible());
            QTRY_VERIFY(onScreen(window.timelineView()));
            QVERIFY(!onScreen(window.resultsView()));
            QVERIFY(!onScreen(profile));
            QTest::keyClick(window.timelineView(), Qt::Key_Return);
            QTRY_VERIFY(onScreen(window.detailPane()));
            QVERIFY(!onScreen(window.timelineView()));
            QTest::keyClick(&window, Qt::Key_Left, Qt::AltModifier);
            QTRY_VERIFY(onScreen(window.timelineView()));
            break;
        }
        const QString file
            = QDir(screenshotDir())
                  .filePath(
                      QStringLiteral("threadline-%1-%2x%3.png")
                          .arg(QString::fromLatin1(QTest::currentDataTag()).section(QLatin1Char(' '), 0, 0))
                          .arg(size.width())
                          .arg(size.height()));
        QVERIFY(window.grab().save(file));
    }

    void noLabelIsCutAtTwiceTheFontSize_data() { eachLayoutShowsItsPanes_data(); }

    void noLabelIsCutAtTwiceTheFontSize()
    {
        QFETCH(QSize, size);
        const QFont normal = QApplication::font();
        QFont large = normal;
        large.setPointSizeF(normal.pointSizeF() * 2);
        QApplication::setFont(large);
        auto restore = qScopeGuard([normal] { QApplication::setFont(normal); });
        Ui::MainWindow window(*m_cache, m_highlighting);
        window.resize(size);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        openEleri(window);
        // Nothing at twice the font size makes the window wider than the screen it is on.
        QVERIFY2(window.minimumSizeHint().width() <= size.width(),
                 qPrintable(QStringLiteral("needs %1 px").arg(window.minimumSizeHint().width())));
        QCOMPARE(window.width(), size.width());
        if (window.panes()->mode() == PaneLayout::Mode::Tablet) {
            QTest::keyClick(window.timelineView(), Qt::Key_Return);
            window.panes()->showCustomerTab(0); // the profile, the pane with the most labels
            QTRY_VERIFY(window.profilePane()->isVisible());
        }
        QTRY_COMPARE(clippedLabels(&window), QStringList());
        const QString file
            = QDir(screenshotDir())
                  .filePath(
                      QStringLiteral("threadline-%1-%2x%3-200pc.png")
                          .arg(QString::fromLatin1(QTest::currentDataTag()).section(QLatin1Char(' '), 0, 0))
                          .arg(size.width())
                          .arg(size.height()));
        QVERIFY(window.grab().save(file));
    }
};

QTEST_MAIN(TestLayouts)
#include "tst_layouts.moc"
