/* rapport-ical-scan.c
 *
 * The line scanner: before libical sees an object, a scanner of our own
 * checks its structure (well-nested NAME:value lines, records where every
 * line starts and ends, nothing libical would read one way and write
 * another), and feeds libical through a line reader of ours.
 */

#define G_LOG_DOMAIN "rapport-ical-records"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-error.h"
#include "rapport-ical-private.h"

/* The line scanner */

static void
content_line_clear (gpointer data)
{
  ContentLine *line = data;

  g_free (line->text);
  g_free (line->name);
  g_free (line->component);
}

void
rapport_ics_free (Ics *ics)
{
  if (ics == NULL)
    return;

  g_clear_pointer (&ics->root, icalcomponent_free);
  g_clear_pointer (&ics->lines, g_array_unref);
  g_free (ics->text);
  g_free (ics);
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '-';
}

/* Splits @line->text into name, parameters and value. */
static gboolean
content_line_split (ContentLine  *line,
                    GError      **error)
{
  const char *text = line->text;
  const char *p = text;
  gboolean quoted = FALSE;
  guint n_params = 0;

  while (is_name_char (*p))
    p++;

  if (p == text || (*p != ';' && *p != ':'))
    {
      g_autofree char *shown = rapport_ical_snippet (text);

      rapport_ical_set_parse_error (error,
                       /* Translators: %u is a line number, %s the start of that line */
                       _("iCalendar line %u: “%s” is not a property (NAME:value)"),
                       line->number, shown);
      return FALSE;
    }

  line->name = g_ascii_strup (text, p - text);

  for (; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == ':' && !quoted)
        break;
      else if (*p == ';' && !quoted && ++n_params > MAX_PARAMS)
        {
          rapport_ical_set_parse_error (error,
                           /* Translators: %u is a line number, %s a property name
                            * such as DUE, the second %u a limit (256) */
                           g_dngettext (GETTEXT_PACKAGE,
                                        "iCalendar line %u: %s has more than %u parameter",
                                        "iCalendar line %u: %s has more than %u parameters",
                                        MAX_PARAMS),
                           line->number, line->name, MAX_PARAMS);
          return FALSE;
        }
    }

  if (*p != ':')
    {
      rapport_ical_set_parse_error (error,
                       quoted ?
                       /* Translators: %u is a line number, %s a property name such as DUE */
                       _("iCalendar line %u: a quoted parameter value of %s is not closed") :
                       /* Translators: %u is a line number, %s a property name such as DUE */
                       _("iCalendar line %u: %s has no value (no “:”)"),
                       line->number, line->name);
      return FALSE;
    }

  line->value = (p + 1) - text;
  return TRUE;
}

typedef struct
{
  GPtrArray *open;        /* component names, upper case */
  guint      calendars;
} Nesting;

static gboolean
content_line_finish (ContentLine  *line,
                     Nesting      *nesting,
                     GError      **error)
{
  const char *value;
  const char *p;

  if (!content_line_split (line, error))
    return FALSE;

  value = line->text + line->value;
  line->kind = LINE_PROPERTY;
  if (strcmp (line->name, "BEGIN") == 0)
    line->kind = LINE_BEGIN;
  else if (strcmp (line->name, "END") == 0)
    line->kind = LINE_END;

  if (line->kind == LINE_PROPERTY)
    {
      if (nesting->open->len == 0)
        {
          rapport_ical_set_parse_error (error,
                           /* Translators: %u is a line number */
                           _("iCalendar line %u: text outside BEGIN:VCALENDAR … END:VCALENDAR"),
                           line->number);
          return FALSE;
        }
      line->depth = nesting->open->len;
      return TRUE;
    }

  for (p = value; is_name_char (*p); p++)
    ;
  while (*p == ' ' || *p == '\t')
    p++;
  if (p == value || !is_name_char (*value) || *p != '\0' || strchr (line->text, ';') != NULL)
    {
      g_autofree char *shown = rapport_ical_snippet (line->text);

      rapport_ical_set_parse_error (error,
                       /* Translators: %u is a line number, %s the text of that line */
                       _("iCalendar line %u: “%s” does not name a component"),
                       line->number, shown);
      return FALSE;
    }

  {
    const char *q = value;

    while (is_name_char (*q))
      q++;
    line->component = g_ascii_strup (value, q - value);
    value = line->component;
  }

  if (line->kind == LINE_BEGIN)
    {
      if (nesting->open->len == 0)
        {
          if (g_ascii_strcasecmp (value, "VCALENDAR") != 0)
            {
              g_autofree char *shown = rapport_ical_snippet (value);

              rapport_ical_set_parse_error (error,
                               /* Translators: %u is a line number, %s a component name such as VCARD */
                               _("iCalendar line %u: expected BEGIN:VCALENDAR, found BEGIN:%s"),
                               line->number, shown);
              return FALSE;
            }
          if (++nesting->calendars > 1)
            {
              rapport_ical_set_parse_error (error,
                               /* Translators: %u is a line number */
                               _("iCalendar line %u: a second VCALENDAR where only one was expected"),
                               line->number);
              return FALSE;
            }
        }
      if (nesting->open->len >= MAX_DEPTH)
        {
          rapport_ical_set_parse_error (error,
                           /* Translators: %u is a line number, %d a small number */
                           _("iCalendar line %u: components nested more than %d deep"),
                           line->number, MAX_DEPTH);
          return FALSE;
        }
      line->depth = nesting->open->len;
      g_ptr_array_add (nesting->open, g_ascii_strup (value, -1));
      return TRUE;
    }

  if (nesting->open->len == 0)
    {
      g_autofree char *shown = rapport_ical_snippet (value);

      rapport_ical_set_parse_error (error,
                       /* Translators: %u is a line number, %s a component name such as VTODO */
                       _("iCalendar line %u: END:%s without a BEGIN:%s before it"),
                       line->number, shown, shown);
      return FALSE;
    }

  if (g_ascii_strcasecmp (value, g_ptr_array_index (nesting->open, nesting->open->len - 1)) != 0)
    {
      g_autofree char *shown = rapport_ical_snippet (value);

      rapport_ical_set_parse_error (error,
                       /* Translators: %u is a line number, the %s are component names such as VTODO */
                       _("iCalendar line %u: END:%s where END:%s was expected"),
                       line->number, shown,
                       (const char *) g_ptr_array_index (nesting->open, nesting->open->len - 1));
      return FALSE;
    }

  g_ptr_array_remove_index (nesting->open, nesting->open->len - 1);
  line->depth = nesting->open->len;
  return TRUE;
}

static gboolean
ics_add_line (Ics          *ics,
              ContentLine  *current,
              GString      *buf,
              Nesting      *nesting,
              GError      **error)
{
  current->text = g_strndup (buf->str, buf->len);
  g_array_append_val (ics->lines, *current);
  memset (current, 0, sizeof *current);

  return content_line_finish (&g_array_index (ics->lines, ContentLine, ics->lines->len - 1),
                              nesting, error);
}

static Ics *
ics_scan (const char  *data,
          gssize       length,
          GError     **error)
{
  g_autoptr(Ics) ics = g_new0 (Ics, 1);
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) buf = g_string_new (NULL);
  Nesting nesting = { open, 0 };
  ContentLine current = { 0 };
  gboolean have_current = FALSE;
  gboolean after_blank = FALSE;  /* a blank line ends folding */
  gsize pos;
  guint number = 0;

  if (length < 0)
    length = strlen (data);

  if ((gsize) length > MAX_ICS_SIZE)
    {
      rapport_ical_set_parse_error (error,
                       /* Translators: %d is a number of mebibytes */
                       _("iCalendar: the calendar object is larger than %d MiB"),
                       MAX_ICS_SIZE / (1024 * 1024));
      return NULL;
    }

  if (memchr (data, '\0', length) != NULL)
    {
      rapport_ical_set_parse_error (error, _("iCalendar: the text holds a NUL byte (binary data?)"));
      return NULL;
    }

  if (!g_utf8_validate_len (data, length, NULL))
    {
      rapport_ical_set_parse_error (error, _("iCalendar: the text is not valid UTF-8"));
      return NULL;
    }

  ics->text = g_strndup (data, length);
  ics->length = length;
  ics->lines = g_array_new (FALSE, TRUE, sizeof (ContentLine));
  g_array_set_clear_func (ics->lines, content_line_clear);

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    ics->bom = 3;

  for (pos = ics->bom; pos < (gsize) length;)
    {
      const char *start = ics->text + pos;
      const char *eol = memchr (start, '\n', length - pos);
      gsize line_len = eol != NULL ? (gsize) (eol - start) : length - pos;
      gsize next = pos + line_len + (eol != NULL ? 1 : 0);
      gboolean blank = TRUE;

      number++;
      if (line_len > 0 && start[line_len - 1] == '\r')
        line_len--;

      /* RFC 5545 3.1: no control characters but HTAB in a line. */
      for (gsize i = 0; i < line_len; i++)
        {
          guchar c = start[i];

          if ((c < 0x20 && c != '\t') || c == 0x7f)
            {
              rapport_ical_set_parse_error (error,
                               /* Translators: %u is a line number, U+%04X a character code such as U+0008 */
                               _("iCalendar line %u: a control character (U+%04X) in the text"),
                               number, (guint) c);
              return NULL;
            }
          if (c != ' ' && c != '\t')
            blank = FALSE;
        }

      if (line_len > 0 && (start[0] == ' ' || start[0] == '\t') && have_current && !after_blank)
        {
          /* A continuation: joins the line it folds, without its first
           * white space character. */
          g_string_append_len (buf, start + 1, line_len - 1);
          current.line_end = next;
          current.end = next;
        }
      else if (blank)
        {
          if (have_current)
            current.end = next;
          after_blank = TRUE;
        }
      else if (start[0] == ' ' || start[0] == '\t')
        {
          rapport_ical_set_parse_error (error,
                           /* Translators: %u is a line number */
                           _("iCalendar line %u: a folded line continues nothing"),
                           number);
          return NULL;
        }
      else
        {
          if (have_current && !ics_add_line (ics, &current, buf, &nesting, error))
            return NULL;
          g_string_truncate (buf, 0);
          g_string_append_len (buf, start, line_len);
          current.start = pos;
          current.line_end = next;
          current.end = next;
          current.number = number;
          have_current = TRUE;
          after_blank = FALSE;
        }

      pos = next;
    }

  if (have_current && !ics_add_line (ics, &current, buf, &nesting, error))
    return NULL;

  if (nesting.calendars == 0)
    {
      rapport_ical_set_parse_error (error, _("iCalendar: the text holds no calendar object (no BEGIN:VCALENDAR line)"));
      return NULL;
    }

  if (open->len > 0)
    {
      const char *name = g_ptr_array_index (open, open->len - 1);

      rapport_ical_set_parse_error (error,
                       /* Translators: both %s are the same component name, such as VTODO */
                       _("iCalendar: the text ends inside %s (END:%s is missing)"),
                       name, name);
      return NULL;
    }

  return g_steal_pointer (&ics);
}

/* Finds a COMPONENT-PARSE-ERROR that libical left in @comp or below. */
static const char *
find_component_error (icalcomponent *comp)
{
  icalproperty *p;
  icalcomponent *child;

  for (p = icalcomponent_get_first_property (comp, ICAL_XLICERROR_PROPERTY);
       p != NULL;
       p = icalcomponent_get_next_property (comp, ICAL_XLICERROR_PROPERTY))
    {
      icalparameter *type = icalproperty_get_first_parameter (p, ICAL_XLICERRORTYPE_PARAMETER);

      if (type != NULL &&
          icalparameter_get_xlicerrortype (type) == ICAL_XLICERRORTYPE_COMPONENTPARSEERROR)
        {
          const char *text = icalproperty_get_xlicerror (p);

          return text != NULL ? text : "";
        }
    }

  for (child = icalcomponent_get_first_component (comp, ICAL_ANY_COMPONENT);
       child != NULL;
       child = icalcomponent_get_next_component (comp, ICAL_ANY_COMPONENT))
    {
      const char *found = find_component_error (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  const char *pos;
  const char *end;
} LineSource;

/* What icalparser_parse_string() reads with, without its cost: libical
 * asks for 79 octets at a time, and its own generator looks for the end
 * of the line from the same place at each call, to the end of a long
 * line (a 4 MiB unfolded value took 10 s of strchr). This one looks no
 * further than the octets it hands out. The scanner has refused NUL and
 * lone CR, which libical's also reads as line ends. */
static char *
ics_line_generator (char   *out,
                    size_t  size,
                    void   *data)
{
  LineSource *source = data;
  const char *eol;
  gsize n;

  if (source->pos >= source->end || size < 2)
    return NULL;

  n = MIN ((gsize) (source->end - source->pos), size - 1);
  eol = memchr (source->pos, '\n', n);
  if (eol != NULL)
    n = eol - source->pos + 1;

  memcpy (out, source->pos, n);
  out[n] = '\0';
  source->pos += n;

  return out;
}

static icalcomponent *
ics_parse_with_libical (Ics *ics)
{
  LineSource source = { ics->text + ics->bom, ics->text + ics->length };
  icalerrorstate state = icalerror_get_error_state (ICAL_MALFORMEDDATA_ERROR);
  icalparser *parser = icalparser_new ();
  icalcomponent *root;

  icalparser_set_gen_data (parser, &source);
  icalerror_set_error_state (ICAL_MALFORMEDDATA_ERROR, ICAL_ERROR_NONFATAL);
  root = icalparser_parse (parser, ics_line_generator);
  icalerror_set_error_state (ICAL_MALFORMEDDATA_ERROR, state);
  icalparser_free (parser);

  return root;
}

/* Scans, then parses with libical. */
Ics *
rapport_ics_read (const char  *data,
          gssize       length,
          GError     **error)
{
  g_autoptr(Ics) ics = NULL;
  const char *problem;

  rapport_ical_init ();

  ics = ics_scan (data, length, error);
  if (ics == NULL)
    return NULL;

  icalerror_clear_errno ();
  ics->root = ics_parse_with_libical (ics);
  icalerror_clear_errno ();

  if (ics->root == NULL || icalcomponent_isa (ics->root) != ICAL_VCALENDAR_COMPONENT)
    {
      rapport_ical_set_parse_error (error, _("iCalendar: libical cannot read the calendar object"));
      return NULL;
    }

  problem = find_component_error (ics->root);
  if (problem != NULL)
    {
      g_autofree char *shown = rapport_ical_snippet (problem);

      rapport_ical_set_parse_error (error,
                       /* Translators: %s is libical's (English) description of the problem */
                       _("iCalendar: the calendar object is malformed: %s"), shown);
      return NULL;
    }

  return g_steal_pointer (&ics);
}

/* The master component of @kind (the first without RECURRENCE-ID), and
 * its position among the root's components of that kind. */
icalcomponent *
rapport_ics_find_master (icalcomponent      *root,
                         icalcomponent_kind  kind,
                         guint              *index)
{
  guint i = 0;

  for (icalcomponent *c = icalcomponent_get_first_component (root, kind);
       c != NULL;
       c = icalcomponent_get_next_component (root, kind), i++)
    {
      if (icalcomponent_get_first_property (c, ICAL_RECURRENCEID_PROPERTY) == NULL)
        {
          *index = i;
          return c;
        }
    }

  return NULL;
}

/* The lines [first, last] of the @index-th component @kind directly in
 * the VCALENDAR. */
gboolean
rapport_ics_find_block (Ics                *ics,
                        icalcomponent_kind  kind,
                        guint               index,
                        guint              *first,
                        guint              *last)
{
  const char *name = icalcomponent_kind_to_string (kind);
  guint seen = 0;

  for (guint i = 0; i < ics->lines->len; i++)
    {
      const ContentLine *line = &g_array_index (ics->lines, ContentLine, i);

      if (line->kind != LINE_BEGIN || line->depth != 1 || g_strcmp0 (line->component, name) != 0)
        continue;

      if (seen++ < index)
        continue;

      for (guint j = i + 1; j < ics->lines->len; j++)
        {
          const ContentLine *end = &g_array_index (ics->lines, ContentLine, j);

          if (end->kind == LINE_END && end->depth == 1)
            {
              *first = i;
              *last = j;
              return TRUE;
            }
        }
      return FALSE;
    }

  return FALSE;
}

guint
rapport_ics_count_blocks (Ics                *ics,
                          icalcomponent_kind  kind)
{
  const char *name = icalcomponent_kind_to_string (kind);
  guint n = 0;

  for (guint i = 0; i < ics->lines->len; i++)
    {
      const ContentLine *line = &g_array_index (ics->lines, ContentLine, i);

      if (line->kind == LINE_BEGIN && line->depth == 1 && g_strcmp0 (line->component, name) == 0)
        n++;
    }

  return n;
}
