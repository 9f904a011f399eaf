/* test-csv.c */

#include <string.h>

#include <gio/gio.h>

#include "rapport-csv.h"
#include "rapport-error.h"

/* A stream that hands out its bytes a few at a time, so that a reader on
 * it finds the end of what it has read at every place in a row. */
#define TRICKLE_TYPE_STREAM (trickle_stream_get_type ())
G_DECLARE_FINAL_TYPE (TrickleStream, trickle_stream, TRICKLE, STREAM, GInputStream)

struct _TrickleStream
{
  GInputStream  parent_instance;
  GBytes       *bytes;
  gsize         pos;
  gsize         max_read;
  gsize         fail_at;      /* reading from here on fails; 0: never */
};

G_DEFINE_FINAL_TYPE (TrickleStream, trickle_stream, G_TYPE_INPUT_STREAM)

static gssize
trickle_stream_read_fn (GInputStream  *stream,
                        void          *buffer,
                        gsize          count,
                        GCancellable  *cancellable,
                        GError       **error)
{
  TrickleStream *self = TRICKLE_STREAM (stream);
  gsize size;
  const char *data = g_bytes_get_data (self->bytes, &size);
  gsize n = g_test_rand_int_range (1, self->max_read + 1);

  n = MIN (n, MIN (count, size - self->pos));

  if (self->fail_at != 0 && self->pos + n > self->fail_at)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the disk went away");
      return -1;
    }

  if (n > 0)
    memcpy (buffer, data + self->pos, n);
  self->pos += n;

  return n;
}

static void
trickle_stream_finalize (GObject *object)
{
  g_bytes_unref (TRICKLE_STREAM (object)->bytes);
  G_OBJECT_CLASS (trickle_stream_parent_class)->finalize (object);
}

static void
trickle_stream_class_init (TrickleStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trickle_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = trickle_stream_read_fn;
}

static void
trickle_stream_init (TrickleStream *self)
{
}

static GInputStream *
trickle_stream_new (const char *data,
                    gsize       len,
                    gsize       max_read)
{
  TrickleStream *self = g_object_new (TRICKLE_TYPE_STREAM, NULL);

  self->bytes = g_bytes_new (data, len);
  self->max_read = max_read;

  return G_INPUT_STREAM (self);
}

static void
append_escaped (GString    *out,
                const char *field)
{
  const char *p;

  for (p = field; *p != '\0'; p++)
    {
      if (*p == '\r')
        g_string_append (out, "\\r");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '\t')
        g_string_append (out, "\\t");
      else
        g_string_append_c (out, *p);
    }
}

/* Reads all of @len bytes of @text (copied to a buffer of exactly that size
 * with no NUL after it, so that ASan catches a read past the end) and
 * describes what the reader returned: a row as "LINE:[field][field]", an
 * error as "!MESSAGE", one per line. */
static char *
describe (RapportCsvReader *reader,
          char             *separator)
{
  g_autoptr(GString) out = g_string_new (NULL);
  static const char *const poison[] = { "poison", NULL };
  guint n_calls = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      const char *const *fields = poison;
      guint n_fields = G_MAXUINT;
      guint line = G_MAXUINT;
      guint i;

      g_assert_cmpuint (++n_calls, <, 10000);

      if (rapport_csv_reader_next (reader, &n_fields, &fields, &line, &error))
        {
          g_assert_no_error (error);
          g_assert_cmpuint (line, >=, 1);
          g_assert_cmpuint (n_fields, >=, 1);
          g_assert_null (fields[n_fields]);

          g_string_append_printf (out, "%u:", line);
          for (i = 0; i < n_fields; i++)
            {
              g_assert_true (g_utf8_validate (fields[i], -1, NULL));
              g_string_append_c (out, '[');
              append_escaped (out, fields[i]);
              g_string_append_c (out, ']');
            }
          g_string_append_c (out, '\n');
        }
      else if (error != NULL)
        {
          g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);
          g_assert_true (g_str_has_prefix (error->message, "line "));
          g_assert_cmpuint (n_fields, ==, 0);
          g_assert_null (fields);
          g_string_append_printf (out, "!%s\n", error->message);
        }
      else
        {
          g_assert_cmpuint (n_fields, ==, 0);
          g_assert_null (fields);
          break;
        }
    }

  if (separator != NULL)
    *separator = rapport_csv_reader_get_separator (reader);

  /* The end is sticky. */
  {
    const char *const *fields = NULL;
    guint n_fields = 0;
    GError *error = NULL;

    g_assert_false (rapport_csv_reader_next (reader, &n_fields, &fields, NULL, &error));
    g_assert_no_error (error);
  }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Reads the text from a buffer, and from a stream that gives it out a few
 * bytes at a time; both must read the same. */
static char *
read_all_len (const char *text,
              gsize       len,
              char       *separator)
{
  g_autoptr(RapportCsvReader) reader = NULL;
  g_autoptr(RapportCsvReader) stream_reader = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *from_stream = NULL;
  char *from_buffer;
  char stream_separator = 0;

  if (len > 0)
    copy = g_memdup2 (text, len);

  reader = rapport_csv_reader_new (copy, len);
  from_buffer = describe (reader, separator);

  stream = trickle_stream_new (text, len, 7);
  stream_reader = rapport_csv_reader_new_for_stream (stream, NULL);
  from_stream = describe (stream_reader, &stream_separator);
  g_assert_cmpstr (from_stream, ==, from_buffer);
  g_assert_cmpint (stream_separator, ==, rapport_csv_reader_get_separator (reader));

  return from_buffer;
}

static char *
read_all (const char *text)
{
  return read_all_len (text, strlen (text), NULL);
}

#define assert_reads(text, expected)          \
  G_STMT_START {                              \
    g_autofree char *got_ = read_all (text);  \
    g_assert_cmpstr (got_, ==, expected);     \
  } G_STMT_END

static char
separator_of (const char *text)
{
  g_autofree char *ignored = NULL;
  char separator = 0;

  ignored = read_all_len (text, strlen (text), &separator);

  return separator;
}

static void
test_reader_empty (void)
{
  assert_reads ("", "");
  assert_reads ("\xEF\xBB\xBF", "");
  assert_reads ("\n\r\n\r  \n \n", "");
  assert_reads ("   ", "");
  g_assert_cmpint (separator_of (""), ==, ',');
}

static void
test_reader_simple (void)
{
  assert_reads ("name,email,phone\n"
                "Amara Okafor,amara@example.com,+234 1 234\n",
                "1:[name][email][phone]\n"
                "2:[Amara Okafor][amara@example.com][+234 1 234]\n");
  /* Fields are not trimmed; a single column works. */
  assert_reads (" a , b \n", "1:[ a ][ b ]\n");
  assert_reads ("one\ntwo\n", "1:[one]\n2:[two]\n");
}

static void
test_reader_bom_is_skipped (void)
{
  assert_reads ("\xEF\xBB\xBFname,email\nAda,ada@example.com\n",
                "1:[name][email]\n2:[Ada][ada@example.com]\n");
  /* The separator is detected after the BOM, and a quoted first field
   * right after it is still a quoted field. */
  assert_reads ("\xEF\xBB\xBF\"name\";email\n",
                "1:[name][email]\n");
  g_assert_cmpint (separator_of ("\xEF\xBB\xBF\"name\";email\n"), ==, ';');
  /* Only a BOM at the very start is skipped. */
  assert_reads ("a\n\xEF\xBB\xBF" "b\n", "1:[a]\n2:[\xEF\xBB\xBF" "b]\n");
}

static void
test_reader_quoted_fields (void)
{
  assert_reads ("name,address,note\n"
                "\"Okafor, Amara\",\"12 Marina\nLagos\nNigeria\",x\n"
                "Ada,\"\",\"a,b\"\n"
                "last,row,here\n",
                "1:[name][address][note]\n"
                "2:[Okafor, Amara][12 Marina\\nLagos\\nNigeria][x]\n"
                "5:[Ada][][a,b]\n"
                "6:[last][row][here]\n");
  /* Line ends inside quotes are kept as they are and counted as lines. */
  assert_reads ("\"a\r\nb\rc\nd\",e\r\nf,g\r\n",
                "1:[a\\r\\nb\\rc\\nd][e]\n"
                "5:[f][g]\n");
  /* A quoted field may start a row that follows a multi-line row. */
  assert_reads ("\"x\ny\"\n\"z\"\n", "1:[x\\ny]\n3:[z]\n");
  /* A quoted field made of a line end only. */
  assert_reads ("\"\n\",b\nc,d\n", "1:[\\n][b]\n3:[c][d]\n");
}

static void
test_reader_doubled_quotes (void)
{
  assert_reads ("\"say \"\"hi\"\"\",\"\"\"\"\n",
                "1:[say \"hi\"][\"]\n");
  assert_reads ("\"\"\"\"\"\",\"a\"\"\"\n", "1:[\"\"][a\"]\n");
  assert_reads ("\"\",\"\"\n", "1:[][]\n");
}

static void
test_reader_separator_detection (void)
{
  g_assert_cmpint (separator_of ("a,b,c\n"), ==, ',');
  g_assert_cmpint (separator_of ("a;b;c\n"), ==, ';');
  g_assert_cmpint (separator_of ("a\tb\tc\n"), ==, '\t');
  g_assert_cmpint (separator_of ("single\n"), ==, ',');
  /* The most frequent wins. */
  g_assert_cmpint (separator_of ("a;b;c,d\n"), ==, ';');
  g_assert_cmpint (separator_of ("a\tb,c;d\te\n"), ==, '\t');
  g_assert_cmpint (separator_of ("a,b;c\td,e\n"), ==, ',');
  /* Ties: ',' first, then ';'. */
  g_assert_cmpint (separator_of ("a,b;c\n"), ==, ',');
  g_assert_cmpint (separator_of ("a\tb;c\n"), ==, ';');
  /* Separators inside quotes do not count, even across lines. */
  g_assert_cmpint (separator_of ("\"a,b,c\";d\n"), ==, ';');
  g_assert_cmpint (separator_of ("\"a,\n,,\"\"\";d\n"), ==, ';');
  /* Only the first line counts. */
  g_assert_cmpint (separator_of ("a;b\nc,d,e,f,g\n"), ==, ';');
  /* Blank lines before the first line are skipped. */
  g_assert_cmpint (separator_of ("\n  \r\na;b\n"), ==, ';');
  /* CR ends the first line. */
  g_assert_cmpint (separator_of ("a;b\rc,d,e\r"), ==, ';');

  assert_reads ("name;note\nAda;\"x;y\"\n", "1:[name][note]\n2:[Ada][x;y]\n");
  assert_reads ("name;note\nAda,Lovelace;1,5\n",
                "1:[name][note]\n2:[Ada,Lovelace][1,5]\n");
  assert_reads ("name\tnote\nAda Lovelace\t\"x\ty\"\n",
                "1:[name][note]\n2:[Ada Lovelace][x\\ty]\n");
  /* With TAB as separator a line of tabs is a row of empty fields. */
  assert_reads ("a\tb\n\t\n", "1:[a][b]\n2:[][]\n");
}

static void
test_reader_line_ends (void)
{
  assert_reads ("a,b\r\nc,d\r\n", "1:[a][b]\n2:[c][d]\n");
  assert_reads ("a,b\rc,d\r", "1:[a][b]\n2:[c][d]\n");
  assert_reads ("a,b\rc,d\ne,f\r\ng,h", "1:[a][b]\n2:[c][d]\n3:[e][f]\n4:[g][h]\n");
  /* LF CR is two line ends, with a blank line between. */
  assert_reads ("a\n\rb\n", "1:[a]\n3:[b]\n");
  /* A quoted field right before each kind of line end. */
  assert_reads ("\"a\"\r\"b\"\r\n\"c\"\n\"d\"",
                "1:[a]\n2:[b]\n3:[c]\n4:[d]\n");
}

static void
test_reader_blank_lines (void)
{
  assert_reads ("\n\na,b\n\n\nc,d\n\n",
                "3:[a][b]\n6:[c][d]\n");
  assert_reads ("a\r\n\r\n\r\nb\r\n", "1:[a]\n4:[b]\n");
  assert_reads ("a\r\r\rb", "1:[a]\n4:[b]\n");
  /* Lines of spaces (and tabs when tab is not the separator) are blank. */
  assert_reads ("a,b\n   \n \t \nc,d\n", "1:[a][b]\n4:[c][d]\n");
  /* A row of empty fields is not blank. */
  assert_reads ("a,b\n,\nc,d\n", "1:[a][b]\n2:[][]\n3:[c][d]\n");
  /* Blank lines after the last row. */
  assert_reads ("a,b\n\n  \n\n", "1:[a][b]\n");
}

static void
test_reader_missing_final_newline (void)
{
  assert_reads ("a,b\nc,d", "1:[a][b]\n2:[c][d]\n");
  assert_reads ("a,b\n\"c\nd\",\"e\"", "1:[a][b]\n2:[c\\nd][e]\n");
  assert_reads ("x", "1:[x]\n");
  assert_reads ("\"\"", "1:[]\n");
}

static void
test_reader_trailing_empty_field (void)
{
  assert_reads ("a,b,\n", "1:[a][b][]\n");
  assert_reads ("a,b,", "1:[a][b][]\n");
  assert_reads ("a,b,\r\nc,,\r\n", "1:[a][b][]\n2:[c][][]\n");
  assert_reads (",\n", "1:[][]\n");
  assert_reads ("\"a\",\n", "1:[a][]\n");
  assert_reads ("a;b;\nc;;\n", "1:[a][b][]\n2:[c][][]\n");
}

static void
test_reader_error_quote_in_unquoted_field (void)
{
  assert_reads ("name,note\n"
                "Ada,Lovelace\n"
                "Ada,say \"hi\",x\n"
                "Grace,Hopper\n",
                "1:[name][note]\n"
                "2:[Ada][Lovelace]\n"
                "!line 3: a quote inside an unquoted field\n"
                "4:[Grace][Hopper]\n");
  /* At the end of a field, with CRLF, and as the last line. */
  assert_reads ("a,b\"\r\nc,d\r\ne\"",
                "!line 1: a quote inside an unquoted field\n"
                "2:[c][d]\n"
                "!line 3: a quote inside an unquoted field\n");
  /* Spaces before a quote make the field unquoted. */
  assert_reads ("a, \"b\"\rc\r",
                "!line 1: a quote inside an unquoted field\n"
                "2:[c]\n");
}

static void
test_reader_error_text_after_closing_quote (void)
{
  assert_reads ("a,b\n"
                "\n"
                "\"Okafor\"x,b\n"
                "c,d\n",
                "1:[a][b]\n"
                "!line 3: text after a closing quote\n"
                "4:[c][d]\n");
  /* A space after the closing quote is text too. */
  assert_reads ("\"a\" ,b\r\nc,d", "!line 1: text after a closing quote\n2:[c][d]\n");
  /* On the second line of a row: reported there, and reading resumes on
   * the line after it. */
  assert_reads ("a,\"multi\nline\"x,b\nc,d\n",
                "!line 2: text after a closing quote\n"
                "3:[c][d]\n");
  /* Resuming on the next line may land inside the bad row's quotes; what
   * follows is then read as it stands. */
  assert_reads ("\"a\"x,\"b\nc\",d\ne\n",
                "!line 1: text after a closing quote\n"
                "!line 2: a quote inside an unquoted field\n"
                "3:[e]\n");
}

static void
test_reader_error_unclosed_quote (void)
{
  assert_reads ("a,b\n"
                "c,d\n"
                "\"never closed,x\n"
                "e,f\n"
                "g,h\n",
                "1:[a][b]\n"
                "2:[c][d]\n"
                "!line 3: a quoted field is never closed\n");
  /* The line is the one where the field opens, not the end of input. */
  assert_reads ("a,b\n\n\nc,\"d\ne\nf",
                "1:[a][b]\n!line 4: a quoted field is never closed\n");
  assert_reads ("\"", "!line 1: a quoted field is never closed\n");
  assert_reads ("\"a\"\"", "!line 1: a quoted field is never closed\n");
}

static void
test_reader_error_invalid_utf8 (void)
{
  /* A bad byte in an unquoted field. */
  assert_reads ("name,city\n"
                "Ada,K\xF6ln\n"
                "Grace,K\xC3\xB6ln\n",
                "1:[name][city]\n"
                "!line 2: not valid UTF-8 text\n"
                "3:[Grace][K\xC3\xB6ln]\n");
  /* In a multi-line quoted field: the line of the bad byte is reported and
   * reading resumes after the whole row. */
  assert_reads ("a,\"x\ny\r\nz\xFF\",b\nc,d\n",
                "!line 3: not valid UTF-8 text\n"
                "4:[c][d]\n");
  /* Overlong encodings, surrogates, a truncated sequence at the end. */
  assert_reads ("\xC0\xAF\n\xED\xA0\x80\nok\n\xE2\x82",
                "!line 1: not valid UTF-8 text\n"
                "!line 2: not valid UTF-8 text\n"
                "3:[ok]\n"
                "!line 4: not valid UTF-8 text\n");
  /* The first of two problems in a row is reported. */
  assert_reads ("\xFF,a\"b\nc\n",
                "!line 1: not valid UTF-8 text\n"
                "2:[c]\n");
}

static void
test_reader_error_nul_byte (void)
{
  g_autofree char *got = read_all_len ("a,b\0c\nd,e\n", 10, NULL);

  /* Called what it is, not "not valid UTF-8". */
  g_assert_cmpstr (got, ==,
                   "!line 1: contains a NUL byte\n"
                   "2:[d][e]\n");
}

static void
test_reader_long_rows (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *got = NULL;
  g_autofree char *big = NULL;
  guint i;

  /* Fields and rows much larger than the reader's first buffers. */
  big = g_strnfill (100000, 'x');
  for (i = 0; i < 300; i++)
    {
      g_string_append_printf (text, "%s%u", i ? "," : "", i);
      g_string_append_printf (expected, "%s[%u]", i ? "" : "1:", i);
    }
  g_string_append_printf (text, "\n\"%s\",%s\n", big, big);
  g_string_append_printf (expected, "\n2:[%s][%s]\n", big, big);

  got = read_all (text->str);
  g_assert_cmpstr (got, ==, expected->str);
}

static void
test_reader_random_input (void)
{
  static const char *const pieces[] = {
    "a", "b", ",", ";", "\t", "\"", "\"\"", "\r", "\n", "\r\n", " ",
    "\xC3\xA9", "\xFF", "\xE2\x82",
  };
  guint round;

  /* Whatever the input, the reader ends, reads nothing outside the input,
   * and its line numbers only grow and stay within the input. */
  for (round = 0; round < 2000; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(RapportCsvReader) reader = NULL;
      g_autofree char *copy = NULL;
      guint n_lines = 1;
      guint last_line = 0;
      guint n_calls = 0;
      guint n_pieces;
      guint i;

      n_pieces = g_test_rand_int_range (0, 40);
      for (i = 0; i < n_pieces; i++)
        g_string_append (text, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);

      for (i = 0; i < text->len; i++)
        if (text->str[i] == '\n' ||
            (text->str[i] == '\r' && text->str[i + 1] != '\n'))
          n_lines++;

      copy = g_memdup2 (text->str, text->len);
      reader = rapport_csv_reader_new (copy, text->len);

      for (;;)
        {
          g_autoptr(GError) error = NULL;
          const char *const *fields;
          guint n_fields;
          guint line;
          gboolean ok;

          g_assert_cmpuint (++n_calls, <=, text->len + 1);

          ok = rapport_csv_reader_next (reader, &n_fields, &fields, &line, &error);
          if (ok)
            {
              g_assert_cmpuint (line, >, last_line);
              g_assert_cmpuint (line, <=, n_lines);
              last_line = line;
            }
          else if (error != NULL)
            {
              guint error_line;

              g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);
              g_assert_true (g_str_has_prefix (error->message, "line "));
              error_line = (guint) g_ascii_strtoull (error->message + 5, NULL, 10);
              g_assert_cmpuint (error_line, >, last_line);
              g_assert_cmpuint (error_line, <=, n_lines);
              last_line = error_line;
            }
          else
            break;
        }

      /* And a reader on a stream reads the same. */
      g_free (read_all_len (text->str, text->len, NULL));
    }
}

static void
test_reader_stream_row_too_long (void)
{
  g_autoptr(GString) text = g_string_new ("name,notes\nAda,\"");
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(RapportCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char *const *fields;
  guint n_fields;
  guint line;

  /* A quote that never closes makes the rest of the file one row. */
  while (text->len <= RAPPORT_CSV_MAX_ROW_SIZE + 1024)
    g_string_append (text, "All work and no play makes Jack a dull boy.\n");

  stream = g_memory_input_stream_new_from_data (g_memdup2 (text->str, text->len), text->len, g_free);
  reader = rapport_csv_reader_new_for_stream (stream, NULL);

  g_assert_true (rapport_csv_reader_next (reader, &n_fields, &fields, &line, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fields[0], ==, "name");

  g_assert_false (rapport_csv_reader_next (reader, &n_fields, &fields, &line, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "line 2: a row longer than 16 MiB cannot be read");
  g_assert_cmpuint (n_fields, ==, 0);
  g_assert_null (fields);
  g_clear_error (&error);

  /* It is not a row to skip: the input ends there. */
  g_assert_false (rapport_csv_reader_next (reader, &n_fields, &fields, &line, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
}

static void
test_reader_stream_read_error (void)
{
  g_autoptr(GString) text = g_string_new ("name,email,notes\nAda,ada@example.org,\nGrace,grace@example.org,");
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(RapportCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char *const *fields;
  guint n_fields;

  /* Reading fails in the middle of Grace's long row (the reader reads at
   * most twice the row it is on ahead). */
  for (guint i = 0; i < 20; i++)
    g_string_append (text, "Likes long letters. ");
  g_string_append (text, "\n");
  stream = trickle_stream_new (text->str, text->len, 3);
  TRICKLE_STREAM (stream)->fail_at = text->len - 5;
  reader = rapport_csv_reader_new_for_stream (stream, NULL);

  g_assert_true (rapport_csv_reader_next (reader, &n_fields, &fields, NULL, &error));
  g_assert_true (rapport_csv_reader_next (reader, &n_fields, &fields, NULL, &error));
  g_assert_cmpstr (fields[0], ==, "Ada");
  g_assert_no_error (error);

  /* Her row is not given cut short, and the failure stays. */
  for (guint i = 0; i < 2; i++)
    {
      g_assert_false (rapport_csv_reader_next (reader, &n_fields, &fields, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
      g_assert_null (fields);
      g_clear_error (&error);
    }
}

static void
test_writer_quoting (void)
{
  static const struct {
    const char *field;
    char        separator;
    const char *expected;
  } cases[] = {
    { "plain", ',', "plain" },
    { "Okafor, Amara", ',', "\"Okafor, Amara\"" },
    { "a;b", ';', "\"a;b\"" },
    { "a\tb", '\t', "\"a\tb\"" },
    { "say \"hi\"", ',', "\"say \"\"hi\"\"\"" },
    { "\"", ',', "\"\"\"\"" },
    { "two\nlines", ',', "\"two\nlines\"" },
    { "two\rlines", ',', "\"two\rlines\"" },
    { "two\r\nlines", ';', "\"two\r\nlines\"" },
    { " lead", ',', "\" lead\"" },
    { "trail ", ',', "\"trail \"" },
    { "\ttab", ',', "\"\ttab\"" },
    { " ", ',', "\" \"" },
    { "in side", ',', "in side" },
    { "K\xC3\xB6ln", ',', "K\xC3\xB6ln" },
    /* Other separators the reader could detect are quoted too. */
    { "a;b", ',', "\"a;b\"" },
    { "a,b", ';', "\"a,b\"" },
    { "a\tb", ',', "\"a\tb\"" },
    { "a|b", '|', "\"a|b\"" },
    { "a|b", ',', "a|b" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new ("x");

      rapport_csv_append_field (out, cases[i].field, cases[i].separator);
      g_assert_cmpstr (out->str + 1, ==, cases[i].expected);
    }
}

static void
test_writer_empty_and_null (void)
{
  g_autoptr(GString) out = g_string_new ("a,");

  rapport_csv_append_field (out, NULL, ',');
  g_assert_cmpstr (out->str, ==, "a,");
  rapport_csv_append_field (out, "", ',');
  g_assert_cmpstr (out->str, ==, "a,");
  rapport_csv_append_field (out, "b", ',');
  g_assert_cmpstr (out->str, ==, "a,b");
}

static char *
random_field (void)
{
  static const char *const pieces[] = {
    "a", "Z", "0", "x y", " ", "  ", ",", ";", "\t", "\"", "\"\"", "\r",
    "\n", "\r\n", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
    "\xE4\xB8\xAD\xE6\x96\x87", "Okafor", "'", "=1+2",
  };
  GString *field = g_string_new (NULL);
  guint n;
  guint i;

  /* Mostly short fields, now and then a long one. */
  if (g_test_rand_int_range (0, 50) == 0)
    n = g_test_rand_int_range (100, 2000);
  else
    n = g_test_rand_int_range (0, 8);

  for (i = 0; i < n; i++)
    g_string_append (field, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);

  return g_string_free (field, FALSE);
}

static guint
count_lines (const char *text,
             gsize       len)
{
  guint count = 0;
  gsize i;

  for (i = 0; i < len; i++)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n')))
      count++;

  return count;
}

static void
round_trip (char        separator,
            const char *line_end)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GArray) row_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(RapportCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char *const *fields;
  guint n_fields;
  guint line;
  guint r;

  for (r = 0; r < 500; r++)
    {
      guint n = g_test_rand_int_range (2, 10);
      char **row = g_new0 (char *, n + 1);
      guint row_line = count_lines (out->str, out->len) + 1;
      guint i;

      for (i = 0; i < n; i++)
        {
          row[i] = random_field ();
          if (i > 0)
            g_string_append_c (out, separator);
          rapport_csv_append_field (out, row[i], separator);
        }
      /* The last row sometimes has no line end. */
      if (r < 499 || g_test_rand_bit ())
        g_string_append (out, line_end);

      g_ptr_array_add (rows, row);
      g_array_append_val (row_lines, row_line);
    }

  reader = rapport_csv_reader_new (out->str, out->len);
  g_assert_cmpint (rapport_csv_reader_get_separator (reader), ==, separator);

  for (r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      g_assert_true (rapport_csv_reader_next (reader, &n_fields, &fields, &line, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (line, ==, g_array_index (row_lines, guint, r));
      g_assert_cmpstrv (fields, row);
      g_assert_cmpuint (n_fields, ==, g_strv_length (row));
    }

  g_assert_false (rapport_csv_reader_next (reader, &n_fields, &fields, &line, &error));
  g_assert_no_error (error);
}

static void
test_round_trip (void)
{
  round_trip (',', "\n");
  round_trip (';', "\r\n");
  round_trip ('\t', "\n");
  round_trip (',', "\r");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/reader/empty", test_reader_empty);
  g_test_add_func ("/csv/reader/simple", test_reader_simple);
  g_test_add_func ("/csv/reader/bom-is-skipped", test_reader_bom_is_skipped);
  g_test_add_func ("/csv/reader/quoted-fields", test_reader_quoted_fields);
  g_test_add_func ("/csv/reader/doubled-quotes", test_reader_doubled_quotes);
  g_test_add_func ("/csv/reader/separator-detection", test_reader_separator_detection);
  g_test_add_func ("/csv/reader/line-ends", test_reader_line_ends);
  g_test_add_func ("/csv/reader/blank-lines", test_reader_blank_lines);
  g_test_add_func ("/csv/reader/missing-final-newline", test_reader_missing_final_newline);
  g_test_add_func ("/csv/reader/trailing-empty-field", test_reader_trailing_empty_field);
  g_test_add_func ("/csv/reader/long-rows", test_reader_long_rows);
  g_test_add_func ("/csv/reader/random-input", test_reader_random_input);
  g_test_add_func ("/csv/reader/stream/row-too-long", test_reader_stream_row_too_long);
  g_test_add_func ("/csv/reader/stream/read-error", test_reader_stream_read_error);
  g_test_add_func ("/csv/reader/error/quote-in-unquoted-field", test_reader_error_quote_in_unquoted_field);
  g_test_add_func ("/csv/reader/error/text-after-closing-quote", test_reader_error_text_after_closing_quote);
  g_test_add_func ("/csv/reader/error/unclosed-quote", test_reader_error_unclosed_quote);
  g_test_add_func ("/csv/reader/error/invalid-utf8", test_reader_error_invalid_utf8);
  g_test_add_func ("/csv/reader/error/nul-byte", test_reader_error_nul_byte);
  g_test_add_func ("/csv/writer/quoting", test_writer_quoting);
  g_test_add_func ("/csv/writer/empty-and-null", test_writer_empty_and_null);
  g_test_add_func ("/csv/round-trip", test_round_trip);

  return g_test_run ();
}
