/* rapport-csv.c
 *
 * The reader walks its input once. The bytes of every field of the current
 * row are copied into one growing buffer, each field followed by a NUL, and
 * the offset at which each field starts goes into a second array. Only when
 * the row is complete are the offsets turned into pointers, because the
 * buffer may move while it grows. Both arrays live as long as the reader and
 * are reused for every row, so once they are as large as the widest row,
 * reading a row allocates nothing.
 *
 * A reader on a stream holds a window of the input: the unread rest of
 * what was read so far. A row is read from the window as from a buffer;
 * when reading it ran into the end of the window (every look at the next
 * byte is guarded by the end, so this is where a row cut short shows), the
 * window is refilled and the row read again from its start. Rows are thus
 * read exactly as from the whole input, and only the current row needs to
 * fit in memory.
 */

#define G_LOG_DOMAIN "rapport-csv"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "rapport-csv.h"
#include "rapport-error.h"

/* The first read of a stream, and the window's size until a row needs
 * more. */
#define WINDOW_SIZE (64 * 1024)

/* Flags of RapportCsvReader.stop: the bytes that end a plain run of field
 * bytes outside quotes (the separator, a quote, CR, LF) and inside quotes
 * (a quote, CR, LF). */
#define STOP_UNQUOTED (1 << 0)
#define STOP_QUOTED   (1 << 1)

typedef enum
{
  CSV_PROBLEM_NONE,
  CSV_PROBLEM_STRAY_QUOTE,
  CSV_PROBLEM_TEXT_AFTER_QUOTE,
  CSV_PROBLEM_UNCLOSED_QUOTE,
} CsvProblem;

struct _RapportCsvReader
{
  const char   *data;
  gsize         length;
  gsize         pos;
  guint         line;         /* physical line of data[pos], 1-based */
  char          separator;

  char         *buf;          /* the current row's fields, NUL-separated */
  gsize         buf_len;
  gsize         buf_size;

  gsize        *starts;       /* offset in buf of each field */
  const char  **fields;       /* the same as pointers, NULL-terminated */
  guint         n_fields;
  guint         fields_size;  /* capacity of starts; fields holds one more */

  guint8        stop[256];

  /* Reading a stream: data is window, length the bytes in it. */
  GInputStream *stream;
  GCancellable *cancellable;
  char         *window;
  gsize         window_size;
  gboolean      at_end;       /* no more input after data[length] */
  gboolean      started;      /* the byte order mark and separator are known */
  GError       *stream_error; /* reading failed: given again on every call */
};

/* @complete: whether the line looked at ended before @length. */
static char
detect_separator (const char *data,
                  gsize       length,
                  gboolean   *complete)
{
  gsize pos = 0;
  gsize commas = 0;
  gsize semicolons = 0;
  gsize tabs = 0;
  gsize best_count;
  gboolean in_quotes = FALSE;
  char best;

  *complete = FALSE;

  /* Lines holding nothing or only spaces are skipped, as the reader does.
   * A line of tabs is not skipped: it may be a row of empty fields. */
  for (;;)
    {
      gsize p = pos;

      while (p < length && data[p] == ' ')
        p++;
      if (p < length && (data[p] == '\r' || data[p] == '\n'))
        pos = p + 1;
      else
        break;
    }

  for (; pos < length; pos++)
    {
      char c = data[pos];

      if (c == '"')
        in_quotes = !in_quotes;
      else if (in_quotes)
        continue;
      else if (c == ',')
        commas++;
      else if (c == ';')
        semicolons++;
      else if (c == '\t')
        tabs++;
      else if (c == '\r' || c == '\n')
        {
          *complete = TRUE;
          break;
        }
    }

  best = ',';
  best_count = commas;
  if (semicolons > best_count)
    {
      best = ';';
      best_count = semicolons;
    }
  if (tabs > best_count)
    best = '\t';

  return best;
}

static RapportCsvReader *
reader_new (void)
{
  RapportCsvReader *reader = g_new0 (RapportCsvReader, 1);

  reader->data = "";
  reader->line = 1;
  reader->separator = ',';
  reader->buf_size = 256;
  reader->buf = g_malloc (reader->buf_size);
  reader->fields_size = 16;
  reader->starts = g_new (gsize, reader->fields_size);
  reader->fields = g_new (const char *, reader->fields_size + 1);

  return reader;
}

/* Skips the byte order mark and detects the separator in the first
 * line, which must be complete in data. */
static void
reader_start (RapportCsvReader *reader)
{
  gboolean complete;

  if (reader->length - reader->pos >= 3 &&
      memcmp (reader->data + reader->pos, "\xEF\xBB\xBF", 3) == 0)
    reader->pos += 3;

  reader->separator = detect_separator (reader->data + reader->pos,
                                        reader->length - reader->pos,
                                        &complete);

  reader->stop[(guchar) reader->separator] |= STOP_UNQUOTED;
  reader->stop['"'] |= STOP_UNQUOTED | STOP_QUOTED;
  reader->stop['\r'] |= STOP_UNQUOTED | STOP_QUOTED;
  reader->stop['\n'] |= STOP_UNQUOTED | STOP_QUOTED;
  reader->started = TRUE;
}

RapportCsvReader *
rapport_csv_reader_new (const char *data,
                        gsize       length)
{
  RapportCsvReader *reader;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  reader = reader_new ();
  reader->data = data != NULL ? data : "";
  reader->length = length;
  reader->at_end = TRUE;
  reader_start (reader);

  return reader;
}

RapportCsvReader *
rapport_csv_reader_new_for_stream (GInputStream *stream,
                                   GCancellable *cancellable)
{
  RapportCsvReader *reader;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  reader = reader_new ();
  reader->stream = g_object_ref (stream);
  reader->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  reader->window_size = WINDOW_SIZE;
  reader->window = g_malloc (reader->window_size);
  reader->data = reader->window;

  return reader;
}

void
rapport_csv_reader_free (RapportCsvReader *reader)
{
  if (reader == NULL)
    return;

  g_free (reader->buf);
  g_free (reader->starts);
  g_free (reader->fields);
  g_free (reader->window);
  g_clear_object (&reader->stream);
  g_clear_object (&reader->cancellable);
  g_clear_error (&reader->stream_error);
  g_free (reader);
}

char
rapport_csv_reader_get_separator (RapportCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, ',');

  return reader->separator;
}

static void
buffer_grow (RapportCsvReader *reader,
             gsize             extra)
{
  gsize needed = reader->buf_len + extra;
  gsize size = reader->buf_size;

  while (size < needed)
    size *= 2;

  reader->buf = g_realloc (reader->buf, size);
  reader->buf_size = size;
}

static inline void
buffer_append (RapportCsvReader *reader,
               const char       *bytes,
               gsize             len)
{
  if (G_UNLIKELY (reader->buf_size - reader->buf_len < len))
    buffer_grow (reader, len);

  memcpy (reader->buf + reader->buf_len, bytes, len);
  reader->buf_len += len;
}

static inline void
buffer_append_c (RapportCsvReader *reader,
                 char              c)
{
  if (G_UNLIKELY (reader->buf_size == reader->buf_len))
    buffer_grow (reader, 1);

  reader->buf[reader->buf_len++] = c;
}

static inline void
push_field (RapportCsvReader *reader,
            gsize             start)
{
  if (G_UNLIKELY (reader->n_fields == reader->fields_size))
    {
      reader->fields_size *= 2;
      reader->starts = g_renew (gsize, reader->starts, reader->fields_size);
      reader->fields = g_renew (const char *, reader->fields, reader->fields_size + 1);
    }

  reader->starts[reader->n_fields++] = start;
}

/* Counts the line ends in the first @len bytes of @text, which holds the
 * bytes of a field as they were in the input, CRLF counting once. */
static guint
count_line_ends (const char *text,
                 gsize       len)
{
  guint count = 0;
  gsize i;

  for (i = 0; i < len; i++)
    {
      if (text[i] == '\n')
        count++;
      else if (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'))
        count++;
    }

  return count;
}

static void
set_problem_error (GError     **error,
                   CsvProblem   problem,
                   guint        line)
{
  switch (problem)
    {
    case CSV_PROBLEM_STRAY_QUOTE:
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                   _("line %u: a quote inside an unquoted field"), line);
      break;

    case CSV_PROBLEM_TEXT_AFTER_QUOTE:
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                   _("line %u: text after a closing quote"), line);
      break;

    case CSV_PROBLEM_UNCLOSED_QUOTE:
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                   _("line %u: a quoted field is never closed"), line);
      break;

    case CSV_PROBLEM_NONE:
    default:
      g_assert_not_reached ();
    }
}

static void
set_bad_text_error (GError   **error,
                    guint      line,
                    gboolean   nul)
{
  if (nul)
    g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                 _("line %u: contains a NUL byte"), line);
  else
    g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                 _("line %u: not valid UTF-8 text"), line);
}

/* Reads the next row from data[pos] to data[length]. */
static gboolean
read_row (RapportCsvReader   *reader,
          guint              *n_fields,
          const char *const **fields,
          guint              *line,
          GError            **error)
{
  const char *data;
  const guint8 *stop;
  CsvProblem problem = CSV_PROBLEM_NONE;
  guint problem_line = 0;
  guint bad_utf8_line = 0;
  gboolean bad_is_nul = FALSE;
  guint row_line;
  guint cur_line;
  gsize length;
  gsize pos;
  char sep;
  guint i;

  data = reader->data;
  stop = reader->stop;
  length = reader->length;
  pos = reader->pos;
  cur_line = reader->line;
  sep = reader->separator;

  *n_fields = 0;
  *fields = NULL;
  if (line != NULL)
    *line = 0;

  reader->buf_len = 0;
  reader->n_fields = 0;

  /* Skip blank lines: empty, or only spaces and tabs (unless tab is the
   * separator, which makes a line of tabs a row of empty fields). */
  for (;;)
    {
      gsize p = pos;

      while (p < length && (data[p] == ' ' || (data[p] == '\t' && sep != '\t')))
        p++;

      if (p == length)
        {
          pos = length;
          break;
        }

      if (data[p] == '\n')
        pos = p + 1;
      else if (data[p] == '\r')
        pos = (p + 1 < length && data[p + 1] == '\n') ? p + 2 : p + 1;
      else
        break;

      cur_line++;
    }

  if (pos == length)
    {
      reader->pos = pos;
      reader->line = cur_line;
      return FALSE;
    }

  row_line = cur_line;
  if (line != NULL)
    *line = row_line;

  for (;;)
    {
      gsize field_start = reader->buf_len;
      guint field_line = cur_line;
      const char *bad_byte;

      if (pos < length && data[pos] == '"')
        {
          pos++;

          for (;;)
            {
              gsize run = pos;

              while (pos < length && !(stop[(guchar) data[pos]] & STOP_QUOTED))
                pos++;
              buffer_append (reader, data + run, pos - run);

              if (pos == length)
                {
                  problem = CSV_PROBLEM_UNCLOSED_QUOTE;
                  problem_line = field_line;
                  goto failed;
                }

              if (data[pos] == '"')
                {
                  if (pos + 1 < length && data[pos + 1] == '"')
                    {
                      buffer_append_c (reader, '"');
                      pos += 2;
                      continue;
                    }

                  pos++;
                  break;
                }

              /* A line end inside quotes belongs to the field. */
              if (data[pos] == '\r' && pos + 1 < length && data[pos + 1] == '\n')
                {
                  buffer_append (reader, "\r\n", 2);
                  pos += 2;
                }
              else
                {
                  buffer_append_c (reader, data[pos]);
                  pos++;
                }
              cur_line++;
            }

          if (pos < length && data[pos] != sep && data[pos] != '\r' && data[pos] != '\n')
            {
              problem = CSV_PROBLEM_TEXT_AFTER_QUOTE;
              problem_line = cur_line;
              goto failed;
            }
        }
      else
        {
          gsize run = pos;

          while (pos < length && !(stop[(guchar) data[pos]] & STOP_UNQUOTED))
            pos++;

          if (pos < length && data[pos] == '"')
            {
              problem = CSV_PROBLEM_STRAY_QUOTE;
              problem_line = cur_line;
              goto failed;
            }

          buffer_append (reader, data + run, pos - run);
        }

      if (bad_utf8_line == 0 &&
          !g_utf8_validate (reader->buf + field_start,
                            reader->buf_len - field_start,
                            &bad_byte))
        {
          bad_utf8_line = field_line + count_line_ends (reader->buf + field_start,
                                                        bad_byte - (reader->buf + field_start));
          bad_is_nul = (*bad_byte == '\0');
        }

      buffer_append_c (reader, '\0');
      push_field (reader, field_start);

      if (pos == length)
        break;

      if (data[pos] == sep)
        {
          pos++;
          continue;
        }

      /* CR, LF or CRLF ends the row. */
      if (data[pos] == '\r' && pos + 1 < length && data[pos + 1] == '\n')
        pos += 2;
      else
        pos++;
      cur_line++;
      break;
    }

  reader->pos = pos;
  reader->line = cur_line;

  if (bad_utf8_line != 0)
    {
      reader->n_fields = 0;
      set_bad_text_error (error, bad_utf8_line, bad_is_nul);
      return FALSE;
    }

  for (i = 0; i < reader->n_fields; i++)
    reader->fields[i] = reader->buf + reader->starts[i];
  reader->fields[reader->n_fields] = NULL;

  *n_fields = reader->n_fields;
  *fields = reader->fields;

  return TRUE;

failed:
  /* Resume at the start of the physical line after the one the problem is
   * on. For a quote that is never closed, pos is already at the end. */
  while (pos < length && data[pos] != '\r' && data[pos] != '\n')
    pos++;
  if (pos < length)
    {
      if (data[pos] == '\r' && pos + 1 < length && data[pos + 1] == '\n')
        pos += 2;
      else
        pos++;
      cur_line++;
    }

  reader->pos = pos;
  reader->line = cur_line;
  reader->n_fields = 0;

  /* Of two problems in a row, the first one in the file is reported. */
  if (bad_utf8_line != 0)
    set_bad_text_error (error, bad_utf8_line, bad_is_nul);
  else
    set_problem_error (error, problem, problem_line);

  return FALSE;
}

/* Keeps the unread rest of the window and reads more after it: at least
 * as many bytes as are kept, so that a long row is read again only as
 * often as its length doubles. FALSE with @error when reading failed or
 * the row would not fit in RAPPORT_CSV_MAX_ROW_SIZE. */
static gboolean
fill (RapportCsvReader  *reader,
      GError           **error)
{
  gsize keep = reader->length - reader->pos;
  gsize wanted = MAX (keep, 1);

  memmove (reader->window, reader->window + reader->pos, keep);
  reader->pos = 0;
  reader->length = keep;

  if (reader->window_size - keep < wanted)
    {
      if (keep >= RAPPORT_CSV_MAX_ROW_SIZE)
        {
          g_set_error (&reader->stream_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       /* Translators: %u is a number of mebibytes */
                       _("line %u: a row longer than %u MiB cannot be read"),
                       reader->line, (guint) (RAPPORT_CSV_MAX_ROW_SIZE / (1024 * 1024)));
          g_propagate_error (error, g_error_copy (reader->stream_error));
          return FALSE;
        }

      reader->window_size = MIN (MAX (reader->window_size * 2, keep + wanted),
                                 RAPPORT_CSV_MAX_ROW_SIZE + WINDOW_SIZE);
      reader->window = g_realloc (reader->window, reader->window_size);
      reader->data = reader->window;
    }
  wanted = MIN (wanted, reader->window_size - keep);

  while (reader->length - keep < wanted)
    {
      gssize n = g_input_stream_read (reader->stream,
                                      reader->window + reader->length,
                                      reader->window_size - reader->length,
                                      reader->cancellable,
                                      &reader->stream_error);

      if (n < 0)
        {
          g_propagate_error (error, g_error_copy (reader->stream_error));
          return FALSE;
        }

      if (n == 0)
        {
          reader->at_end = TRUE;
          break;
        }

      reader->length += n;
    }

  return TRUE;
}

gboolean
rapport_csv_reader_next (RapportCsvReader   *reader,
                         guint              *n_fields,
                         const char *const **fields,
                         guint              *line,
                         GError            **error)
{
  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (n_fields != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *n_fields = 0;
  *fields = NULL;
  if (line != NULL)
    *line = 0;

  if (reader->stream_error != NULL)
    {
      g_propagate_error (error, g_error_copy (reader->stream_error));
      return FALSE;
    }

  /* The byte order mark and the whole first line are needed first. */
  while (!reader->started)
    {
      gboolean complete = FALSE;
      gsize skip = 0;

      if (reader->length >= 3 && memcmp (reader->data, "\xEF\xBB\xBF", 3) == 0)
        skip = 3;
      if (reader->length >= 3)
        detect_separator (reader->data + skip, reader->length - skip, &complete);

      if (complete || reader->at_end)
        reader_start (reader);
      else if (!fill (reader, error))
        return FALSE;
    }

  for (;;)
    {
      g_autoptr(GError) row_error = NULL;
      gsize row_pos = reader->pos;
      guint row_line = reader->line;
      gboolean ok;

      ok = read_row (reader, n_fields, fields, line, &row_error);

      if (reader->at_end || reader->pos < reader->length)
        {
          if (row_error != NULL)
            g_propagate_error (error, g_steal_pointer (&row_error));
          return ok;
        }

      /* The row may go on after what has been read. */
      reader->pos = row_pos;
      reader->line = row_line;
      reader->n_fields = 0;
      *n_fields = 0;
      *fields = NULL;
      if (line != NULL)
        *line = 0;

      if (!fill (reader, error))
        return FALSE;
    }
}

void
rapport_csv_append_field (GString    *out,
                          const char *field,
                          char        separator)
{
  const char *p;
  gboolean needs_quotes;
  gsize len;

  g_return_if_fail (out != NULL);
  g_return_if_fail (separator != '\0' && separator != '"' &&
                    separator != '\r' && separator != '\n');

  if (field == NULL || field[0] == '\0')
    return;

  len = strlen (field);

  /* Besides @separator, the other separators the reader may detect are
   * quoted, so that a file written with this function is read back the
   * same whatever its first line holds. */
  needs_quotes = g_ascii_isspace (field[0]) || g_ascii_isspace (field[len - 1]);
  /* A byte order mark at the start of the file is not data to the reader:
   * a field that starts with one (possible where it was not the first)
   * must not start the file with it. */
  needs_quotes |= g_str_has_prefix (field, "\xEF\xBB\xBF");
  for (p = field; !needs_quotes && *p != '\0'; p++)
    needs_quotes = (*p == separator || *p == '"' || *p == '\r' || *p == '\n' ||
                    *p == ',' || *p == ';' || *p == '\t');

  if (!needs_quotes)
    {
      g_string_append_len (out, field, len);
      return;
    }

  g_string_append_c (out, '"');
  for (p = field; *p != '\0';)
    {
      const char *quote = strchr (p, '"');

      if (quote == NULL)
        {
          g_string_append (out, p);
          break;
        }

      g_string_append_len (out, p, quote - p + 1);
      g_string_append_c (out, '"');
      p = quote + 1;
    }
  g_string_append_c (out, '"');
}
