#pragma once
// Driving the run wizard as a user does, with key and mouse events: shared by the wizard's own
// test and the main window's launch-from-the-wizard test.
#include "RunWizard.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QLabel>
#include <QtTest>

namespace peftbench::testing {

template <typename T>
inline T *child(QWidget &parent, const char *name)
{
    T *widget = parent.findChild<T *>(QLatin1String(name));
    if (!widget)
        qWarning("no %s", name);
    return widget;
}

// The visible errorLabel of the current page.
inline QLabel *errorLabel(RunWizard &wizard)
{
    return wizard.currentPage()->findChild<QLabel *>(QStringLiteral("errorLabel"));
}

// Replaces a field's text by typing, as a user selecting all and typing over it.
inline void typeInto(QWidget *field, const QString &text)
{
    QVERIFY(field);
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
    if (text.isEmpty())
        QTest::keyClick(field, Qt::Key_Delete);
    else
        QTest::keyClicks(field, text);
}

inline void toggle(QAbstractButton *button)
{
    QVERIFY(button);
    QTest::keyClick(button, Qt::Key_Space);
}

// Moves a closed combo box to the item holding `data` with the arrow keys.
inline void chooseData(QComboBox *combo, const QString &data)
{
    QVERIFY(combo);
    const int target = combo->findData(data);
    QVERIFY2(target >= 0, qPrintable(data));
    for (int guard = 0; combo->currentIndex() != target && guard < 50; ++guard)
        QTest::keyClick(combo, combo->currentIndex() < target ? Qt::Key_Down : Qt::Key_Up);
    QCOMPARE(combo->currentIndex(), target);
}

inline void chooseIndex(QComboBox *combo, int target)
{
    QVERIFY(combo && target < combo->count());
    for (int guard = 0; combo->currentIndex() != target && guard < 50; ++guard)
        QTest::keyClick(combo, combo->currentIndex() < target ? Qt::Key_Down : Qt::Key_Up);
    QCOMPARE(combo->currentIndex(), target);
}

// Clicks Next once the page allows it and waits for page `to`.
inline void goNext(RunWizard &wizard, int to)
{
    QAbstractButton *next = wizard.button(QWizard::NextButton);
    QTRY_VERIFY2_WITH_TIMEOUT(next->isEnabled(),
                              qPrintable(errorLabel(wizard) ? errorLabel(wizard)->text() : QStringLiteral("?")), 10000);
    QTest::mouseClick(next, Qt::LeftButton);
    QTRY_COMPARE(wizard.currentId(), to);
}

// A machine with plenty of memory and a known speed, so estimates do not depend on this one.
inline EstimateEnvironment roomyMachine()
{
    EstimateEnvironment env;
    env.threads = 1;
    env.gemmFlopsPerSecond = 5e9;
    env.baselineBytes = 200LL << 20;
    env.freeBytes = 64LL << 30;
    return env;
}

}  // namespace peftbench::testing
