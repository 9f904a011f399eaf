/* rapport-vcard.c
 *
 * A property read from a card owns a copy of its unfolded line (raw) and
 * its value points into that copy, after the first ':' that is not inside
 * a quoted parameter value, so reading a property allocates the line, the
 * name, the group and the parameters and nothing else. The first change
 * to a property gives it a value of its own and drops the line; from then
 * on the writer builds the line from the parts.
 *
 * The reader walks its input once. A logical line that fits on one
 * physical line is copied straight from the input; folded lines are
 * joined in a buffer that is reused for every line.
 */

#define G_LOG_DOMAIN "rapport-vcard"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-error.h"
#include "rapport-vcard.h"

#define FOLD_WIDTH 75

/* A line read from a server may carry at most this many parameters and
 * this many parameter values in all; beyond that the card is refused. */
#define MAX_PARAMS 256
#define MAX_PARAM_VALUES 256

typedef struct
{
  char  *name;     /* upper case */
  GStrv  values;
  guint  n_values;
  guint  n_alloc;  /* slots in values, the NULL included */
} VCardParam;

struct _RapportVCardProperty
{
  char     *group;        /* NULL when none */
  char     *name;         /* upper case */
  char     *spelling;     /* the name as given, when not in upper case */
  GArray   *params;       /* VCardParam, NULL when none */
  char     *value;        /* owned, or inside raw when value_in_raw */
  char     *raw;          /* the unfolded line as read; NULL once changed */
  gboolean  value_in_raw;
};

struct _RapportVCard
{
  char      *version;
  GPtrArray *properties;  /* RapportVCardProperty */
};

typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
  guint       line;       /* physical lines consumed so far */
  GString    *buf;
  gboolean    bare_base64; /* in a 2.1 card: base64 lines may lack the fold's blank */
} Reader;

G_DEFINE_BOXED_TYPE (RapportVCard, rapport_vcard, rapport_vcard_ref, rapport_vcard_unref)
G_DEFINE_BOXED_TYPE (RapportVCardProperty, rapport_vcard_property,
                     rapport_vcard_property_copy, rapport_vcard_property_free)

/* Parameter storage */

static void
param_clear (gpointer data)
{
  VCardParam *param = data;

  g_free (param->name);
  g_strfreev (param->values);
}

static VCardParam *
property_find_param_len (const RapportVCardProperty *self,
                         const char                 *name,
                         gsize                       name_len)
{
  if (self->params == NULL)
    return NULL;

  for (guint i = 0; i < self->params->len; i++)
    {
      VCardParam *param = &g_array_index (self->params, VCardParam, i);

      if (g_ascii_strncasecmp (param->name, name, name_len) == 0 &&
          param->name[name_len] == '\0')
        return param;
    }

  return NULL;
}

/* Adds @value (taken) to parameter @name (@name_len bytes). */
static void
property_take_param (RapportVCardProperty *self,
                     const char           *name,
                     gsize                 name_len,
                     char                 *value)
{
  VCardParam *param = property_find_param_len (self, name, name_len);

  if (param == NULL)
    {
      VCardParam fresh;

      if (self->params == NULL)
        {
          self->params = g_array_sized_new (FALSE, FALSE, sizeof (VCardParam), 2);
          g_array_set_clear_func (self->params, param_clear);
        }

      fresh.name = g_ascii_strup (name, name_len);
      fresh.n_alloc = 2;
      fresh.values = g_new (char *, fresh.n_alloc);
      fresh.values[0] = value;
      fresh.values[1] = NULL;
      fresh.n_values = 1;
      g_array_append_val (self->params, fresh);
    }
  else
    {
      if (param->n_values + 2 > param->n_alloc)
        {
          param->n_alloc *= 2;
          param->values = g_renew (char *, param->values, param->n_alloc);
        }
      param->values[param->n_values++] = value;
      param->values[param->n_values] = NULL;
    }
}

/* property_take_param() for the reader: refuses a line with more than
 * MAX_PARAMS parameters or MAX_PARAM_VALUES values, so that a hostile
 * line costs a bounded time (each parameter is found by a linear search). */
static gboolean
property_read_param (RapportVCardProperty  *self,
                     const char            *name,
                     gsize                  name_len,
                     char                  *value,
                     guint                 *n_read,
                     guint                  line_no,
                     GError               **error)
{
  if (self->params != NULL && self->params->len >= MAX_PARAMS &&
      property_find_param_len (self, name, name_len) == NULL)
    {
      g_free (value);
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                   /* Translators: %u is a line number, %s a property name
                    * such as TEL, the second %u a limit (256) */
                   g_dngettext (GETTEXT_PACKAGE,
                                "line %u: %s has more than %u parameter",
                                "line %u: %s has more than %u parameters",
                                MAX_PARAMS),
                   line_no, self->name, MAX_PARAMS);
      return FALSE;
    }

  if (*n_read >= MAX_PARAM_VALUES)
    {
      g_free (value);
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                   /* Translators: %u is a line number, %s a property name
                    * such as TEL, the second %u a limit (256) */
                   g_dngettext (GETTEXT_PACKAGE,
                                "line %u: %s has more than %u parameter value",
                                "line %u: %s has more than %u parameter values",
                                MAX_PARAM_VALUES),
                   line_no, self->name, MAX_PARAM_VALUES);
      return FALSE;
    }

  (*n_read)++;
  property_take_param (self, name, name_len, value);
  return TRUE;
}

/* Sets the upper-case name, and remembers how @name was spelled
 * (X-ABLabel) so that the writer spells it the same. */
static void
property_set_name (RapportVCardProperty *self,
                   const char           *name,
                   gsize                 length)
{
  self->name = g_ascii_strup (name, length);
  if (strncmp (self->name, name, length) != 0)
    self->spelling = g_strndup (name, length);
}

/* Gives the property a value of its own and forgets its original line:
 * from now on it is written from its parts. */
static void
property_touch (RapportVCardProperty *self)
{
  if (self->raw == NULL)
    return;

  if (self->value_in_raw)
    self->value = g_strdup (self->value);
  self->value_in_raw = FALSE;
  g_clear_pointer (&self->raw, g_free);
}

static void
property_take_value (RapportVCardProperty *self,
                     char                 *value)
{
  property_touch (self);
  g_free (self->value);
  self->value = value;
}

/* Text helpers */

static char *
join_escaped (const char * const *items,
              char                separator)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *escaped = rapport_vcard_escape_text (items[i]);

      if (i > 0)
        g_string_append_c (out, separator);
      g_string_append (out, escaped);
    }

  return g_string_free (out, FALSE);
}

static void
unescape_into (GString    *out,
               const char *value,
               gsize       length)
{
  const char *end = value + length;

  for (const char *p = value; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end)
        {
          switch (p[1])
            {
            case 'n':
            case 'N':
              g_string_append_c (out, '\n');
              p++;
              continue;

            case '\\':
            case ',':
            case ';':
            case ':':
              g_string_append_c (out, p[1]);
              p++;
              continue;

            default:
              break;
            }
        }

      g_string_append_c (out, *p);
    }
}

/* A short, valid excerpt of @line for an error message. */
static char *
line_excerpt (const char *line,
              gsize       length)
{
  g_autofree char *valid = g_utf8_make_valid (line, length);

  if (g_utf8_strlen (valid, -1) > 40)
    {
      g_autofree char *cut = g_utf8_substring (valid, 0, 40);

      return g_strconcat (cut, "…", NULL);
    }

  return g_steal_pointer (&valid);
}

/* Reader */

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/' || c == '=';
}

/* Length of the physical line at @pos, without its line break. */
static gsize
reader_line_length (const Reader *reader,
                    gsize         pos)
{
  gsize end = pos;

  while (end < reader->length && reader->data[end] != '\n' && reader->data[end] != '\r')
    end++;

  return end - pos;
}

/* Consumes the physical line at the current position and its line break. */
static gsize
reader_take_line (Reader      *reader,
                  const char **start)
{
  gsize len = reader_line_length (reader, reader->pos);
  gsize end = reader->pos + len;

  *start = reader->data + reader->pos;

  if (end < reader->length)
    {
      if (reader->data[end] == '\r' && end + 1 < reader->length && reader->data[end + 1] == '\n')
        end += 2;
      else
        end += 1;
    }

  reader->pos = end;
  reader->line++;

  return len;
}

static gboolean
token_is (const char *token,
          gsize       length,
          const char *word)
{
  return strlen (word) == length && g_ascii_strncasecmp (token, word, length) == 0;
}

/* Whether the parameters of @line (the part before its value) give one of
 * the @encodings: as ENCODING=..., or as a 2.1 bare parameter. */
static gboolean
line_has_encoding (const char         *line,
                   gsize               length,
                   const char * const *encodings)
{
  gsize i = 0;

  while (i < length && line[i] != ';' && line[i] != ':')
    i++;

  while (i < length && line[i] == ';')
    {
      gsize start = ++i;
      gsize equals = 0;
      gboolean quoted = FALSE;

      while (i < length && (quoted || (line[i] != ';' && line[i] != ':')))
        {
          if (line[i] == '"')
            quoted = !quoted;
          else if (line[i] == '=' && equals == 0 && !quoted)
            equals = i;
          i++;
        }

      for (guint e = 0; encodings[e] != NULL; e++)
        {
          if (equals == 0 && token_is (line + start, i - start, encodings[e]))
            return TRUE;
          if (equals != 0 &&
              token_is (line + start, equals - start, "ENCODING") &&
              token_is (line + equals + 1, i - equals - 1, encodings[e]))
            return TRUE;
        }
    }

  return FALSE;
}

/* Whether @line is @keyword (ASCII case-insensitive), trailing blanks
 * aside. */
static gboolean
line_is (const char *line,
         gsize       length,
         const char *keyword)
{
  gsize keyword_len = strlen (keyword);

  while (length > 0 && (line[length - 1] == ' ' || line[length - 1] == '\t'))
    length--;

  return length == keyword_len && g_ascii_strncasecmp (line, keyword, length) == 0;
}

static gboolean
all_blank (const char *line,
           gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (line[i] != ' ' && line[i] != '\t')
      return FALSE;

  return TRUE;
}

/* Reads the next logical line: a physical line with its folded
 * continuations, the soft line breaks of a quoted-printable value and the
 * bare continuation lines of a 2.1 base64 value. Blank lines are skipped.
 * The line is left in (*line, *length), inside the input or in the
 * reader's buffer, and *line_no is the physical line it starts on. */
static gboolean
reader_next (Reader      *reader,
             const char **line,
             gsize       *length,
             guint       *line_no)
{
  static const char * const qp_encodings[] = { "QUOTED-PRINTABLE", NULL };
  static const char * const base64_encodings[] = { "B", "BASE64", NULL };
  const char *start;
  gsize len;
  gboolean in_buf = FALSE;
  int quoted_printable = -1;

  do
    {
      if (reader->pos >= reader->length)
        return FALSE;
      len = reader_take_line (reader, &start);
    }
  while (all_blank (start, len));

  *line_no = reader->line;

  while (reader->pos < reader->length)
    {
      const char *cur = in_buf ? reader->buf->str : start;
      gsize cur_len = in_buf ? reader->buf->len : len;
      char next_c = reader->data[reader->pos];
      gboolean soft_break = FALSE;
      gboolean fold = FALSE;
      gboolean base64 = FALSE;
      const char *next;
      gsize next_len;

      if (cur_len > 0 && cur[cur_len - 1] == '=')
        {
          if (quoted_printable < 0)
            quoted_printable = line_has_encoding (cur, cur_len, qp_encodings);
          /* A stray '=' at the end of the card's last value does not eat
           * the END line. */
          soft_break = quoted_printable &&
                       !line_is (reader->data + reader->pos,
                                 reader_line_length (reader, reader->pos),
                                 "END:VCARD");
        }

      if (!soft_break)
        fold = next_c == ' ' || next_c == '\t';

      /* Only 2.1 writes base64 without folding; in 3.0 and 4.0 a line of
       * letters and digits is the start of a folded property. */
      if (!soft_break && !fold && reader->bare_base64 && is_base64_char (next_c))
        {
          gsize peek_len = reader_line_length (reader, reader->pos);

          base64 = TRUE;
          for (gsize i = 0; i < peek_len && base64; i++)
            base64 = is_base64_char (reader->data[reader->pos + i]);

          base64 = base64 && line_has_encoding (cur, cur_len, base64_encodings);
        }

      if (!soft_break && !fold && !base64)
        break;

      if (!in_buf)
        {
          g_string_truncate (reader->buf, 0);
          g_string_append_len (reader->buf, start, len);
          in_buf = TRUE;
        }

      next_len = reader_take_line (reader, &next);

      if (soft_break)
        {
          /* Drop the '=' and join the next line, and the one space of a
           * fold if the writer folded there too. */
          g_string_truncate (reader->buf, reader->buf->len - 1);
          if (next_len > 0 && (next[0] == ' ' || next[0] == '\t'))
            {
              next++;
              next_len--;
            }
        }
      else if (fold)
        {
          next++;
          next_len--;
        }

      g_string_append_len (reader->buf, next, next_len);
    }

  if (in_buf)
    {
      *line = reader->buf->str;
      *length = reader->buf->len;
    }
  else
    {
      *line = start;
      *length = len;
    }

  return TRUE;
}

/* A parameter value with RFC 6868 ^n ^' ^^ decoded. */
static char *
param_value_decode (const char *value,
                    gsize       length)
{
  GString *out;

  if (memchr (value, '^', length) == NULL)
    return g_strndup (value, length);

  out = g_string_sized_new (length);
  for (gsize i = 0; i < length; i++)
    {
      if (value[i] == '^' && i + 1 < length)
        {
          char c = value[i + 1];

          if (c == 'n' || c == 'N')
            {
              g_string_append_c (out, '\n');
              i++;
              continue;
            }
          if (c == '\'')
            {
              g_string_append_c (out, '"');
              i++;
              continue;
            }
          if (c == '^')
            {
              g_string_append_c (out, '^');
              i++;
              continue;
            }
        }
      g_string_append_c (out, value[i]);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_encoding_word (const char *word,
                  gsize       length)
{
  static const char * const encodings[] = { "7BIT", "8BIT", "QUOTED-PRINTABLE", "BASE64", NULL };

  for (guint i = 0; encodings[i] != NULL; i++)
    if (strlen (encodings[i]) == length && g_ascii_strncasecmp (word, encodings[i], length) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
not_a_property (const char  *line,
                gsize        length,
                guint        line_no,
                GError     **error)
{
  g_autofree char *excerpt = line_excerpt (line, length);

  g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
               /* Translators: %u is a line number, %s the start of the line */
               _("line %u: “%s” is not a vCard property (NAME:value)"),
               line_no, excerpt);
  return FALSE;
}

/* Splits the line into group, name, parameters and value. The property
 * takes @raw; its value points into it. */
static RapportVCardProperty *
property_parse_syntax (char    *raw,
                       gsize    length,
                       guint    line_no,
                       GError **error)
{
  g_autoptr(RapportVCardProperty) self = g_new0 (RapportVCardProperty, 1);
  char *p = raw;
  char *token = raw;
  guint n_read = 0;

  self->raw = raw;

  while (is_name_char (*p))
    p++;
  if (*p == '.' && p > token)
    {
      self->group = g_strndup (token, p - token);
      token = ++p;
      while (is_name_char (*p))
        p++;
    }

  if (p == token || (*p != ';' && *p != ':'))
    {
      not_a_property (raw, length, line_no, error);
      return NULL;
    }

  property_set_name (self, token, p - token);

  while (*p == ';')
    {
      gsize name_len;

      token = ++p;
      while (is_name_char (*p))
        p++;
      name_len = p - token;

      if (*p == '=' && name_len > 0)
        {
          p++;
          for (;;)
            {
              const char *value_start;

              if (*p == '"')
                {
                  value_start = ++p;
                  while (*p != '\0' && *p != '"')
                    p++;
                  if (*p != '"')
                    {
                      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                                   _("line %u: a quoted parameter value of %s is not closed"),
                                   line_no, self->name);
                      return NULL;
                    }
                  if (!property_read_param (self, token, name_len,
                                            param_value_decode (value_start, p - value_start),
                                            &n_read, line_no, error))
                    return NULL;
                  p++;
                }
              else
                {
                  value_start = p;
                  while (*p != '\0' && *p != ',' && *p != ';' && *p != ':')
                    p++;
                  if (!property_read_param (self, token, name_len,
                                            param_value_decode (value_start, p - value_start),
                                            &n_read, line_no, error))
                    return NULL;
                }

              if (*p != ',')
                break;
              p++;
            }
        }
      else if (name_len > 0 && (*p == ';' || *p == ':'))
        {
          /* A 2.1 bare parameter: TEL;CELL;VOICE, NOTE;QUOTED-PRINTABLE */
          gboolean is_encoding = is_encoding_word (token, name_len);

          if (!property_read_param (self, is_encoding ? "ENCODING" : "TYPE",
                                    is_encoding ? 8 : 4, g_strndup (token, name_len),
                                    &n_read, line_no, error))
            return NULL;
        }
      else if (name_len > 0 || (*p != ';' && *p != ':'))
        {
          not_a_property (raw, length, line_no, error);
          return NULL;
        }
    }

  if (*p != ':')
    {
      not_a_property (raw, length, line_no, error);
      return NULL;
    }

  self->value = p + 1;
  self->value_in_raw = TRUE;

  return g_steal_pointer (&self);
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

/* Decoded UTF-8 text becomes a raw value again: line breaks as "\n". */
static char *
decoded_to_value (const char *text,
                  gsize       length)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '\r')
        {
          if (i + 1 < length && text[i + 1] == '\n')
            i++;
          g_string_append (out, "\\n");
        }
      else if (text[i] == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, text[i]);
    }

  return g_string_free (out, FALSE);
}

/* Converts @bytes in the property's CHARSET (UTF-8 when none) to a UTF-8
 * raw value. */
static char *
property_convert_charset (RapportVCardProperty  *self,
                          const char            *bytes,
                          gsize                  length,
                          guint                  line_no,
                          GError               **error)
{
  const char * const *charset = rapport_vcard_property_get_param (self, "CHARSET");
  g_autofree char *converted = NULL;
  gsize converted_len = length;

  if (charset != NULL && g_ascii_strcasecmp (charset[0], "UTF-8") != 0 &&
      g_ascii_strcasecmp (charset[0], "UTF8") != 0)
    {
      converted = g_convert (bytes, length, "UTF-8", charset[0], NULL, &converted_len, NULL);
      if (converted == NULL)
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                       /* Translators: the first %s is a property name, the second a character set */
                       _("line %u: the value of %s cannot be read as %s"),
                       line_no, self->name, charset[0]);
          return NULL;
        }
      bytes = converted;
    }

  if (!g_utf8_validate_len (bytes, converted_len, NULL))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                   _("line %u: the value of %s is not valid UTF-8"),
                   line_no, self->name);
      return NULL;
    }

  return decoded_to_value (bytes, converted_len);
}

static char *
quoted_printable_decode (const char *value,
                         gsize      *length)
{
  gsize len = strlen (value);
  char *out = g_malloc (len + 1);
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    {
      int high, low;

      if (value[i] == '=' && i + 2 < len &&
          (high = hex_digit (value[i + 1])) >= 0 &&
          (low = hex_digit (value[i + 2])) >= 0)
        {
          out[n++] = (char) ((high << 4) | low);
          i += 2;
        }
      else
        out[n++] = value[i];
    }

  out[n] = '\0';
  *length = n;

  return out;
}

static RapportVCardProperty *
property_parse (const char  *line,
                gsize        length,
                guint        line_no,
                GError     **error)
{
  g_autoptr(RapportVCardProperty) self = NULL;
  gboolean valid;

  if (memchr (line, '\0', length) != NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                   _("line %u: the text is not valid UTF-8 (it holds a NUL byte)"), line_no);
      return NULL;
    }

  valid = g_utf8_validate_len (line, length, NULL);

  self = property_parse_syntax (g_strndup (line, length), length, line_no, error);
  if (self == NULL)
    return NULL;

  if (!valid && !g_utf8_validate_len (self->raw, self->value - self->raw, NULL))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                   _("line %u: the text is not valid UTF-8"), line_no);
      return NULL;
    }

  /* Any ENCODING value counts, as it did for the soft line breaks. */
  if (rapport_vcard_property_has_param_value (self, "ENCODING", "QUOTED-PRINTABLE"))
    {
      g_autofree char *decoded = NULL;
      gsize decoded_len;
      char *value;

      decoded = quoted_printable_decode (self->value, &decoded_len);
      value = property_convert_charset (self, decoded, decoded_len, line_no, error);
      if (value == NULL)
        return NULL;

      property_take_value (self, value);
      rapport_vcard_property_remove_param (self, "ENCODING");
      rapport_vcard_property_remove_param (self, "CHARSET");
    }
  else if (!valid)
    {
      char *value;

      if (rapport_vcard_property_get_param (self, "CHARSET") == NULL)
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                       _("line %u: the text is not valid UTF-8"), line_no);
          return NULL;
        }

      value = property_convert_charset (self, self->value, strlen (self->value), line_no, error);
      if (value == NULL)
        return NULL;

      property_take_value (self, value);
      rapport_vcard_property_remove_param (self, "CHARSET");
    }

  return g_steal_pointer (&self);
}

static gboolean
is_supported_version (const char *version)
{
  return g_strcmp0 (version, "2.1") == 0 ||
         g_strcmp0 (version, "3.0") == 0 ||
         g_strcmp0 (version, "4.0") == 0;
}

static RapportVCard *
vcard_alloc (void)
{
  RapportVCard *self = g_atomic_rc_box_new0 (RapportVCard);

  self->properties = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_vcard_property_free);

  return self;
}

static void
vcard_clear (gpointer data)
{
  RapportVCard *self = data;

  g_free (self->version);
  g_ptr_array_unref (self->properties);
}

/* Parses every card; stops after the first when @only_one (and reports
 * a second one as an error). */
static GPtrArray *
parse_cards (const char  *data,
             gssize       length,
             gboolean     only_one,
             GError     **error)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_vcard_unref);
  g_autoptr(RapportVCard) card = NULL;
  g_autoptr(GString) buf = g_string_sized_new (256);
  Reader reader = { 0 };
  const char *line;
  gsize line_len;
  guint line_no;
  guint begin_line = 0;

  reader.data = data;
  reader.length = length < 0 ? strlen (data) : (gsize) length;
  reader.buf = buf;

  if (reader.length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    reader.pos = 3;

  while (reader_next (&reader, &line, &line_len, &line_no))
    {
      RapportVCardProperty *property;

      if (card == NULL)
        {
          if (!line_is (line, line_len, "BEGIN:VCARD"))
            {
              g_autofree char *excerpt = line_excerpt (line, line_len);

              g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                           _("line %u: expected “BEGIN:VCARD”, found “%s”"),
                           line_no, excerpt);
              return NULL;
            }

          if (only_one && cards->len > 0)
            {
              g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                           _("line %u: a second vCard begins here where only one was expected"),
                           line_no);
              return NULL;
            }

          card = vcard_alloc ();
          begin_line = line_no;
          reader.bare_base64 = FALSE;
          continue;
        }

      if (line_is (line, line_len, "END:VCARD"))
        {
          if (card->version == NULL)
            {
              g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                           _("line %u: the vCard that begins here has no VERSION"),
                           begin_line);
              return NULL;
            }

          g_ptr_array_add (cards, g_steal_pointer (&card));
          continue;
        }

      if (line_is (line, line_len, "BEGIN:VCARD"))
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                       _("line %u: a vCard begins inside the vCard of line %u, which has no “END:VCARD” before it"),
                       line_no, begin_line);
          return NULL;
        }

      property = property_parse (line, line_len, line_no, error);
      if (property == NULL)
        return NULL;

      if (g_str_equal (property->name, "VERSION") && property->group == NULL)
        {
          g_autofree char *version = g_strstrip (rapport_vcard_property_dup_text (property));

          rapport_vcard_property_free (property);

          if (!is_supported_version (version))
            {
              g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                           _("line %u: vCard version “%s” is not supported (2.1, 3.0 and 4.0 are)"),
                           line_no, version);
              return NULL;
            }

          g_free (card->version);
          card->version = g_steal_pointer (&version);
          reader.bare_base64 = g_str_equal (card->version, "2.1");
          continue;
        }

      g_ptr_array_add (card->properties, property);
    }

  if (card != NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                   _("line %u: the vCard that begins here has no “END:VCARD”"),
                   begin_line);
      return NULL;
    }

  return g_steal_pointer (&cards);
}

/* Writer */

static void
append_folded (GString    *out,
               const char *line,
               gsize       length)
{
  gsize limit = FOLD_WIDTH;

  while (length > limit)
    {
      gsize cut = limit;

      /* Never split a UTF-8 sequence; and avoid starting a continuation
       * with a blank, which careless readers would drop. */
      while (cut > 0 && ((guchar) line[cut] & 0xC0) == 0x80)
        cut--;
      if (cut > 1 && (line[cut] == ' ' || line[cut] == '\t'))
        {
          gsize before = cut - 1;

          while (before > 0 && ((guchar) line[before] & 0xC0) == 0x80)
            before--;
          if (before > 0)
            cut = before;
        }
      if (cut == 0)
        cut = limit;

      g_string_append_len (out, line, cut);
      g_string_append (out, "\r\n ");
      line += cut;
      length -= cut;
      limit = FOLD_WIDTH - 1;
    }

  g_string_append_len (out, line, length);
  g_string_append (out, "\r\n");
}

static void
append_param_value (GString    *out,
                    const char *value)
{
  gboolean quote = strpbrk (value, ":;,") != NULL;

  if (quote)
    g_string_append_c (out, '"');

  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "^'");
          break;

        case '\r':
          if (p[1] == '\n')
            p++;
          g_string_append (out, "^n");
          break;

        case '\n':
          g_string_append (out, "^n");
          break;

        case '^':
          if (p[1] == 'n' || p[1] == 'N' || p[1] == '\'' || p[1] == '^')
            g_string_append (out, "^^");
          else
            g_string_append_c (out, '^');
          break;

        default:
          g_string_append_c (out, *p);
          break;
        }
    }

  if (quote)
    g_string_append_c (out, '"');
}

/* The unfolded line of a changed or new property. */
static void
property_build_line (const RapportVCardProperty *self,
                     GString                    *line)
{
  if (self->group != NULL)
    {
      g_string_append (line, self->group);
      g_string_append_c (line, '.');
    }
  g_string_append (line, self->spelling != NULL ? self->spelling : self->name);

  if (self->params != NULL)
    {
      for (guint i = 0; i < self->params->len; i++)
        {
          const VCardParam *param = &g_array_index (self->params, VCardParam, i);

          g_string_append_c (line, ';');
          g_string_append (line, param->name);
          g_string_append_c (line, '=');
          for (guint j = 0; param->values[j] != NULL; j++)
            {
              if (j > 0)
                g_string_append_c (line, ',');
              append_param_value (line, param->values[j]);
            }
        }
    }

  g_string_append_c (line, ':');

  /* A line break cannot be part of a line: write it as an escape. */
  for (const char *p = self->value; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          if (p[1] == '\n')
            p++;
          g_string_append (line, "\\n");
        }
      else if (*p == '\n')
        g_string_append (line, "\\n");
      else
        g_string_append_c (line, *p);
    }
}

/* Public API: card */

RapportVCard *
rapport_vcard_new (const char *version)
{
  RapportVCard *self;

  g_return_val_if_fail (version != NULL, NULL);

  self = vcard_alloc ();
  self->version = g_strdup (version);

  return self;
}

RapportVCard *
rapport_vcard_new_from_string (const char  *data,
                               gssize       length,
                               GError     **error)
{
  g_autoptr(GPtrArray) cards = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  cards = parse_cards (data != NULL ? data : "", length, TRUE, error);
  if (cards == NULL)
    return NULL;

  if (cards->len == 0)
    {
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                           _("The text holds no vCard (no “BEGIN:VCARD” line)"));
      return NULL;
    }

  return rapport_vcard_ref (g_ptr_array_index (cards, 0));
}

GPtrArray *
rapport_vcard_parse_all (const char  *data,
                         gssize       length,
                         GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_cards (data != NULL ? data : "", length, FALSE, error);
}

RapportVCard *
rapport_vcard_ref (RapportVCard *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
rapport_vcard_unref (RapportVCard *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, vcard_clear);
}

RapportVCard *
rapport_vcard_copy (RapportVCard *self)
{
  RapportVCard *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = vcard_alloc ();
  copy->version = g_strdup (self->version);
  for (guint i = 0; i < self->properties->len; i++)
    g_ptr_array_add (copy->properties,
                     rapport_vcard_property_copy (g_ptr_array_index (self->properties, i)));

  return copy;
}

const char *
rapport_vcard_get_version (RapportVCard *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->version;
}

void
rapport_vcard_set_version (RapportVCard *self,
                           const char   *version)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (version != NULL);

  if (self->version != version)
    {
      g_free (self->version);
      self->version = g_strdup (version);
    }
}

guint
rapport_vcard_get_n_properties (RapportVCard *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->properties->len;
}

RapportVCardProperty *
rapport_vcard_get_property (RapportVCard *self,
                            guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->properties->len, NULL);

  return g_ptr_array_index (self->properties, index);
}

RapportVCardProperty *
rapport_vcard_get_first (RapportVCard *self,
                         const char   *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->properties->len; i++)
    {
      RapportVCardProperty *property = g_ptr_array_index (self->properties, i);

      if (g_ascii_strcasecmp (property->name, name) == 0)
        return property;
    }

  return NULL;
}

GPtrArray *
rapport_vcard_get_all (RapportVCard *self,
                       const char   *name)
{
  GPtrArray *all;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  all = g_ptr_array_new ();
  for (guint i = 0; i < self->properties->len; i++)
    {
      RapportVCardProperty *property = g_ptr_array_index (self->properties, i);

      if (g_ascii_strcasecmp (property->name, name) == 0)
        g_ptr_array_add (all, property);
    }

  return all;
}

char *
rapport_vcard_dup_text (RapportVCard *self,
                        const char   *name)
{
  RapportVCardProperty *property;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  property = rapport_vcard_get_first (self, name);

  return property != NULL ? rapport_vcard_property_dup_text (property) : NULL;
}

void
rapport_vcard_add_property (RapportVCard         *self,
                            RapportVCardProperty *property)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (property != NULL);

  g_ptr_array_add (self->properties, property);
}

void
rapport_vcard_insert_property (RapportVCard         *self,
                               guint                 index,
                               RapportVCardProperty *property)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (property != NULL);
  g_return_if_fail (index <= self->properties->len);

  g_ptr_array_insert (self->properties, index, property);
}

void
rapport_vcard_replace_property (RapportVCard         *self,
                                RapportVCardProperty *property)
{
  gboolean placed = FALSE;
  guint i = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (property != NULL);

  while (i < self->properties->len)
    {
      RapportVCardProperty *old = g_ptr_array_index (self->properties, i);

      if (old == property)
        {
          placed = TRUE;
          i++;
        }
      else if (g_ascii_strcasecmp (old->name, property->name) != 0)
        i++;
      else if (!placed)
        {
          rapport_vcard_property_free (old);
          self->properties->pdata[i] = property;
          placed = TRUE;
          i++;
        }
      else
        g_ptr_array_remove_index (self->properties, i);
    }

  if (!placed)
    g_ptr_array_add (self->properties, property);
}

RapportVCardProperty *
rapport_vcard_add_text (RapportVCard *self,
                        const char   *name,
                        const char   *text)
{
  RapportVCardProperty *property;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  property = rapport_vcard_property_new_text (NULL, name, text);
  g_ptr_array_add (self->properties, property);

  return property;
}

gboolean
rapport_vcard_remove_property (RapportVCard         *self,
                               RapportVCardProperty *property)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (property != NULL, FALSE);

  return g_ptr_array_remove (self->properties, property);
}

guint
rapport_vcard_remove_all (RapportVCard *self,
                          const char   *name)
{
  guint removed = 0;
  guint i = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (name != NULL, 0);

  while (i < self->properties->len)
    {
      RapportVCardProperty *property = g_ptr_array_index (self->properties, i);

      if (g_ascii_strcasecmp (property->name, name) == 0)
        {
          g_ptr_array_remove_index (self->properties, i);
          removed++;
        }
      else
        i++;
    }

  return removed;
}

void
rapport_vcard_write (RapportVCard *self,
                     GString      *out)
{
  g_autoptr(GString) line = NULL;
  gboolean version_21;

  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  line = g_string_sized_new (128);
  version_21 = g_strcmp0 (self->version, "2.1") == 0;

  g_string_append (out, "BEGIN:VCARD\r\n");
  g_string_append (line, "VERSION:");
  g_string_append (line, self->version);
  append_folded (out, line->str, line->len);

  for (guint i = 0; i < self->properties->len; i++)
    {
      const RapportVCardProperty *property = g_ptr_array_index (self->properties, i);

      if (property->raw != NULL)
        {
          append_folded (out, property->raw, strlen (property->raw));
        }
      else
        {
          g_string_truncate (line, 0);
          property_build_line (property, line);
          append_folded (out, line->str, line->len);
        }

      /* 2.1 ends a base64 value with a blank line: the next property
       * can then never read as more base64. */
      if (version_21 &&
          (rapport_vcard_property_has_param_value (property, "ENCODING", "B") ||
           rapport_vcard_property_has_param_value (property, "ENCODING", "BASE64")))
        g_string_append (out, "\r\n");
    }

  g_string_append (out, "END:VCARD\r\n");
}

char *
rapport_vcard_to_string (RapportVCard *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_sized_new (64 * (self->properties->len + 3));
  rapport_vcard_write (self, out);

  return g_string_free (out, FALSE);
}

/* Public API: hashing */

static gboolean
line_is_volatile (const char *line)
{
  static const char * const names[] = {
    "PRODID", "REV", "LAST-MODIFIED", "DTSTAMP", "CREATED",
  };
  const char *name = line;
  const char *dot = NULL;
  gsize length;

  for (const char *p = line; *p != '\0' && *p != ':' && *p != ';'; p++)
    if (*p == '.')
      dot = p;
  if (dot != NULL)
    name = dot + 1;

  length = strcspn (name, ":;");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (length == strlen (names[i]) && g_ascii_strncasecmp (name, names[i], length) == 0)
      return TRUE;

  return FALSE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Ends the logical line in @current: kept in @lines unless servers
 * rewrite it on their own. */
static void
take_logical_line (GPtrArray  *lines,
                   GString   **current)
{
  if (*current == NULL)
    return;

  if (line_is_volatile ((*current)->str))
    g_string_free (g_steal_pointer (current), TRUE);
  else
    g_ptr_array_add (lines, g_string_free (g_steal_pointer (current), FALSE));
}

char *
rapport_vcard_normalized_hash (const char *text)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  GString *current = NULL;
  const char *p = text != NULL ? text : "";

  /* One pass: each physical line is appended once to the logical line it
   * continues (joining copies, one per fold, cost the square of a long
   * value's length). CRLF, LF and a lone CR all end a line; blank lines
   * are dropped and do not end a fold. */
  while (*p != '\0')
    {
      gsize length = strcspn (p, "\r\n");
      const char *next = p + length;

      if (next[0] == '\r' && next[1] == '\n')
        next += 2;
      else if (next[0] != '\0')
        next += 1;

      if ((p[0] == ' ' || p[0] == '\t') && current != NULL)
        g_string_append_len (current, p + 1, length - 1);
      else if (length > 0)
        {
          take_logical_line (lines, &current);
          current = g_string_new_len (p, length);
        }

      p = next;
    }
  take_logical_line (lines, &current);

  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      g_checksum_update (checksum, (const guchar *) line, strlen (line));
      g_checksum_update (checksum, (const guchar *) "\n", 1);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

/* Public API: text */

char *
rapport_vcard_escape_text (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 8);
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (out, "\\\\");
          break;

        case ',':
          g_string_append (out, "\\,");
          break;

        case ';':
          g_string_append (out, "\\;");
          break;

        case '\r':
          if (p[1] == '\n')
            p++;
          g_string_append (out, "\\n");
          break;

        case '\n':
          g_string_append (out, "\\n");
          break;

        default:
          g_string_append_c (out, *p);
          break;
        }
    }

  return g_string_free (out, FALSE);
}

char *
rapport_vcard_unescape_text (const char *value)
{
  GString *out;
  gsize length;

  g_return_val_if_fail (value != NULL, NULL);

  length = strlen (value);
  if (memchr (value, '\\', length) == NULL)
    return g_strndup (value, length);

  out = g_string_sized_new (length);
  unescape_into (out, value, length);

  return g_string_free (out, FALSE);
}

GStrv
rapport_vcard_split_value (const char *value,
                           char        separator,
                           gboolean    unescape)
{
  GPtrArray *parts;
  const char *start;
  const char *p;

  g_return_val_if_fail (value != NULL, NULL);

  parts = g_ptr_array_new ();
  start = value;

  for (p = value; ; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          continue;
        }

      if (*p == separator || *p == '\0')
        {
          if (unescape)
            {
              GString *part = g_string_sized_new (p - start);

              unescape_into (part, start, p - start);
              g_ptr_array_add (parts, g_string_free (part, FALSE));
            }
          else
            g_ptr_array_add (parts, g_strndup (start, p - start));

          if (*p == '\0')
            break;
          start = p + 1;
        }
    }

  g_ptr_array_add (parts, NULL);

  return (GStrv) g_ptr_array_free (parts, FALSE);
}

/* Public API: property */

RapportVCardProperty *
rapport_vcard_property_new (const char *group,
                            const char *name,
                            const char *value)
{
  RapportVCardProperty *self;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (value != NULL, NULL);

  self = g_new0 (RapportVCardProperty, 1);
  self->group = g_strdup (group);
  property_set_name (self, name, strlen (name));
  self->value = g_strdup (value);

  return self;
}

RapportVCardProperty *
rapport_vcard_property_new_text (const char *group,
                                 const char *name,
                                 const char *text)
{
  RapportVCardProperty *self;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = g_new0 (RapportVCardProperty, 1);
  self->group = g_strdup (group);
  property_set_name (self, name, strlen (name));
  self->value = rapport_vcard_escape_text (text);

  return self;
}

RapportVCardProperty *
rapport_vcard_property_copy (const RapportVCardProperty *self)
{
  RapportVCardProperty *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (RapportVCardProperty, 1);
  copy->group = g_strdup (self->group);
  copy->name = g_strdup (self->name);
  copy->spelling = g_strdup (self->spelling);

  if (self->raw != NULL && self->value_in_raw)
    {
      copy->raw = g_strdup (self->raw);
      copy->value = copy->raw + (self->value - self->raw);
      copy->value_in_raw = TRUE;
    }
  else
    {
      copy->raw = g_strdup (self->raw);
      copy->value = g_strdup (self->value);
    }

  if (self->params != NULL)
    {
      copy->params = g_array_sized_new (FALSE, FALSE, sizeof (VCardParam), self->params->len);
      g_array_set_clear_func (copy->params, param_clear);
      for (guint i = 0; i < self->params->len; i++)
        {
          const VCardParam *param = &g_array_index (self->params, VCardParam, i);
          VCardParam dup;

          dup.name = g_strdup (param->name);
          dup.values = g_strdupv (param->values);
          dup.n_values = param->n_values;
          dup.n_alloc = param->n_values + 1;
          g_array_append_val (copy->params, dup);
        }
    }

  return copy;
}

void
rapport_vcard_property_free (RapportVCardProperty *self)
{
  if (self == NULL)
    return;

  g_free (self->group);
  g_free (self->name);
  g_free (self->spelling);
  g_clear_pointer (&self->params, g_array_unref);
  if (!self->value_in_raw)
    g_free (self->value);
  g_free (self->raw);
  g_free (self);
}

const char *
rapport_vcard_property_get_group (const RapportVCardProperty *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->group;
}

void
rapport_vcard_property_set_group (RapportVCardProperty *self,
                                  const char           *group)
{
  char *copy;

  g_return_if_fail (self != NULL);

  copy = g_strdup (group);
  property_touch (self);
  g_free (self->group);
  self->group = copy;
}

const char *
rapport_vcard_property_get_name (const RapportVCardProperty *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

const char *
rapport_vcard_property_get_value (const RapportVCardProperty *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->value;
}

void
rapport_vcard_property_set_value (RapportVCardProperty *self,
                                  const char           *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (value != NULL);

  property_take_value (self, g_strdup (value));
}

char *
rapport_vcard_property_dup_text (const RapportVCardProperty *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return rapport_vcard_unescape_text (self->value);
}

void
rapport_vcard_property_set_text (RapportVCardProperty *self,
                                 const char           *text)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL);

  property_take_value (self, rapport_vcard_escape_text (text));
}

GStrv
rapport_vcard_property_dup_components (const RapportVCardProperty *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return rapport_vcard_split_value (self->value, ';', TRUE);
}

void
rapport_vcard_property_set_components (RapportVCardProperty *self,
                                       const char * const   *components)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (components != NULL);

  property_take_value (self, join_escaped (components, ';'));
}

GStrv
rapport_vcard_property_dup_list (const RapportVCardProperty *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return rapport_vcard_split_value (self->value, ',', TRUE);
}

void
rapport_vcard_property_set_list (RapportVCardProperty *self,
                                 const char * const   *items)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (items != NULL);

  property_take_value (self, join_escaped (items, ','));
}

guint
rapport_vcard_property_get_n_params (const RapportVCardProperty *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->params != NULL ? self->params->len : 0;
}

const char *
rapport_vcard_property_get_param_name (const RapportVCardProperty *self,
                                       guint                       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < rapport_vcard_property_get_n_params (self), NULL);

  return g_array_index (self->params, VCardParam, index).name;
}

const char * const *
rapport_vcard_property_get_param (const RapportVCardProperty *self,
                                  const char                 *name)
{
  const VCardParam *param;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  param = property_find_param_len (self, name, strlen (name));

  return param != NULL ? (const char * const *) param->values : NULL;
}

gboolean
rapport_vcard_property_has_param_value (const RapportVCardProperty *self,
                                        const char                 *name,
                                        const char                 *value)
{
  const char * const *values;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  values = rapport_vcard_property_get_param (self, name);
  if (values == NULL)
    return FALSE;

  for (guint i = 0; values[i] != NULL; i++)
    if (g_ascii_strcasecmp (values[i], value) == 0)
      return TRUE;

  return FALSE;
}

void
rapport_vcard_property_add_param (RapportVCardProperty *self,
                                  const char           *name,
                                  const char           *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL && *name != '\0');
  g_return_if_fail (value != NULL);

  property_touch (self);
  property_take_param (self, name, strlen (name), g_strdup (value));
}

gboolean
rapport_vcard_property_remove_param (RapportVCardProperty *self,
                                     const char           *name)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->params == NULL)
    return FALSE;

  for (guint i = 0; i < self->params->len; i++)
    {
      if (g_ascii_strcasecmp (g_array_index (self->params, VCardParam, i).name, name) == 0)
        {
          property_touch (self);
          g_array_remove_index (self->params, i);
          return TRUE;
        }
    }

  return FALSE;
}

const char *
rapport_vcard_property_get_original_line (const RapportVCardProperty *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->raw;
}
