// SPDX-License-Identifier: GPL-3.0-or-later
#include "DetailPane.h"

#include "ChannelText.h"
#include "RecordJson.h"
#include "SafeHtmlView.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Threadline::Ui {

namespace {

QPlainTextEdit *codeView(const QString &accessibleName)
{
    auto *view = new QPlainTextEdit;
    view->setReadOnly(true);
    view->setAccessibleName(accessibleName);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    return view;
}

} // namespace

DetailPane::DetailPane(KSyntaxHighlighting::Repository &highlighting, QWidget *parent)
    : QWidget(parent)
    , m_highlighting(highlighting)
{
    m_tabs = new QTabWidget;
    m_tabs->setAccessibleName(tr("Contact details"));
    m_message = new QTextBrowser;
    m_message->setAccessibleName(tr("Message"));
    m_message->setOpenLinks(false); // nothing in a citizen's message opens anything
    m_message->setOpenExternalLinks(false);
    m_formatted = new SafeHtmlView;
    m_formatted->setAccessibleName(tr("Formatted message"));
    m_formatted->setAccessibleDescription(
        tr("The email as its sender formatted it, without pictures or anything else from outside."));
    m_source = codeView(tr("Raw source"));
    m_record = codeView(tr("Stored record"));
    m_attachments = new QListWidget;
    m_attachments->setAccessibleName(tr("Attachments"));
    m_attachments->setMaximumHeight(m_attachments->fontMetrics().height() * 5);
    m_saveAttachment = new QPushButton(tr("Sa&ve attachment…"));
    m_saveAttachment->setAccessibleDescription(
        tr("Fetches the selected attachment from the server and saves it."));
    const auto saveCurrent = [this] {
        const int row = m_attachments->currentRow();
        if (row >= 0 && row < m_shownAttachments.size())
            Q_EMIT saveAttachmentRequested(m_shownAttachments.at(row));
    };
    connect(m_attachments, &QListWidget::itemActivated, this, saveCurrent);
    connect(m_saveAttachment, &QPushButton::clicked, this, saveCurrent);
    auto *messagePage = new QWidget;
    auto *messageLayout = new QVBoxLayout(messagePage);
    messageLayout->setContentsMargins(0, 0, 0, 0);
    messageLayout->addWidget(m_message, 1);
    messageLayout->addWidget(m_attachments);
    messageLayout->addWidget(m_saveAttachment, 0, Qt::AlignLeft);
    m_attachments->hide();
    m_saveAttachment->hide();
    m_tabs->addTab(messagePage, tr("&Message"));
    m_tabs->addTab(m_formatted, tr("&Formatted"));
    m_tabs->addTab(m_source, tr("So&urce"));
    m_tabs->addTab(m_record, tr("&Record"));

    const auto theme = m_highlighting.themeForPalette(palette());
    m_sourceHighlighter = new KSyntaxHighlighting::SyntaxHighlighter(m_source->document());
    m_sourceHighlighter->setDefinition(m_highlighting.definitionForName(QStringLiteral("Email")));
    m_sourceHighlighter->setTheme(theme);
    m_recordHighlighter = new KSyntaxHighlighting::SyntaxHighlighter(m_record->document());
    m_recordHighlighter->setDefinition(m_highlighting.definitionForName(QStringLiteral("JSON")));
    m_recordHighlighter->setTheme(theme);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    showNotice(tr("Select a contact on the timeline to read it here."));
}

void DetailPane::clear()
{
    showNotice(tr("Select a contact on the timeline to read it here."));
}

void DetailPane::showNotice(const QString &text)
{
    m_message->setPlainText(text);
    m_formatted->clear();
    m_attachments->clear();
    m_shownAttachments.clear();
    m_attachments->hide();
    m_saveAttachment->hide();
    m_source->clear();
    m_record->clear();
    m_tabs->setTabEnabled(m_tabs->indexOf(m_formatted), false);
    m_tabs->setTabEnabled(m_tabs->indexOf(m_source), false);
}

void DetailPane::showInteraction(const Interaction &i)
{
    // Plain text only: a message's words are never markup (no scripts, no remote images, no
    // tracking pixels can run or load).
    QStringList head;
    head << ChannelText::channel(i.channel()) + QStringLiteral(" · ") + ChannelText::direction(i.direction)
            + QStringLiteral(" · ") + QLocale().toString(i.occurredAt.toLocalTime(), QLocale::LongFormat);
    if (const auto *email = std::get_if<EmailDetails>(&i.details)) {
        head << tr("From: %1").arg(email->from);
        if (!email->to.isEmpty())
            head << tr("To: %1").arg(email->to.join(QStringLiteral(", ")));
        if (!email->defects.isEmpty())
            head << tr("This email could not be fully read (%1). Its raw source is kept: see Source.")
                        .arg(email->defects.join(QStringLiteral("; ")));
    } else if (const auto *call = std::get_if<CallDetails>(&i.details)) {
        head << tr("Caller: %1 · %2 · %3")
                    .arg(call->callerNumber.isEmpty() ? tr("withheld") : call->callerNumber,
                         ChannelText::duration(call->durationSeconds),
                         ChannelText::callOutcome(call->outcome));
        if (!call->wrapUpCode.isEmpty())
            head << tr("Wrap-up: %1").arg(call->wrapUpCode);
    } else if (const auto *letter = std::get_if<LetterDetails>(&i.details)) {
        if (!letter->postalAddress.isEmpty())
            head << tr("Address: %1")
                        .arg(QString(letter->postalAddress).replace(QLatin1Char('\n'), QStringLiteral(", ")));
    }
    if (!i.subject.isEmpty())
        head << tr("Subject: %1").arg(i.subject);
    QString text = i.body;
    if (const auto *chat = std::get_if<ChatDetails>(&i.details); chat && !chat->messages.isEmpty()) {
        // The transcript, one line per message: time, who, what they wrote.
        QStringList lines;
        for (const ChatMessage &m : chat->messages) {
            const QString who = !m.author.isEmpty() ? m.author
                : m.role == ChatRole::Citizen       ? tr("Citizen")
                : m.role == ChatRole::Agent         ? tr("Agent")
                                                    : tr("System");
            lines << tr("%1  %2: %3", "time  who: text")
                         .arg(QLocale().toString(m.at.toLocalTime().time(), QLocale::ShortFormat), who,
                              m.text);
        }
        text = lines.join(QLatin1Char('\n'));
    }
    m_message->setPlainText(head.join(QLatin1Char('\n')) + QStringLiteral("\n\n") + text);

    m_shownAttachments = i.attachments;
    m_attachments->clear();
    for (const Attachment &a : i.attachments)
        m_attachments->addItem(tr("%1 — %2, %3", "file name — type, size")
                                   .arg(a.fileName, a.mimeType.isEmpty() ? tr("unknown type") : a.mimeType,
                                        QLocale().formattedDataSize(a.size)));
    if (!i.attachments.isEmpty())
        m_attachments->setCurrentRow(0);
    m_attachments->setVisible(!i.attachments.isEmpty());
    m_saveAttachment->setVisible(!i.attachments.isEmpty());

    const auto *email = std::get_if<EmailDetails>(&i.details);
    const bool hasHtml = email && !email->html.isEmpty();
    if (hasHtml)
        m_formatted->showHtml(email->html);
    else
        m_formatted->clear();
    const bool hasSource = email && !email->rawSource.isEmpty();
    m_source->setPlainText(hasSource ? QString::fromUtf8(email->rawSource) : QString());
    for (const auto &[tab, enabled] :
         {std::pair<QWidget *, bool> {m_formatted, hasHtml}, {m_source, hasSource}}) {
        const int index = m_tabs->indexOf(tab);
        m_tabs->setTabEnabled(index, enabled);
        if (!enabled && m_tabs->currentIndex() == index)
            m_tabs->setCurrentIndex(0);
    }
    m_record->setPlainText(QString::fromUtf8(QJsonDocument(recordJson(i)).toJson(QJsonDocument::Indented)));
}

void DetailPane::showSource()
{
    if (const int index = m_tabs->indexOf(m_source); m_tabs->isTabEnabled(index)) {
        m_tabs->setCurrentIndex(index);
        m_source->setFocus();
    }
}

} // namespace Threadline::Ui
