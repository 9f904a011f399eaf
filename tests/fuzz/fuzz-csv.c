/* fuzz-csv.c
 *
 * The CSV reader and field writer (rapport-csv.h) on arbitrary bytes.
 * Besides not crashing, leaking, reading outside the input or tripping a
 * sanitizer, they keep these promises:
 *  - every call makes progress: the rows and errors of an input are at
 *    most one per byte, and the end comes;
 *  - a row has at least one field, each valid UTF-8, and starts on a line
 *    no earlier than the row before; a malformed row is RAPPORT_ERROR_PARSE
 *    with a message "line N: ..." for a line N that exists;
 *  - what the writer writes reads back as the same rows, field by field,
 *    with the separator the reader found (or ',' when the first row has
 *    one field, which names no separator).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fuzz.h"
#include "rapport-csv.h"
#include "rapport-error.h"

#define MAX_ROWS 256

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A g_return_if_fail() reached from input is a bug. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

/* Every row of @data (at most MAX_ROWS), as NULL-terminated arrays of
 * fields; checks the reader's promises on the way. */
static GPtrArray *
read_rows (const char *data,
           gsize       size,
           char       *separator)
{
  g_autoptr(RapportCsvReader) reader = rapport_csv_reader_new (data, size);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint n_lines = 1;
  guint last_line = 0;
  gsize n_calls = 0;

  for (gsize i = 0; i < size; i++)
    if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')))
      n_lines++;

  *separator = rapport_csv_reader_get_separator (reader);
  FUZZ_CHECK (*separator == ',' || *separator == ';' || *separator == '\t', "separator %d", *separator);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      const char *const *fields = NULL;
      guint n_fields = 0;
      guint line = 0;

      FUZZ_CHECK (++n_calls <= size + 1, "%zu calls on %zu bytes", n_calls, size);

      if (rapport_csv_reader_next (reader, &n_fields, &fields, &line, &error))
        {
          FUZZ_CHECK (error == NULL, "a row and an error");
          FUZZ_CHECK (n_fields >= 1 && fields != NULL && fields[n_fields] == NULL, "%u fields", n_fields);
          FUZZ_CHECK (line >= 1 && line >= last_line && line <= n_lines,
                      "row on line %u after line %u, of %u", line, last_line, n_lines);
          last_line = line;
          for (guint i = 0; i < n_fields; i++)
            FUZZ_CHECK (fields[i] != NULL && g_utf8_validate (fields[i], -1, NULL), "field %u not UTF-8", i);
          if (rows->len < MAX_ROWS)
            g_ptr_array_add (rows, g_strdupv ((char **) fields));
        }
      else if (error != NULL)
        {
          guint64 problem_line = 0;

          FUZZ_CHECK (g_error_matches (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE), "%s", error->message);
          FUZZ_CHECK (g_str_has_prefix (error->message, "line "), "%s", error->message);
          problem_line = g_ascii_strtoull (error->message + 5, NULL, 10);
          FUZZ_CHECK (problem_line >= 1 && problem_line <= n_lines, "%s (of %u lines)", error->message, n_lines);
        }
      else
        break;
    }

  return rows;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  char separator, out_separator, separator_again;

  rows = read_rows ((const char *) data, size, &separator);

  /* A row of one empty field would write as a blank line, which the
   * reader skips by design. */
  for (guint i = 0; i < rows->len; i++)
    {
      char **fields = g_ptr_array_index (rows, i);

      if (fields[1] != NULL || fields[0][0] != '\0')
        g_ptr_array_add (kept, fields);
    }
  if (kept->len == 0)
    return 0;

  out_separator = g_strv_length (g_ptr_array_index (kept, 0)) >= 2 ? separator : ',';
  for (guint i = 0; i < kept->len; i++)
    {
      char **fields = g_ptr_array_index (kept, i);

      for (guint j = 0; fields[j] != NULL; j++)
        {
          if (j > 0)
            g_string_append_c (out, out_separator);
          rapport_csv_append_field (out, fields[j], out_separator);
        }
      g_string_append (out, "\r\n");
    }

  again = read_rows (out->str, out->len, &separator_again);
  FUZZ_CHECK (separator_again == out_separator, "written with '%c', read with '%c':\n%s",
              out_separator, separator_again, out->str);
  FUZZ_CHECK (again->len == kept->len, "%u rows written, %u read:\n%s", kept->len, again->len, out->str);
  for (guint i = 0; i < kept->len; i++)
    {
      char **fields = g_ptr_array_index (kept, i);
      char **fields_again = g_ptr_array_index (again, i);

      FUZZ_CHECK (g_strv_equal ((const char * const *) fields, (const char * const *) fields_again),
                  "row %u differs after writing:\n%s", i, out->str);
    }

  return 0;
}
