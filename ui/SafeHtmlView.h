// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextBrowser>

namespace Threadline::Ui {

/// Shows an email's HTML part with its formatting, and nothing else: Qt's rich-text subset has
/// no scripts, and every resource the HTML names (images, style sheets; remote, local or
/// embedded) is refused, so no tracking pixel loads and no file of the agent's machine is read.
/// Links are shown but never opened.
class SafeHtmlView : public QTextBrowser
{
    Q_OBJECT
public:
    explicit SafeHtmlView(QWidget *parent = nullptr);

    /// Always empty: see the class comment.
    QVariant loadResource(int type, const QUrl &name) override;

    /// How many resources the shown HTML asked for (and did not get) since the last setHtml().
    int refusedResources() const { return m_refused; }
    void showHtml(const QString &html);

private:
    int m_refused = 0;
};

} // namespace Threadline::Ui
