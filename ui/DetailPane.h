// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Interaction.h"

#include <QWidget>

class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTextBrowser;

namespace Threadline::Ui {
class SafeHtmlView;
}

namespace KSyntaxHighlighting {
class Repository;
class SyntaxHighlighter;
} // namespace KSyntaxHighlighting

namespace Threadline::Ui {

/// The selected contact in full: "Message" (who, when, subject and the text, shown as plain
/// text: nothing in a message is ever interpreted as markup, fetched or run), "Formatted" (an
/// email's HTML part, when it has one, through SafeHtmlView: formatting only), "Source" (an
/// email's raw source, highlighted with KSyntaxHighlighting's Email definition) and "Record"
/// (every stored field as JSON). Does not own the highlighting repository (one per application).
class DetailPane : public QWidget
{
    Q_OBJECT
public:
    explicit DetailPane(KSyntaxHighlighting::Repository &highlighting, QWidget *parent = nullptr);

    void showInteraction(const Threadline::Interaction &interaction);
    /// A sentence instead of a record (nothing selected, the record is gone, a read failed).
    void showNotice(const QString &text);
    void clear();

    /// Ctrl+U: the raw source tab, when the record has one.
    void showSource();

    QTabWidget *tabs() const { return m_tabs; }
    QTextBrowser *message() const { return m_message; }
    SafeHtmlView *formatted() const { return m_formatted; }
    /// The contact's attachments (name, type, size), under the message; hidden when none.
    QListWidget *attachments() const { return m_attachments; }

    QPlainTextEdit *source() const { return m_source; }
    QPlainTextEdit *record() const { return m_record; }

Q_SIGNALS:
    /// The agent asked to save @p attachment (Enter or a double click on it, or the button).
    void saveAttachmentRequested(const Threadline::Attachment &attachment);

private:
    KSyntaxHighlighting::Repository &m_highlighting;
    QTabWidget *m_tabs = nullptr;
    QTextBrowser *m_message = nullptr;
    SafeHtmlView *m_formatted = nullptr;
    QListWidget *m_attachments = nullptr;
    QPushButton *m_saveAttachment = nullptr;
    QList<Attachment> m_shownAttachments;
    QPlainTextEdit *m_source = nullptr;
    QPlainTextEdit *m_record = nullptr;
    KSyntaxHighlighting::SyntaxHighlighter *m_sourceHighlighter = nullptr;
    KSyntaxHighlighting::SyntaxHighlighter *m_recordHighlighter = nullptr;
};

} // namespace Threadline::Ui
