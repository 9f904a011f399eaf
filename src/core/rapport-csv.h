/* rapport-csv.h
 *
 * A streaming RFC 4180 reader over an in-memory buffer or a stream, and a
 * field writer.
 * It skips a UTF-8 byte order mark, detects the separator (',', ';' or TAB)
 * from the header line, accepts quoted fields with embedded separators,
 * doubled quotes and newlines, and CRLF, LF or lone CR line ends. Line
 * numbers count physical lines, including those inside quoted fields.
 * A malformed row (a quote inside an unquoted field, text after a closing
 * quote, a quote that never closes, invalid UTF-8, a NUL byte) is reported with the
 * line the problem is on; the reader then resumes at the next line so the
 * caller may skip it.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _RapportCsvReader RapportCsvReader;

/* A reader on a stream keeps no more than one row (and one read) in
 * memory; a row longer than this is an error. */
#define RAPPORT_CSV_MAX_ROW_SIZE (16 * 1024 * 1024)

/* @data must stay alive as long as the reader; it need not end with a NUL.
 * The separator is the most frequent of ',', ';' and TAB outside quotes on
 * the first line that is not blank; ',' when there is none (or a tie with
 * ','; ';' wins a tie with TAB). */
RapportCsvReader  *rapport_csv_reader_new           (const char        *data,
                                                     gsize              length);
/* Reads @stream as it goes, with the same results as reading all of it
 * from a buffer. Reading errors come out of rapport_csv_reader_next (in
 * their own domain, such as G_IO_ERROR; a row longer than
 * RAPPORT_CSV_MAX_ROW_SIZE is G_IO_ERROR_MESSAGE_TOO_LARGE), and so does
 * cancelling @cancellable. */
RapportCsvReader  *rapport_csv_reader_new_for_stream (GInputStream     *stream,
                                                     GCancellable     *cancellable);
void               rapport_csv_reader_free          (RapportCsvReader  *reader);
/* For a reader on a stream, known after the first rapport_csv_reader_next. */
char               rapport_csv_reader_get_separator (RapportCsvReader  *reader);
/* Reads the next row. Returns TRUE with @n_fields/@fields set (valid until
 * the next call; @fields is also NULL-terminated) and @line (may be NULL)
 * the line number (1-based) on which the row starts. Returns FALSE at the
 * end with @error unset, or FALSE with @error set (RAPPORT_ERROR_PARSE,
 * message "line N: ...", N being the line the problem is on) for a
 * malformed row; calling again continues at the start of the line after
 * the problem (for a quote that never closes, that is the end of input;
 * for invalid UTF-8, the row after the bad one). Fields are not trimmed.
 * Blank lines (empty, or only spaces, and tabs when TAB is not the
 * separator) are skipped. A trailing separator gives an empty last
 * field. Any other error than RAPPORT_ERROR_PARSE (reading a stream
 * failed) ends the input: every later call gives it again. */
gboolean           rapport_csv_reader_next          (RapportCsvReader  *reader,
                                                     guint             *n_fields,
                                                     const char *const **fields,
                                                     guint             *line,
                                                     GError           **error);
/* Appends @field, quoted when it holds the separator, a quote, CR or LF,
 * leading/trailing space or a leading byte order mark. It is also quoted when it holds ',', ';' or
 * TAB, so that the reader's separator detection cannot be misled. Inner
 * quotes are doubled. An empty or NULL @field appends nothing. */
void               rapport_csv_append_field         (GString           *out,
                                                     const char        *field,
                                                     char               separator);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportCsvReader, rapport_csv_reader_free)

G_END_DECLS
