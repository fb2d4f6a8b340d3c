// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Interaction.h"

#include <QWidget>

class QPlainTextEdit;
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
    QPlainTextEdit *source() const { return m_source; }
    QPlainTextEdit *record() const { return m_record; }

private:
    KSyntaxHighlighting::Repository &m_highlighting;
    QTabWidget *m_tabs = nullptr;
    QTextBrowser *m_message = nullptr;
    SafeHtmlView *m_formatted = nullptr;
    QPlainTextEdit *m_source = nullptr;
    QPlainTextEdit *m_record = nullptr;
    KSyntaxHighlighting::SyntaxHighlighter *m_sourceHighlighter = nullptr;
    KSyntaxHighlighting::SyntaxHighlighter *m_recordHighlighter = nullptr;
};

} // namespace Threadline::Ui
