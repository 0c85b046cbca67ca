#pragma once

#include <string>
#include <string_view>

namespace peftbench {

// What a person reads in one e-mail, headers gone: the decoded subject and the body text.
struct MailText {
    std::string subject;  // RFC 2047 decoded, blanks collapsed, UTF-8; empty when absent
    std::string body;     // UTF-8, tidied (TextTidy), possibly empty
};

// Parses one raw RFC 822 / MIME message (an mbox "From " first line is allowed; CRLF or LF).
// - Transfer encodings quoted-printable and base64 are decoded, then the part's charset is
//   converted to UTF-8 (decodeToUtf8).
// - A MIME tree is walked (multipart/*, message/rfc822, depth-limited): if any text/plain part has
//   text, the body is the text/plain parts joined by a blank line; otherwise the text/html parts
//   converted with htmlToText. In multipart/alternative only the preferred alternative counts, so
//   the same text is not taken twice. Attachments (Content-Disposition: attachment) and non-text
//   parts are skipped.
// - A "text/plain" body that is plainly HTML (starts with <html, <!doctype html, <head, <meta,
//   <body, <table, <div, <font, <center, <p or <br: old spam mailers send HTML unlabelled) is
//   converted as HTML.
// - Delimiter lines that match the boundary only when blanks are ignored are accepted when the
//   exact boundary matches none (a broken mailer's "--= Multipart Boundary" for
//   boundary="=Multipart Boundary").
MailText extractMailText(std::string_view rawMessage);

// The training text of a mail: "Subject: <subject>\n\n<body>", or just the body when there is no
// subject (and just the subject line when there is no body).
std::string mailTrainingText(const MailText &mail);

}  // namespace peftbench
