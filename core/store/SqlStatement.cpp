#include "store/SqlStatement.h"

#include "store/StoreError.h"

#include <QSqlError>

#include <cmath>
#include <limits>

namespace peftbench {

SqlStatement::SqlStatement(const QSqlDatabase &db, const QString &sql, const QString &purpose)
    : query_(db), purpose_(purpose), file_(db.databaseName())
{
    // Forward-only: Qt otherwise caches every row so it can seek back, which we never do.
    query_.setForwardOnly(true);
    if (!query_.prepare(sql))
        fail();
}

SqlStatement::~SqlStatement()
{
    // Release the statement's read snapshot now rather than when Qt gets round to it: an open
    // snapshot keeps the WAL from being checkpointed.
    query_.finish();
}

void SqlStatement::exec()
{
    if (!query_.exec())
        fail();
}

bool SqlStatement::next()
{
    if (query_.next())
        return true;
    if (query_.lastError().isValid())
        fail();
    return false;
}

QVariant SqlStatement::scalar()
{
    exec();
    QVariant value = next() ? query_.value(0) : QVariant();
    query_.finish();
    return value;
}

void SqlStatement::fail() const
{
    const QSqlError error = query_.lastError();
    QString detail = error.text().trimmed();
    // SQLITE_NOTADB (26) and SQLITE_CORRUPT (11) deserve plain words: the user picked a wrong or damaged file.
    const QString code = error.nativeErrorCode();
    if (code == QLatin1String("26") || code == QLatin1String("11")) {
        detail = QStringLiteral("the file is not a SQLite database or is corrupt (%1)").arg(detail);
        throw StoreError(purpose_, file_, detail, StoreError::Kind::UnusableFile);
    }
    throw StoreError(purpose_, file_, detail);
}

WriteTransaction::WriteTransaction(const QSqlDatabase &db, const QString &purpose)
    : db_(db), purpose_(purpose)
{
    SqlStatement(db_, QStringLiteral("BEGIN IMMEDIATE"), purpose_).exec();
    open_ = true;
}

WriteTransaction::~WriteTransaction()
{
    if (!open_)
        return;
    // Never throw from a destructor: we are usually unwinding an exception already.
    QSqlQuery rollback(db_);
    rollback.exec(QStringLiteral("ROLLBACK"));
}

void WriteTransaction::commit()
{
    SqlStatement(db_, QStringLiteral("COMMIT"), purpose_).exec();
    open_ = false;
}

QVariant realValue(double value)
{
    return std::isnan(value) ? QVariant() : QVariant(value);
}

QVariant textValue(const QString &text)
{
    return text.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(text);
}

double realOrNaN(const QVariant &value)
{
    return value.isNull() ? std::numeric_limits<double>::quiet_NaN() : value.toDouble();
}

}  // namespace peftbench
