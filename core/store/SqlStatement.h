#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace peftbench {

// One prepared statement whose every failure throws StoreError (purpose, file, SQLite's text).
// Values are always bound, never spliced into the SQL text. Used only inside core/store.
class SqlStatement {
public:
    SqlStatement(const QSqlDatabase &db, const QString &sql, const QString &purpose);
    ~SqlStatement();
    SqlStatement(const SqlStatement &) = delete;
    SqlStatement &operator=(const SqlStatement &) = delete;

    // Positional, 0-based: the n-th `?` in the SQL.
    SqlStatement &bind(int index, const QVariant &value)
    {
        query_.bindValue(index, value);
        return *this;
    }
    // A statement kept prepared across calls says what the current call is doing.
    void setPurpose(const QString &purpose) { purpose_ = purpose; }
    void exec();
    bool next();                       // throws if stepping fails (a corrupt page, say)
    QVariant value(int column) const { return query_.value(column); }
    int rowsAffected() const { return query_.numRowsAffected(); }
    qint64 lastInsertId() const { return query_.lastInsertId().toLongLong(); }

    // Runs a statement that returns one value (a PRAGMA, a COUNT) and gives that value.
    QVariant scalar();

private:
    [[noreturn]] void fail() const;

    QSqlQuery query_;
    QString purpose_;
    QString file_;
};

// BEGIN IMMEDIATE … COMMIT, rolled back when commit() is never reached (an exception left the
// scope). IMMEDIATE takes the write lock up front so busy_timeout covers every wait: a deferred
// transaction that reads and then writes fails at once with SQLITE_BUSY in WAL mode when another
// connection committed in between, which busy_timeout cannot help.
class WriteTransaction {
public:
    WriteTransaction(const QSqlDatabase &db, const QString &purpose);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction &) = delete;
    WriteTransaction &operator=(const WriteTransaction &) = delete;

    void commit();

private:
    QSqlDatabase db_;
    QString purpose_;
    bool open_ = false;
};

// SQLite turns a bound NaN into NULL by itself; binding NULL explicitly makes "no value" our
// contract rather than a driver detail, and reading NULL back as NaN closes the loop.
QVariant realValue(double value);

// Qt binds a null QString as SQL NULL; NOT NULL text columns get "" for it instead.
QVariant textValue(const QString &text);
double realOrNaN(const QVariant &value);

}  // namespace peftbench
