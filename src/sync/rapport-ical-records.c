/* rapport-ical-records.c
 *
 * Two views of the same text. libical reads the values; a line scanner
 * of our own checks the structure first (so libical only ever sees
 * well-nested BEGIN/END blocks of NAME:value lines) and knows where
 * every content line starts and ends, which is what an update needs to
 * replace some lines and copy all the others byte for byte.
 *
 * An update compares the record with what the remote copy says, field
 * group by field group (a group is the properties one field is written
 * to: DUE; STATUS, COMPLETED and PERCENT-COMPLETE...). Only the lines of
 * a group that differs are dropped, and the group's new lines, as libical
 * writes them from a component built for the record, go where the first
 * of them was (else just before the first sub-component or the END).
 *
 * The scanner is stricter than libical where libical's reading is not
 * stable: a control character other than HTAB (a bare CR included), or a
 * folded line after a blank line, is an error rather than something
 * libical reads one way and writes another. Dates after the year 3000
 * are refused too: libical writes them as 00000000. So is a line of more
 * than MAX_PARAMS parameters: libical's reading of them is quadratic.
 * The fuzz target (tests/fuzz/fuzz-ical.c) holds the update to
 * "unchanged gives the same bytes, changed reads back as changed" on any
 * text the readers accept.
 */

#define G_LOG_DOMAIN "rapport-ical-records"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libical/ical.h>

#include "rapport-error.h"
#include "rapport-ical-private.h"
#include "rapport-ical-records.h"
#include "rapport-recurrence.h"
#include "rapport-text.h"
#include "rapport-time.h"
#include "rapport-types.h"
#include "rapport-validate.h"

#define SNIPPET_CHARS  40
#define MAX_YEAR       3000   /* libical writes later dates as 00000000 */
#define MAX_HANDLE_TIME (30 * 24 * 3600)
#define URN_UUID       "urn:uuid:"
#define RENEWAL        "Renewal"

#define X_CUSTOMER_UID        "X-RAPPORT-CUSTOMER-UID"
#define X_SNOOZED_UNTIL       "X-RAPPORT-SNOOZED-UNTIL"


/* The properties one field (or a few that go together) is written to. */
typedef enum
{
  OWN_ALL,
  OWN_URN_CONTACT,        /* only CONTACT;ALTREP="urn:uuid:..." */
  OWN_CHANNEL_CATEGORIES, /* only the channel keys among the items of CATEGORIES */
} Ownership;

typedef struct
{
  const char *names[5];
  Ownership   own;
} GroupSpec;


G_DEFINE_AUTOPTR_CLEANUP_FUNC (icalcomponent, icalcomponent_free)

/* Setup */

void
rapport_ical_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      /* Errors travel in icalerrno and X-LIC-ERROR properties; never abort. */
      icalerror_set_errors_are_fatal (0);
      g_once_init_leave (&done, 1);
    }
}

/* Small helpers */

static gboolean
is_empty (const char *s)
{
  return s == NULL || *s == '\0';
}

static gboolean
str_equal0 (const char *a,
            const char *b)
{
  return g_strcmp0 (is_empty (a) ? NULL : a, is_empty (b) ? NULL : b) == 0;
}

/* The record's @local text is the server's @remote, or what the store
 * kept of it when it was over the limit of @kind: not a change, so the
 * server keeps its whole value. */
static gboolean
text_kept (const char      *remote,
           const char      *local,
           RapportTextKind  kind)
{
  return str_equal0 (remote, local) || rapport_text_is_cut_of (local, remote, kind);
}

static void
set_str (char       **field,
         const char  *value)
{
  char *copy = is_empty (value) ? NULL : g_strdup (value);

  g_free (*field);
  *field = copy;
}

/* The first @SNIPPET_CHARS characters of @text (valid UTF-8), for messages. */
char *
rapport_ical_snippet (const char *text)
{
  if (g_utf8_strlen (text, SNIPPET_CHARS + 1) <= SNIPPET_CHARS)
    return g_strdup (text);

  {
    g_autofree char *head = g_utf8_substring (text, 0, SNIPPET_CHARS);

    return g_strconcat (head, "…", NULL);
  }
}

static const char *
strip_urn (const char *uid)
{
  if (uid != NULL && g_ascii_strncasecmp (uid, URN_UUID, strlen (URN_UUID)) == 0)
    return uid + strlen (URN_UUID);
  return uid;
}

static char *
to_urn (const char *uid)
{
  return g_strconcat (URN_UUID, strip_urn (uid), NULL);
}

static char *
take_ical_string (char *s)
{
  char *ret = g_strdup (s != NULL ? s : "");

  icalmemory_free_buffer (s);
  return ret;
}

static gboolean
zone_is_valid (const char *name)
{
  return !is_empty (name) && rapport_validate_time_zone (name, "TZID", NULL);
}

static gboolean
zone_is_utc (const char *name)
{
  return g_strcmp0 (name, "UTC") == 0 || g_strcmp0 (name, "Etc/UTC") == 0 ||
         g_strcmp0 (name, "Etc/GMT") == 0 || g_strcmp0 (name, "GMT") == 0 ||
         g_strcmp0 (name, "Etc/Zulu") == 0 || g_strcmp0 (name, "Zulu") == 0;
}

/* The user's zone by its IANA name, "UTC" when it has none. */
static char *
local_zone_name (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  const char *id = g_time_zone_get_identifier (tz);

  return g_strdup (zone_is_valid (id) ? id : "UTC");
}

/* Errors */

void
rapport_ical_set_parse_error (GError     **error,
                              const char  *format,
                              ...)
{
  va_list args;

  /* The first error is the one to tell. */
  if (error == NULL || *error != NULL)
    return;

  va_start (args, format);
  *error = g_error_new_valist (RAPPORT_ERROR, RAPPORT_ERROR_PARSE, format, args);
  va_end (args);
}

/* Reading values */

static const char *
prop_text (icalproperty *p)
{
  icalvalue *v;
  icalvalue_kind kind;

  if (p == NULL)
    return NULL;

  v = icalproperty_get_value (p);
  if (v == NULL)
    return NULL;

  kind = icalvalue_isa (v);
  if (kind == ICAL_TEXT_VALUE)
    return icalvalue_get_text (v);
  if (kind == ICAL_X_VALUE)
    return icalvalue_get_x (v);

  return icalproperty_get_value_as_string (p);
}

static icalproperty *
find_x (icalcomponent *comp,
        const char    *name)
{
  for (icalproperty *p = icalcomponent_get_first_property (comp, ICAL_X_PROPERTY);
       p != NULL;
       p = icalcomponent_get_next_property (comp, ICAL_X_PROPERTY))
    {
      const char *x_name = icalproperty_get_x_name (p);

      if (x_name != NULL && g_ascii_strcasecmp (x_name, name) == 0)
        return p;
    }

  return NULL;
}

static const char *
x_text (icalcomponent *comp,
        const char    *name)
{
  return prop_text (find_x (comp, name));
}

static const char *
first_text (icalcomponent     *comp,
            icalproperty_kind  kind)
{
  return prop_text (icalcomponent_get_first_property (comp, kind));
}

static gboolean
spec_has_name (const GroupSpec *specs,
               guint            n_specs,
               const char      *name)
{
  for (guint g = 0; g < n_specs; g++)
    for (guint n = 0; specs[g].names[n] != NULL; n++)
      if (strcmp (specs[g].names[n], name) == 0)
        return TRUE;

  return FALSE;
}

/* Owned properties that are in the text but that libical dropped (it
 * could not read their value) are errors that name them. */
static gboolean
check_dropped (Ics              *ics,
               guint             first,
               guint             last,
               icalcomponent    *comp,
               const GroupSpec  *specs,
               guint             n_specs,
               GError          **error)
{
  g_autoptr(GHashTable) in_text = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) in_tree = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = first + 1; i < last; i++)
    {
      const ContentLine *line = &g_array_index (ics->lines, ContentLine, i);

      if (line->kind == LINE_PROPERTY && line->depth == 2 && spec_has_name (specs, n_specs, line->name))
        g_hash_table_insert (in_text, line->name,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (in_text, line->name)) + 1));
    }

  if (g_hash_table_size (in_text) == 0)
    return TRUE;

  for (icalproperty *p = icalcomponent_get_first_property (comp, ICAL_ANY_PROPERTY);
       p != NULL;
       p = icalcomponent_get_next_property (comp, ICAL_ANY_PROPERTY))
    {
      const char *name = icalproperty_get_property_name (p);
      char *upper;

      if (name == NULL)
        continue;
      upper = g_ascii_strup (name, -1);
      g_hash_table_insert (in_tree, upper,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (in_tree, upper)) + 1));
    }

  for (guint i = first + 1; i < last; i++)
    {
      const ContentLine *line = &g_array_index (ics->lines, ContentLine, i);
      guint text_count, tree_count;

      if (line->kind != LINE_PROPERTY || line->depth != 2)
        continue;

      text_count = GPOINTER_TO_UINT (g_hash_table_lookup (in_text, line->name));
      tree_count = GPOINTER_TO_UINT (g_hash_table_lookup (in_tree, line->name));
      if (text_count > tree_count)
        {
          g_autofree char *shown = rapport_ical_snippet (line->text + line->value);

          rapport_ical_set_parse_error (error,
                           /* Translators: %u is a line number, the first %s a property name such as DUE, the second its value */
                           _("iCalendar line %u: the value of %s cannot be read: “%s”"),
                           line->number, line->name, shown);
          return FALSE;
        }
    }

  return TRUE;
}

/* An IANA zone name for @tzid: the name itself, the name after a vendor
 * prefix ("/mozilla.org/20050126_1/Europe/Berlin",
 * "/freeassociation.sourceforge.net/Tzfile/Europe/Berlin"), or the
 * X-LIC-LOCATION of the VTIMEZONE that defines it. NULL when none. */
static char *
resolve_tzid (const char    *tzid,
              icalcomponent *root)
{
  if (is_empty (tzid))
    return NULL;

  if (zone_is_valid (tzid))
    return g_strdup (tzid);

  for (const char *p = strchr (tzid, '/'); p != NULL; p = strchr (p + 1, '/'))
    if (zone_is_valid (p + 1))
      return g_strdup (p + 1);

  for (icalcomponent *vtz = icalcomponent_get_first_component (root, ICAL_VTIMEZONE_COMPONENT);
       vtz != NULL;
       vtz = icalcomponent_get_next_component (root, ICAL_VTIMEZONE_COMPONENT))
    {
      const char *id = first_text (vtz, ICAL_TZID_PROPERTY);
      const char *location = x_text (vtz, "X-LIC-LOCATION");

      if (g_strcmp0 (id, tzid) == 0 && zone_is_valid (location))
        return g_strdup (location);
    }

  return NULL;
}

/* Whether @t can be written again: in UTC, between the years 1 and
 * MAX_YEAR (a day of margin either side for any zone's wall clock). */
static gboolean
instant_writable (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return dt != NULL && g_date_time_get_year (dt) <= MAX_YEAR &&
         (g_date_time_get_year (dt) > 1 || g_date_time_get_day_of_year (dt) > 1) &&
         (g_date_time_get_year (dt) < MAX_YEAR || g_date_time_get_day_of_year (dt) < 365);
}

static gboolean
icaltime_fields_valid (const struct icaltimetype *t)
{
  if (t->year < 1 || t->year > MAX_YEAR || t->month < 1 || t->month > 12 || t->day < 1 ||
      t->day > g_date_get_days_in_month (t->month, t->year))
    return FALSE;

  if (t->is_date)
    return TRUE;

  return t->hour >= 0 && t->hour <= 23 && t->minute >= 0 && t->minute <= 59 &&
         t->second >= 0 && t->second <= 60;
}

/* The instant a DATE or DATE-TIME property names. A UTC time is read as
 * such; a TZID resolves to an IANA zone (returned in @zone_out); a
 * floating time or a DATE (midnight) is on the wall clock of
 * @default_zone. */
static gboolean
prop_to_unix (icalproperty  *prop,
              icalcomponent *root,
              const char    *default_zone,
              gint64        *out,
              char         **zone_out,
              GError       **error)
{
  const char *name = icalproperty_get_property_name (prop);
  icalvalue *value = icalproperty_get_value (prop);
  icalparameter *tzid_param;
  struct icaltimetype t;
  g_autofree char *zone = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (value == NULL ||
      (icalvalue_isa (value) != ICAL_DATETIME_VALUE && icalvalue_isa (value) != ICAL_DATE_VALUE))
    {
      rapport_ical_set_parse_error (error,
                       /* Translators: %s is a property name such as DUE */
                       _("iCalendar: %s is not a date or a date-time"), name != NULL ? name : "?");
      return FALSE;
    }

  t = icalvalue_get_datetime (value);
  if (icaltime_is_null_time (t) || !icaltime_fields_valid (&t))
    {
      rapport_ical_set_parse_error (error,
                       /* Translators: %s is a property name such as DUE */
                       _("iCalendar: %s is not a valid date"), name != NULL ? name : "?");
      return FALSE;
    }
  if (t.second == 60)
    t.second = 59;

  if (!t.is_date && icaltime_is_utc (t))
    {
      dt = g_date_time_new_utc (t.year, t.month, t.day, t.hour, t.minute, t.second);
      if (dt == NULL)
        {
          rapport_ical_set_parse_error (error, _("iCalendar: %s is not a valid date"), name != NULL ? name : "?");
          return FALSE;
        }
      *out = g_date_time_to_unix (dt);
      return TRUE;
    }

  tzid_param = icalproperty_get_first_parameter (prop, ICAL_TZID_PARAMETER);
  if (!t.is_date && tzid_param != NULL)
    zone = resolve_tzid (icalparameter_get_tzid (tzid_param), root);

  tz = rapport_time_zone_new (zone != NULL ? zone : default_zone);
  if (t.is_date)
    text = g_strdup_printf ("%04d-%02d-%02d", t.year, t.month, t.day);
  else
    text = g_strdup_printf ("%04d-%02d-%02d %02d:%02d:%02d",
                            t.year, t.month, t.day, t.hour, t.minute, t.second);

  dt = rapport_parse_date_time (text, tz, name != NULL ? name : "?", NULL);
  if (dt == NULL)
    {
      rapport_ical_set_parse_error (error, _("iCalendar: %s is not a valid date"), name != NULL ? name : "?");
      return FALSE;
    }

  *out = g_date_time_to_unix (dt);
  if (!instant_writable (*out))
    {
      rapport_ical_set_parse_error (error, _("iCalendar: %s is not a valid date"), name != NULL ? name : "?");
      return FALSE;
    }
  if (zone_out != NULL)
    *zone_out = g_steal_pointer (&zone);
  return TRUE;
}

/* An X- value that holds a UTC date-time ("20240301T090000Z"). */
static gboolean
text_to_unix (const char  *text,
              const char  *field,
              gint64      *out,
              GError     **error)
{
  struct icaltimetype t;
  g_autoptr(GDateTime) dt = NULL;

  icalerror_clear_errno ();
  t = icaltime_from_string (text);
  icalerror_clear_errno ();

  if (!icaltime_is_null_time (t) && !t.is_date && icaltime_fields_valid (&t))
    dt = g_date_time_new_utc (t.year, t.month, t.day, t.hour, t.minute, MIN (t.second, 59));

  if (dt == NULL)
    {
      g_autofree char *shown = rapport_ical_snippet (text);

      rapport_ical_set_parse_error (error,
                       /* Translators: the first %s is a property name, the second its value */
                       _("iCalendar: %s: “%s” is not a date-time (such as 20260301T090000Z)"),
                       field, shown);
      return FALSE;
    }

  *out = g_date_time_to_unix (dt);
  return TRUE;
}

/* "20250131" or "2025-01-31" as "2025-01-31". */
static gboolean
text_to_date (const char  *text,
              const char  *field,
              char       **out,
              GError     **error)
{
  char date[11];

  if (text != NULL && strlen (text) == 8)
    {
      g_autofree char *iso = g_strdup_printf ("%.4s-%.2s-%.2s", text, text + 4, text + 6);

      if (rapport_parse_date (iso, field, date, NULL))
        {
          *out = g_strdup (date);
          return TRUE;
        }
    }
  else if (text != NULL && strlen (text) == 10 && rapport_parse_date (text, field, date, NULL))
    {
      *out = g_strdup (date);
      return TRUE;
    }

  {
    g_autofree char *shown = rapport_ical_snippet (text != NULL ? text : "");

    rapport_ical_set_parse_error (error,
                     /* Translators: the first %s is a property name, the second its value */
                     _("iCalendar: %s: “%s” is not a date (such as 20260301)"),
                     field, shown);
  }
  return FALSE;
}

/* Whether every run of digits in @text has at most 9 of them. */
static gboolean
digit_runs_short (const char *text)
{
  guint run = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      run = g_ascii_isdigit (*p) ? run + 1 : 0;
      if (run > 9)
        return FALSE;
    }

  return TRUE;
}

static gint64
prop_utc (icalproperty *p)
{
  icalvalue *v = p != NULL ? icalproperty_get_value (p) : NULL;
  struct icaltimetype t;
  g_autoptr(GDateTime) dt = NULL;

  if (v == NULL || icalvalue_isa (v) != ICAL_DATETIME_VALUE)
    return 0;

  t = icalvalue_get_datetime (v);
  if (icaltime_is_null_time (t) || t.is_date || !icaltime_fields_valid (&t))
    return 0;

  dt = g_date_time_new_utc (t.year, t.month, t.day, t.hour, t.minute, MIN (t.second, 59));
  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

/* The customer: X-RAPPORT-CUSTOMER-UID, else the urn:uuid ALTREP of a
 * CONTACT; the name from that CONTACT. */
static void
read_customer (icalcomponent  *comp,
               char          **customer_uid,
               char          **customer_name)
{
  const char *uid = x_text (comp, X_CUSTOMER_UID);
  const char *name = NULL;

  for (icalproperty *p = icalcomponent_get_first_property (comp, ICAL_CONTACT_PROPERTY);
       p != NULL;
       p = icalcomponent_get_next_property (comp, ICAL_CONTACT_PROPERTY))
    {
      icalparameter *altrep = icalproperty_get_first_parameter (p, ICAL_ALTREP_PARAMETER);
      const char *uri = altrep != NULL ? icalparameter_get_altrep (altrep) : NULL;

      if (uri == NULL || g_ascii_strncasecmp (uri, URN_UUID, strlen (URN_UUID)) != 0)
        continue;
      if (is_empty (uid))
        uid = uri;
      if (g_ascii_strcasecmp (strip_urn (uri), strip_urn (uid)) == 0)
        {
          name = prop_text (p);
          break;
        }
    }

  if (customer_uid != NULL)
    {
      g_free (*customer_uid);
      *customer_uid = is_empty (strip_urn (uid)) ? NULL : g_strdup (strip_urn (uid));
    }
  if (customer_name != NULL)
    set_str (customer_name, name);
}

static gint64
read_modified (icalcomponent *comp)
{
  gint64 t = prop_utc (icalcomponent_get_first_property (comp, ICAL_LASTMODIFIED_PROPERTY));

  if (t == 0)
    t = prop_utc (icalcomponent_get_first_property (comp, ICAL_DTSTAMP_PROPERTY));
  return t;
}

static gboolean
channel_from_key (const char     *key,
                  RapportChannel *channel)
{
  int value;

  if (is_empty (key) || !rapport_enum_from_key (rapport_channel_info, key, "CATEGORIES", &value, NULL))
    return FALSE;
  *channel = value;
  return TRUE;
}

/* Writing values */

static struct icaltimetype
utc_time (gint64 unix_time)
{
  return icaltime_from_timet_with_zone ((time_t) unix_time, 0, icaltimezone_get_utc_timezone ());
}

static void
add_prop (icalcomponent *comp,
          icalproperty  *prop)
{
  icalcomponent_add_property (comp, prop);
}

static void
add_text (icalcomponent     *comp,
          icalproperty_kind  kind,
          const char        *text,
          const char        *language)
{
  icalproperty *p;

  if (is_empty (text))
    return;

  p = icalproperty_new (kind);
  icalproperty_set_value (p, icalvalue_new_text (text));
  if (!is_empty (language))
    icalproperty_add_parameter (p, icalparameter_new_language (language));
  add_prop (comp, p);
}

static icalproperty *
add_x (icalcomponent *comp,
       const char    *name,
       const char    *value)
{
  icalproperty *p;

  if (is_empty (value))
    return NULL;

  p = icalproperty_new_x (value);
  icalproperty_set_x_name (p, name);
  add_prop (comp, p);
  return p;
}

static void
add_stamps (icalcomponent *comp,
            gint64         created,
            gint64         modified)
{
  gint64 stamp = modified != 0 ? modified : created != 0 ? created : g_get_real_time () / G_USEC_PER_SEC;

  add_prop (comp, icalproperty_new_dtstamp (utc_time (stamp)));
  if (created != 0)
    add_prop (comp, icalproperty_new_created (utc_time (created)));
  if (modified != 0)
    add_prop (comp, icalproperty_new_lastmodified (utc_time (modified)));
}

static void
add_customer (icalcomponent *comp,
              const char    *customer_uid,
              const char    *customer_name)
{
  g_autofree char *urn = NULL;
  icalproperty *contact;

  if (is_empty (strip_urn (customer_uid)))
    return;

  urn = to_urn (customer_uid);
  add_x (comp, X_CUSTOMER_UID, urn);

  if (is_empty (customer_name))
    return;

  contact = icalproperty_new_contact (customer_name);
  icalproperty_add_parameter (contact, icalparameter_new_altrep (urn));
  add_prop (comp, contact);
}

static icalcomponent *
new_calendar (void)
{
  icalcomponent *cal = icalcomponent_new_vcalendar ();

  add_prop (cal, icalproperty_new_version ("2.0"));
  add_prop (cal, icalproperty_new_prodid (RAPPORT_ICAL_PRODID));
  return cal;
}

static char *
calendar_to_string (icalcomponent *cal)
{
  return take_ical_string (icalcomponent_as_ical_string_r (cal));
}

/* The zone a follow-up's DUE is written in: its own when libical has
 * a VTIMEZONE for it, else NULL (DUE goes in UTC). */
static const char *
follow_up_write_zone (const RapportFollowUp *fu)
{
  if (!zone_is_valid (fu->time_zone) || zone_is_utc (fu->time_zone))
    return NULL;
  if (icaltimezone_get_builtin_timezone (fu->time_zone) == NULL)
    return NULL;
  return fu->time_zone;
}

/* A VTIMEZONE for @zone, named by its bare IANA name, with the
 * observances from a year before @from on. */
static icalcomponent *
vtimezone_for (const char *zone,
               gint64      from)
{
  icaltimezone *tz = icaltimezone_get_builtin_timezone (zone);
  icalcomponent *builtin = tz != NULL ? icaltimezone_get_component (tz) : NULL;
  icalcomponent *vtz;
  icalproperty *tzid;

  if (builtin == NULL)
    return NULL;

  vtz = icalcomponent_new_clone (builtin);
  tzid = icalcomponent_get_first_property (vtz, ICAL_TZID_PROPERTY);
  if (tzid != NULL)
    icalproperty_set_tzid (tzid, zone);
  else
    add_prop (vtz, icalproperty_new_tzid (zone));

  if (instant_writable (from - 366 * 24 * 3600))
    icaltimezone_truncate_vtimezone (vtz, utc_time (from - 366 * 24 * 3600), icaltime_null_time (), 0);
  return vtz;
}

/* DUE (or DTSTART) at @when, in @zone (NULL: UTC). */
static icalproperty *
new_time_prop (icalproperty_kind   kind,
               gint64              when,
               const char         *zone,
               GError            **error)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  struct icaltimetype t = icaltime_null_time ();
  icalproperty *p;

  if (utc == NULL || !instant_writable (when))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: %s is a property name such as DUE */
                   _("%s: the date is out of range"), icalproperty_kind_to_string (kind));
      return NULL;
    }

  if (zone == NULL)
    {
      t = utc_time (when);
      p = icalproperty_new (kind);
      icalproperty_set_value (p, icalvalue_new_datetime (t));
      return p;
    }

  tz = rapport_time_zone_new (zone);
  local = g_date_time_to_timezone (utc, tz);
  t.year = g_date_time_get_year (local);
  t.month = g_date_time_get_month (local);
  t.day = g_date_time_get_day_of_month (local);
  t.hour = g_date_time_get_hour (local);
  t.minute = g_date_time_get_minute (local);
  t.second = g_date_time_get_second (local);
  t.is_date = 0;

  /* The second 02:30 of a night when clocks go back reads as the first:
   * such an instant goes in UTC. */
  {
    g_autofree char *text = g_strdup_printf ("%04d-%02d-%02d %02d:%02d:%02d",
                                             t.year, t.month, t.day, t.hour, t.minute, t.second);
    g_autoptr(GDateTime) back = rapport_parse_date_time (text, tz, "DUE", NULL);

    if (back == NULL || g_date_time_to_unix (back) != when)
      return new_time_prop (kind, when, NULL, error);
  }

  p = icalproperty_new (kind);
  icalproperty_set_value (p, icalvalue_new_datetime (t));
  icalproperty_add_parameter (p, icalparameter_new_tzid (zone));
  return p;
}

static gint64
follow_up_completed_time (const RapportFollowUp *fu)
{
  return fu->completed_at != 0 ? fu->completed_at : fu->modified;
}

static int
clamp_priority (int priority)
{
  return CLAMP (priority, 0, 9);
}

/* Follow-ups */

static const GroupSpec follow_up_groups[] = {
  { { "UID" }, OWN_ALL },
  { { "SUMMARY" }, OWN_ALL },
  { { "DESCRIPTION" }, OWN_ALL },
  { { "DUE" }, OWN_ALL },
  { { "RRULE", "DTSTART" }, OWN_ALL },
  { { "STATUS", "COMPLETED", "PERCENT-COMPLETE" }, OWN_ALL },
  { { "PRIORITY" }, OWN_ALL },
  { { X_CUSTOMER_UID, "CONTACT" }, OWN_URN_CONTACT },
  { { X_SNOOZED_UNTIL, X_MOZ_SNOOZE_TIME }, OWN_ALL },
};

enum
{
  FU_UID,
  FU_SUMMARY,
  FU_DESCRIPTION,
  FU_DUE,
  FU_RRULE,
  FU_STATUS,
  FU_PRIORITY,
  FU_CUSTOMER,
  FU_SNOOZE,
  N_FU_GROUPS
};

static icalcomponent *
follow_up_component (const RapportFollowUp  *fu,
                     const char             *customer_uid,
                     gboolean                with_alarm,
                     GError                **error)
{
  g_autoptr(icalcomponent) todo = icalcomponent_new_vtodo ();
  const char *zone = follow_up_write_zone (fu);
  icalproperty *due;

  add_prop (todo, icalproperty_new_uid (fu->uid));
  add_stamps (todo, fu->created, fu->modified);
  add_text (todo, ICAL_SUMMARY_PROPERTY, fu->title, NULL);
  add_text (todo, ICAL_DESCRIPTION_PROPERTY, fu->notes, NULL);

  due = new_time_prop (ICAL_DUE_PROPERTY, fu->due, zone, error);
  if (due == NULL)
    return NULL;
  add_prop (todo, due);

  if (!is_empty (fu->rrule))
    {
      g_autofree char *rule = rapport_recurrence_canonical (fu->rrule, "RRULE", error);
      struct icalrecurrencetype recur;
      icalproperty *start;

      if (rule == NULL)
        return NULL;

      icalerror_clear_errno ();
      recur = icalrecurrencetype_from_string (rule);
      icalerror_clear_errno ();
      start = new_time_prop (ICAL_DTSTART_PROPERTY, fu->due, zone, error);
      if (start == NULL)
        return NULL;
      add_prop (todo, start);
      add_prop (todo, icalproperty_new_rrule (recur));
    }

  switch (fu->state)
    {
    case RAPPORT_FOLLOW_UP_DONE:
      add_prop (todo, icalproperty_new_status (ICAL_STATUS_COMPLETED));
      if (follow_up_completed_time (fu) != 0)
        add_prop (todo, icalproperty_new_completed (utc_time (follow_up_completed_time (fu))));
      add_prop (todo, icalproperty_new_percentcomplete (100));
      break;
    case RAPPORT_FOLLOW_UP_CANCELLED:
      add_prop (todo, icalproperty_new_status (ICAL_STATUS_CANCELLED));
      break;
    case RAPPORT_FOLLOW_UP_OPEN:
    default:
      add_prop (todo, icalproperty_new_status (ICAL_STATUS_NEEDSACTION));
      break;
    }

  if (clamp_priority (fu->priority) != 0)
    add_prop (todo, icalproperty_new_priority (clamp_priority (fu->priority)));

  add_customer (todo, customer_uid, fu->customer_name);

  if (fu->snoozed_until != 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (fu->snoozed_until);
      g_autofree char *text = dt != NULL ? g_date_time_format (dt, "%Y%m%dT%H%M%SZ") : NULL;

      add_x (todo, X_SNOOZED_UNTIL, text);
      /* Thunderbird shows the snooze and rings then. */
      add_x (todo, X_MOZ_SNOOZE_TIME, text);
    }

  if (with_alarm && fu->state == RAPPORT_FOLLOW_UP_OPEN)
    {
      icalcomponent *alarm = icalcomponent_new_valarm ();
      struct icaltriggertype trigger;
      icalproperty *p;

      memset (&trigger, 0, sizeof trigger);
      trigger.time = icaltime_null_time ();
      trigger.duration = icaldurationtype_null_duration ();

      add_prop (alarm, icalproperty_new_action (ICAL_ACTION_DISPLAY));
      add_prop (alarm, icalproperty_new_description (!is_empty (fu->title) ? fu->title : _("Follow-up")));
      /* At DUE; snoozed past it, at the time the snooze ends, so that
       * apps that know no snooze ring then too. */
      if (fu->snoozed_until > fu->due && instant_writable (fu->snoozed_until))
        {
          trigger.time = utc_time (fu->snoozed_until);
          p = icalproperty_new_trigger (trigger);
          icalproperty_add_parameter (p, icalparameter_new_value (ICAL_VALUE_DATETIME));
        }
      else
        {
          p = icalproperty_new_trigger (trigger);
          icalproperty_add_parameter (p, icalparameter_new_related (ICAL_RELATED_END));
        }
      add_prop (alarm, p);
      icalcomponent_add_component (todo, alarm);
    }

  return g_steal_pointer (&todo);
}

static gboolean
follow_up_from_component (Ics              *ics,
                          icalcomponent    *todo,
                          RapportFollowUp  *fu,
                          char            **customer_uid,
                          GError          **error)
{
  const char *uid = first_text (todo, ICAL_UID_PROPERTY);
  icalproperty *due = icalcomponent_get_first_property (todo, ICAL_DUE_PROPERTY);
  icalproperty *start = icalcomponent_get_first_property (todo, ICAL_DTSTART_PROPERTY);
  icalproperty *status = icalcomponent_get_first_property (todo, ICAL_STATUS_PROPERTY);
  icalproperty *completed = icalcomponent_get_first_property (todo, ICAL_COMPLETED_PROPERTY);
  icalproperty *percent = icalcomponent_get_first_property (todo, ICAL_PERCENTCOMPLETE_PROPERTY);
  icalproperty *priority = icalcomponent_get_first_property (todo, ICAL_PRIORITY_PROPERTY);
  icalproperty *rrule = icalcomponent_get_first_property (todo, ICAL_RRULE_PROPERTY);
  const char *snoozed = x_text (todo, X_SNOOZED_UNTIL);
  const char *moz_snoozed = x_text (todo, X_MOZ_SNOOZE_TIME);
  g_autofree char *default_zone = NULL;
  g_autofree char *zone = NULL;
  g_autofree char *rule = NULL;
  gint64 when = 0;
  gint64 snooze = 0;

  if (is_empty (uid))
    {
      rapport_ical_set_parse_error (error, _("iCalendar: the VTODO has no UID"));
      return FALSE;
    }

  if (due == NULL)
    due = start;
  if (due == NULL)
    {
      rapport_ical_set_parse_error (error,
                       /* Translators: %s is the task's UID */
                       _("iCalendar: the VTODO “%s” has no DUE (a follow-up needs a date)"), uid);
      return FALSE;
    }

  default_zone = zone_is_valid (fu->time_zone) ? g_strdup (fu->time_zone) : local_zone_name ();
  if (!prop_to_unix (due, ics->root, default_zone, &when, &zone, error))
    return FALSE;

  if (rrule != NULL)
    {
      struct icalrecurrencetype recur = icalproperty_get_rrule (rrule);
      g_autofree char *text = take_ical_string (icalrecurrencetype_as_string_r (&recur));
      g_autoptr(GError) local_error = NULL;

      rule = rapport_recurrence_canonical (text, "RRULE", &local_error);
      if (rule == NULL)
        {
          rapport_ical_set_parse_error (error, "%s", local_error->message);
          return FALSE;
        }
    }

  if (!is_empty (snoozed) && !text_to_unix (snoozed, X_SNOOZED_UNTIL, &snooze, error))
    return FALSE;
  /* Snoozed in Thunderbird; a time it wrote that does not read is no
   * snooze, not an unreadable task. */
  if (is_empty (snoozed) && !is_empty (moz_snoozed) && !text_to_unix (moz_snoozed, X_MOZ_SNOOZE_TIME, &snooze, NULL))
    snooze = 0;

  set_str (&fu->uid, uid);
  set_str (&fu->title, first_text (todo, ICAL_SUMMARY_PROPERTY));
  set_str (&fu->notes, first_text (todo, ICAL_DESCRIPTION_PROPERTY));
  fu->due = when;
  set_str (&fu->time_zone, zone != NULL ? zone : default_zone);
  g_free (fu->rrule);
  fu->rrule = g_steal_pointer (&rule);
  fu->snoozed_until = snooze;

  fu->state = RAPPORT_FOLLOW_UP_OPEN;
  fu->completed_at = 0;
  if (status != NULL && icalproperty_get_status (status) == ICAL_STATUS_COMPLETED)
    fu->state = RAPPORT_FOLLOW_UP_DONE;
  else if (status != NULL && icalproperty_get_status (status) == ICAL_STATUS_CANCELLED)
    fu->state = RAPPORT_FOLLOW_UP_CANCELLED;
  else if (status == NULL &&
           (completed != NULL || (percent != NULL && icalproperty_get_percentcomplete (percent) >= 100)))
    fu->state = RAPPORT_FOLLOW_UP_DONE;
  if (fu->state == RAPPORT_FOLLOW_UP_DONE)
    fu->completed_at = prop_utc (completed);

  fu->priority = priority != NULL ? clamp_priority (icalproperty_get_priority (priority)) : 0;
  read_customer (todo, customer_uid, &fu->customer_name);

  if (prop_utc (icalcomponent_get_first_property (todo, ICAL_CREATED_PROPERTY)) != 0)
    fu->created = prop_utc (icalcomponent_get_first_property (todo, ICAL_CREATED_PROPERTY));
  if (read_modified (todo) != 0)
    fu->modified = read_modified (todo);

  return TRUE;
}

/* Notices */

static const GroupSpec notice_groups[] = {
  { { "UID" }, OWN_ALL },
  { { "SUMMARY" }, OWN_ALL },
  { { "DESCRIPTION" }, OWN_ALL },
  { { "DUE" }, OWN_ALL },
  { { "STATUS", "COMPLETED", X_NOTICE_STATE }, OWN_ALL },
  { { X_CHANNEL }, OWN_ALL },
  { { X_CONTRACT_UID, X_CONTRACT_PRODUCT, X_CONTRACT_END, X_CONTRACT_VALUE }, OWN_ALL },
  { { X_CONTRACT_CURRENCY }, OWN_ALL },
  { { X_CONTRACT_START, X_CONTRACT_AUTO_RENEW }, OWN_ALL },
  { { X_CUSTOMER_UID, "CONTACT" }, OWN_URN_CONTACT },
};

enum
{
  NO_UID,
  NO_SUMMARY,
  NO_DESCRIPTION,
  NO_DUE,
  NO_STATUS,
  NO_CHANNEL,
  NO_CONTRACT,
  NO_CURRENCY,
  NO_TERMS,
  NO_CUSTOMER,
  N_NO_GROUPS
};

static icalproperty_status
notice_status (RapportNoticeState state)
{
  switch (state)
    {
    case RAPPORT_NOTICE_PREPARED:
      return ICAL_STATUS_INPROCESS;
    case RAPPORT_NOTICE_SENT:
    case RAPPORT_NOTICE_RENEWED:
      return ICAL_STATUS_COMPLETED;
    case RAPPORT_NOTICE_LAPSED:
      return ICAL_STATUS_CANCELLED;
    case RAPPORT_NOTICE_DUE:
    default:
      return ICAL_STATUS_NEEDSACTION;
    }
}

static const char *
notice_product (const RapportNotice   *notice,
                const RapportContract *contract)
{
  return contract != NULL && !is_empty (contract->product) ? contract->product : notice->product;
}

static char *
notice_default_summary (const char *product)
{
  /* Translators: the summary of a renewal notice task in other calendar apps; %s is the product */
  return g_strdup_printf (_("Renewal: %s"), !is_empty (product) ? product : "");
}

static icalcomponent *
notice_component (const RapportNotice    *notice,
                  const RapportContract  *contract,
                  const char             *customer_uid,
                  GError                **error)
{
  g_autoptr(icalcomponent) todo = icalcomponent_new_vtodo ();
  g_autofree char *summary = NULL;
  struct icaltimetype date = icaltime_null_time ();
  char iso[11];

  if (is_empty (notice->due_date) || !rapport_parse_date (notice->due_date, "DUE", iso, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                     _("DUE: the renewal notice has no date"));
      return NULL;
    }

  add_prop (todo, icalproperty_new_uid (notice->uid));
  add_stamps (todo, notice->created, notice->modified);
  add_prop (todo, icalproperty_new_categories (RENEWAL));

  summary = !is_empty (notice->subject) ? g_strdup (notice->subject)
                                         : notice_default_summary (notice_product (notice, contract));
  add_text (todo, ICAL_SUMMARY_PROPERTY, summary, notice->language);
  add_text (todo, ICAL_DESCRIPTION_PROPERTY, notice->body, notice->language);

  date.year = g_ascii_strtoll (iso, NULL, 10);
  date.month = g_ascii_strtoll (iso + 5, NULL, 10);
  date.day = g_ascii_strtoll (iso + 8, NULL, 10);
  date.is_date = 1;
  if (date.year > MAX_YEAR)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: %s is a property name such as DUE */
                   _("%s: the date is out of range"), "DUE");
      return NULL;
    }
  add_prop (todo, icalproperty_new_due (date));

  add_prop (todo, icalproperty_new_status (notice_status (notice->state)));
  if (notice->sent_at != 0 && notice_status (notice->state) == ICAL_STATUS_COMPLETED)
    add_prop (todo, icalproperty_new_completed (utc_time (notice->sent_at)));
  add_x (todo, X_NOTICE_STATE, rapport_enum_to_key (rapport_notice_state_info, notice->state));

  if (notice->channel != RAPPORT_CHANNEL_NONE)
    add_x (todo, X_CHANNEL, rapport_enum_to_key (rapport_channel_info, notice->channel));

  if (contract != NULL)
    {
      add_x (todo, X_CONTRACT_UID, contract->uid);
      add_x (todo, X_CONTRACT_PRODUCT, contract->product);
      if (!is_empty (contract->end_date))
        {
          char end[11];

          if (rapport_parse_date (contract->end_date, X_CONTRACT_END, end, NULL))
            {
              g_autofree char *basic = g_strdup_printf ("%.4s%.2s%.2s", end, end + 5, end + 8);
              icalproperty *p = add_x (todo, X_CONTRACT_END, basic);

              icalproperty_set_parameter_from_string (p, "VALUE", "DATE");
            }
        }
      {
        g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, contract->value);

        add_x (todo, X_CONTRACT_VALUE, value);
      }
      add_x (todo, X_CONTRACT_CURRENCY, contract->currency);
      if (!is_empty (contract->start_date))
        {
          char start[11];

          if (rapport_parse_date (contract->start_date, X_CONTRACT_START, start, NULL))
            {
              g_autofree char *basic = g_strdup_printf ("%.4s%.2s%.2s", start, start + 5, start + 8);
              icalproperty *p = add_x (todo, X_CONTRACT_START, basic);

              icalproperty_set_parameter_from_string (p, "VALUE", "DATE");
            }
        }
      add_x (todo, X_CONTRACT_AUTO_RENEW, contract->auto_renew ? "TRUE" : "FALSE");
    }
  else
    add_x (todo, X_CONTRACT_PRODUCT, notice->product);

  add_customer (todo, customer_uid, notice->customer_name);
  return g_steal_pointer (&todo);
}

static gboolean
notice_from_component (icalcomponent    *todo,
                       RapportNotice    *notice,
                       RapportContract  *contract,
                       char            **customer_uid,
                       GError          **error)
{
  const char *uid = first_text (todo, ICAL_UID_PROPERTY);
  icalproperty *due = icalcomponent_get_first_property (todo, ICAL_DUE_PROPERTY);
  icalproperty *summary = icalcomponent_get_first_property (todo, ICAL_SUMMARY_PROPERTY);
  icalproperty *description = icalcomponent_get_first_property (todo, ICAL_DESCRIPTION_PROPERTY);
  icalproperty *status = icalcomponent_get_first_property (todo, ICAL_STATUS_PROPERTY);
  const char *state_key = x_text (todo, X_NOTICE_STATE);
  const char *channel_key = x_text (todo, X_CHANNEL);
  const char *product = x_text (todo, X_CONTRACT_PRODUCT);
  const char *end = x_text (todo, X_CONTRACT_END);
  const char *value = x_text (todo, X_CONTRACT_VALUE);
  const char *currency = x_text (todo, X_CONTRACT_CURRENCY);
  const char *start = x_text (todo, X_CONTRACT_START);
  const char *auto_renew = x_text (todo, X_CONTRACT_AUTO_RENEW);
  g_autofree char *due_date = NULL;
  g_autofree char *end_date = NULL;
  g_autofree char *start_date = NULL;
  g_autofree char *default_summary = NULL;
  icalparameter *language = NULL;
  const char *subject;
  int state = RAPPORT_NOTICE_DUE;
  RapportChannel channel = RAPPORT_CHANNEL_NONE;
  gint64 amount = 0;

  if (is_empty (uid))
    {
      rapport_ical_set_parse_error (error, _("iCalendar: the VTODO has no UID"));
      return FALSE;
    }

  if (due == NULL)
    {
      rapport_ical_set_parse_error (error,
                       /* Translators: %s is the task's UID */
                       _("iCalendar: the renewal VTODO “%s” has no DUE"), uid);
      return FALSE;
    }
  else
    {
      icalvalue *v = icalproperty_get_value (due);
      struct icaltimetype t = v != NULL ? icalvalue_get_datetime (v) : icaltime_null_time ();

      if (icaltime_is_null_time (t) || !icaltime_fields_valid (&t))
        {
          rapport_ical_set_parse_error (error, _("iCalendar: %s is not a valid date"), "DUE");
          return FALSE;
        }
      due_date = g_strdup_printf ("%04d-%02d-%02d", t.year, t.month, t.day);
    }

  if (!is_empty (end) && !text_to_date (end, X_CONTRACT_END, &end_date, error))
    return FALSE;
  if (!is_empty (start) && !text_to_date (start, X_CONTRACT_START, &start_date, error))
    return FALSE;

  if (!is_empty (value))
    {
      g_autoptr(GError) local_error = NULL;

      if (!g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &amount, &local_error))
        {
          g_autofree char *shown = rapport_ical_snippet (value);

          rapport_ical_set_parse_error (error,
                           /* Translators: the first %s is a property name, the second its value */
                           _("iCalendar: %s: “%s” is not a whole number (the amount in minor units)"),
                           X_CONTRACT_VALUE, shown);
          return FALSE;
        }
    }

  /* STATUS as another app may have set it wins over our exact state,
   * unless both say the same. */
  if (!is_empty (state_key))
    rapport_enum_from_key (rapport_notice_state_info, state_key, X_NOTICE_STATE, &state, NULL);
  if (status != NULL && icalproperty_get_status (status) != notice_status (state))
    {
      icalproperty_status s = icalproperty_get_status (status);

      if (s == ICAL_STATUS_INPROCESS)
        state = RAPPORT_NOTICE_PREPARED;
      else if (s == ICAL_STATUS_COMPLETED)
        state = RAPPORT_NOTICE_SENT;
      else if (s == ICAL_STATUS_CANCELLED)
        state = RAPPORT_NOTICE_LAPSED;
      else
        state = RAPPORT_NOTICE_DUE;
    }

  if (!is_empty (channel_key))
    channel_from_key (channel_key, &channel);

  /* An empty LANGUAGE= says nothing: the description's, if any, counts,
   * as it does for the update, which writes no empty one. */
  if (summary != NULL)
    language = icalproperty_get_first_parameter (summary, ICAL_LANGUAGE_PARAMETER);
  if (language != NULL && is_empty (icalparameter_get_language (language)))
    language = NULL;
  if (language == NULL && description != NULL)
    language = icalproperty_get_first_parameter (description, ICAL_LANGUAGE_PARAMETER);

  subject = prop_text (summary);
  default_summary = notice_default_summary (product);
  if (g_strcmp0 (subject, default_summary) == 0)
    subject = NULL;

  set_str (&notice->uid, uid);
  set_str (&notice->due_date, due_date);
  set_str (&notice->subject, subject);
  set_str (&notice->body, prop_text (description));
  set_str (&notice->language, language != NULL ? icalparameter_get_language (language) : NULL);
  notice->channel = channel;
  notice->state = state;
  notice->sent_at = notice_status (state) == ICAL_STATUS_COMPLETED
                    ? prop_utc (icalcomponent_get_first_property (todo, ICAL_COMPLETED_PROPERTY)) : 0;
  set_str (&notice->product, product);
  if (prop_utc (icalcomponent_get_first_property (todo, ICAL_CREATED_PROPERTY)) != 0)
    notice->created = prop_utc (icalcomponent_get_first_property (todo, ICAL_CREATED_PROPERTY));
  if (read_modified (todo) != 0)
    notice->modified = read_modified (todo);
  read_customer (todo, customer_uid, &notice->customer_name);

  if (contract != NULL)
    {
      set_str (&contract->uid, x_text (todo, X_CONTRACT_UID));
      set_str (&contract->product, product);
      set_str (&contract->end_date, end_date);
      contract->value = amount;
      set_str (&contract->currency, currency);
      set_str (&contract->start_date, start_date);
      contract->auto_renew = auto_renew != NULL && g_ascii_strcasecmp (auto_renew, "TRUE") == 0;
    }

  return TRUE;
}

/* Interactions */

static const GroupSpec interaction_groups[] = {
  { { "UID" }, OWN_ALL },
  { { "DTSTART", "COMPLETED" }, OWN_ALL },
  { { "SUMMARY" }, OWN_ALL },
  { { "DESCRIPTION" }, OWN_ALL },
  { { "CATEGORIES" }, OWN_CHANNEL_CATEGORIES },
  { { X_DIRECTION }, OWN_ALL },
  { { X_ACTION_REQUESTED }, OWN_ALL },
  { { X_ACTION_PROMISED }, OWN_ALL },
  { { X_RECORDED_BY }, OWN_ALL },
  { { X_HANDLE_TIME }, OWN_ALL },
  { { X_OUTCOME }, OWN_ALL },
  { { X_CONTACT_NAME }, OWN_ALL },
  { { X_CONTACT_POINT }, OWN_ALL },
  { { X_CUSTOMER_UID, "CONTACT" }, OWN_URN_CONTACT },
};

enum
{
  IN_UID,
  IN_WHEN,
  IN_SUMMARY,
  IN_DESCRIPTION,
  IN_CHANNEL,
  IN_DIRECTION,
  IN_REQUESTED,
  IN_PROMISED,
  IN_RECORDED_BY,
  IN_HANDLE_TIME,
  IN_OUTCOME,
  IN_CONTACT_NAME,
  IN_CONTACT_POINT,
  IN_CUSTOMER,
  N_IN_GROUPS
};

/* The zone a history entry's DTSTART is written in: the user's, when it
 * is not UTC and libical has a VTIMEZONE for it, so that another app
 * shows the contact at the local time it happened; else NULL (UTC). */
static char *
interaction_write_zone (void)
{
  g_autofree char *zone = local_zone_name ();

  if (zone_is_utc (zone) || icaltimezone_get_builtin_timezone (zone) == NULL)
    return NULL;
  return g_steal_pointer (&zone);
}

/* @zone: DTSTART's, NULL for UTC. */
static icalcomponent *
interaction_component (const RapportInteraction    *in,
                       const char                  *customer_uid,
                       const char                  *customer_name,
                       RapportIcalInteractionForm   form,
                       const char                  *zone,
                       GError                     **error)
{
  g_autoptr(icalcomponent) comp = NULL;
  icalproperty *start;

  comp = form == RAPPORT_ICAL_INTERACTION_TODO ? icalcomponent_new_vtodo () : icalcomponent_new_vjournal ();

  add_prop (comp, icalproperty_new_uid (in->uid));
  add_stamps (comp, in->created, in->modified);

  start = new_time_prop (ICAL_DTSTART_PROPERTY, in->when, zone, error);
  if (start == NULL)
    return NULL;
  add_prop (comp, start);

  if (form == RAPPORT_ICAL_INTERACTION_TODO)
    {
      add_prop (comp, icalproperty_new_status (ICAL_STATUS_COMPLETED));
      add_prop (comp, icalproperty_new_completed (utc_time (in->when)));
    }

  add_text (comp, ICAL_SUMMARY_PROPERTY, in->subject, NULL);
  add_text (comp, ICAL_DESCRIPTION_PROPERTY, in->body, NULL);
  if (in->channel != RAPPORT_CHANNEL_NONE)
    add_prop (comp, icalproperty_new_categories (rapport_enum_to_key (rapport_channel_info, in->channel)));
  add_x (comp, X_DIRECTION, rapport_enum_to_key (rapport_direction_info, in->direction));
  add_x (comp, X_ACTION_REQUESTED, in->action_requested);
  add_x (comp, X_ACTION_PROMISED, in->action_promised);
  add_x (comp, X_RECORDED_BY, in->recorded_by);
  if (in->handle_time > 0)
    {
      struct icaldurationtype d = icaldurationtype_from_int ((int) MIN (in->handle_time, G_MAXINT));
      g_autofree char *text = take_ical_string (icaldurationtype_as_ical_string_r (d));

      add_x (comp, X_HANDLE_TIME, text);
    }
  add_x (comp, X_OUTCOME, in->outcome);
  add_x (comp, X_CONTACT_NAME, in->contact_name);
  add_x (comp, X_CONTACT_POINT, in->contact_point);
  add_customer (comp, customer_uid, customer_name);

  return g_steal_pointer (&comp);
}

static gboolean
interaction_from_component (Ics                  *ics,
                            icalcomponent        *comp,
                            RapportInteraction   *in,
                            char                **customer_uid,
                            char                **customer_name,
                            GError              **error)
{
  const char *uid = first_text (comp, ICAL_UID_PROPERTY);
  icalproperty *start = icalcomponent_get_first_property (comp, ICAL_DTSTART_PROPERTY);
  const char *direction_key = x_text (comp, X_DIRECTION);
  const char *handle = x_text (comp, X_HANDLE_TIME);
  g_autofree char *zone = local_zone_name ();
  RapportChannel channel = RAPPORT_CHANNEL_NONE;
  int direction = RAPPORT_DIRECTION_INBOUND;
  gint64 when = 0;
  gint64 handle_time = 0;

  if (is_empty (uid))
    {
      rapport_ical_set_parse_error (error,
                       /* Translators: %s is a component name, VJOURNAL or VTODO */
                       _("iCalendar: the %s has no UID"),
                       icalcomponent_kind_to_string (icalcomponent_isa (comp)));
      return FALSE;
    }

  if (start == NULL)
    start = icalcomponent_get_first_property (comp, ICAL_COMPLETED_PROPERTY);
  if (start == NULL)
    {
      rapport_ical_set_parse_error (error,
                       /* Translators: %s is the entry's UID */
                       _("iCalendar: the history entry “%s” has no DTSTART"), uid);
      return FALSE;
    }
  if (!prop_to_unix (start, ics->root, zone, &when, NULL, error))
    return FALSE;

  if (!is_empty (direction_key) &&
      !rapport_enum_from_key (rapport_direction_info, direction_key, X_DIRECTION, &direction, NULL))
    {
      g_autofree char *shown = rapport_ical_snippet (direction_key);

      rapport_ical_set_parse_error (error,
                       /* Translators: the first %s is a property name, the second its value */
                       _("iCalendar: %s: “%s” is neither inbound nor outbound"),
                       X_DIRECTION, shown);
      return FALSE;
    }

  if (!is_empty (handle))
    {
      struct icaldurationtype d;

      /* No number libical would overflow. */
      if (!digit_runs_short (handle))
        d = icaldurationtype_bad_duration ();
      else
        {
          icalerror_clear_errno ();
          d = icaldurationtype_from_string (handle);
          icalerror_clear_errno ();
        }
      if (!icaldurationtype_is_bad_duration (d) && !d.is_neg)
        handle_time = (gint64) d.weeks * 7 * 86400 + (gint64) d.days * 86400 +
                      (gint64) d.hours * 3600 + (gint64) d.minutes * 60 + (gint64) d.seconds;
      else if (!g_ascii_string_to_signed (handle, 10, 0, G_MAXINT64, &handle_time, NULL))
        handle_time = -1;

      /* Rapport's own limit (rapport_parse_duration()). */
      if (handle_time < 0 || handle_time > MAX_HANDLE_TIME)
        {
          g_autofree char *shown = rapport_ical_snippet (handle);

          rapport_ical_set_parse_error (error,
                           /* Translators: the first %s is a property name, the second its value */
                           _("iCalendar: %s: “%s” is not a duration of up to 30 days (such as PT5M30S)"),
                           X_HANDLE_TIME, shown);
          return FALSE;
        }
    }

  for (icalproperty *p = icalcomponent_get_first_property (comp, ICAL_CATEGORIES_PROPERTY);
       p != NULL;
       p = icalcomponent_get_next_property (comp, ICAL_CATEGORIES_PROPERTY))
    if (channel_from_key (prop_text (p), &channel))
      break;

  set_str (&in->uid, uid);
  in->when = when;
  in->channel = channel;
  in->direction = direction;
  set_str (&in->subject, first_text (comp, ICAL_SUMMARY_PROPERTY));
  set_str (&in->body, first_text (comp, ICAL_DESCRIPTION_PROPERTY));
  set_str (&in->action_requested, x_text (comp, X_ACTION_REQUESTED));
  set_str (&in->action_promised, x_text (comp, X_ACTION_PROMISED));
  set_str (&in->recorded_by, x_text (comp, X_RECORDED_BY));
  in->handle_time = handle_time;
  set_str (&in->outcome, x_text (comp, X_OUTCOME));
  set_str (&in->contact_name, x_text (comp, X_CONTACT_NAME));
  set_str (&in->contact_point, x_text (comp, X_CONTACT_POINT));
  if (prop_utc (icalcomponent_get_first_property (comp, ICAL_CREATED_PROPERTY)) != 0)
    in->created = prop_utc (icalcomponent_get_first_property (comp, ICAL_CREATED_PROPERTY));
  if (read_modified (comp) != 0)
    in->modified = read_modified (comp);
  read_customer (comp, customer_uid, customer_name);

  return TRUE;
}

/* Finding the record in a calendar object */

static gboolean
detect (Ics                *ics,
        RapportIcalRecord  *record,
        icalcomponent     **comp,
        guint              *index,
        GError            **error)
{
  icalcomponent *c;
  guint i = 0;

  c = rapport_ics_find_master (ics->root, ICAL_VJOURNAL_COMPONENT, &i);
  if (c != NULL)
    {
      *record = RAPPORT_ICAL_RECORD_INTERACTION;
      *comp = c;
      *index = i;
      return TRUE;
    }

  c = rapport_ics_find_master (ics->root, ICAL_VTODO_COMPONENT, &i);
  if (c == NULL)
    {
      rapport_ical_set_parse_error (error, _("iCalendar: the calendar object holds no VTODO or VJOURNAL"));
      return FALSE;
    }

  if (find_x (c, X_DIRECTION) != NULL)
    *record = RAPPORT_ICAL_RECORD_INTERACTION;
  else if (find_x (c, X_NOTICE_STATE) != NULL || find_x (c, X_CONTRACT_UID) != NULL)
    *record = RAPPORT_ICAL_RECORD_NOTICE;
  else
    *record = RAPPORT_ICAL_RECORD_FOLLOW_UP;
  *comp = c;
  *index = i;
  return TRUE;
}

static gboolean
find_record (Ics                *ics,
             RapportIcalRecord   wanted,
             icalcomponent     **comp,
             guint              *index,
             const GroupSpec    *specs,
             guint               n_specs,
             GError            **error)
{
  RapportIcalRecord found;
  guint first, last;

  if (!detect (ics, &found, comp, index, error))
    return FALSE;

  if (found != wanted)
    {
      static const char *names[] = {
        [RAPPORT_ICAL_RECORD_FOLLOW_UP] = N_("a follow-up"),
        [RAPPORT_ICAL_RECORD_NOTICE] = N_("a renewal notice"),
        [RAPPORT_ICAL_RECORD_INTERACTION] = N_("a history entry"),
      };

      rapport_ical_set_parse_error (error,
                       /* Translators: both %s are record kinds such as “a follow-up” */
                       _("iCalendar: the calendar object holds %s, not %s"),
                       _(names[found]), _(names[wanted]));
      return FALSE;
    }

  if (!rapport_ics_find_block (ics, icalcomponent_isa (*comp), *index, &first, &last))
    {
      rapport_ical_set_parse_error (error, _("iCalendar: libical cannot read the calendar object"));
      return FALSE;
    }

  return check_dropped (ics, first, last, *comp, specs, n_specs, error);
}

/* Updating a remote copy */

/* The TEXT escapes of RFC 5545 3.3.11 decoded, as libical decodes them
 * for the reader: the owner of a line and its reader must see the same
 * value, or an update keeps a line the reader still takes. */
static char *
text_unescape (const char *raw)
{
  GString *out = g_string_sized_new (strlen (raw));

  for (const char *c = raw; *c != '\0'; c++)
    {
      if (*c == '\\' && c[1] != '\0')
        {
          c++;
          g_string_append_c (out, *c == 'n' || *c == 'N' ? '\n' : *c);
        }
      else
        g_string_append_c (out, *c);
    }
  return g_string_free (out, FALSE);
}

/* The items of a raw CATEGORIES value, split on every comma that is not
 * escaped, still escaped. libical splits the same way (and gives a value
 * with an escaped comma whole, which then holds a comma and is no key). */
static GStrv
split_items (const char *raw)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  const char *start = raw;

  for (const char *c = raw;; c++)
    {
      if (*c == '\\' && c[1] != '\0')
        {
          c++;
          continue;
        }
      if (*c == ',' || *c == '\0')
        {
          g_ptr_array_add (items, g_strndup (start, c - start));
          if (*c == '\0')
            break;
          start = c + 1;
        }
    }
  g_ptr_array_add (items, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&items), FALSE);
}

static gboolean
item_is_channel (const char *raw_item)
{
  g_autofree char *item = text_unescape (raw_item);
  RapportChannel channel;

  return channel_from_key (item, &channel);
}

/* @line without its channel keys and empty items, folded, with its line
 * end; NULL when nothing else is left. The other items stay as they were
 * written. */
static char *
categories_without_channels (const ContentLine *line,
                             gboolean           lf_only)
{
  g_auto(GStrv) items = split_items (line->text + line->value);
  g_autoptr(GString) unfolded = g_string_new_len (line->text, line->value);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean any = FALSE;
  gsize width = 0;

  /* An empty item says nothing, and a line of none would not read. */
  for (guint i = 0; items[i] != NULL; i++)
    if (*items[i] != '\0' && !item_is_channel (items[i]))
      {
        if (any)
          g_string_append_c (unfolded, ',');
        g_string_append (unfolded, items[i]);
        any = TRUE;
      }
  if (!any)
    return NULL;

  /* RFC 5545 3.1: at most 75 octets a line, never inside a character. */
  for (const char *c = unfolded->str; *c != '\0'; c = g_utf8_next_char (c))
    {
      gsize size = g_utf8_next_char (c) - c;

      if (width + size > 75)
        {
          g_string_append (out, lf_only ? "\n " : "\r\n ");
          width = 1;
        }
      g_string_append_len (out, c, size);
      width += size;
    }
  g_string_append (out, lf_only ? "\n" : "\r\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
line_owned (const ContentLine *line,
            Ownership          own)
{
  switch (own)
    {
    case OWN_URN_CONTACT:
      if (strcmp (line->name, "CONTACT") != 0)
        return TRUE;
      {
        g_autofree char *params = g_ascii_strdown (line->text, line->value);

        return strstr (params, "altrep=\"" URN_UUID) != NULL;
      }

    case OWN_CHANNEL_CATEGORIES:
      {
        g_auto(GStrv) items = split_items (line->text + line->value);

        for (guint i = 0; items[i] != NULL; i++)
          if (item_is_channel (items[i]))
            return TRUE;
        return FALSE;
      }

    case OWN_ALL:
    default:
      return TRUE;
    }
}

static const GroupSpec *
line_group (const ContentLine *line,
            const GroupSpec   *specs,
            guint              n_specs,
            guint             *group)
{
  for (guint g = 0; g < n_specs; g++)
    for (guint n = 0; specs[g].names[n] != NULL; n++)
      if (strcmp (specs[g].names[n], line->name) == 0 && line_owned (line, specs[g].own))
        {
          *group = g;
          return &specs[g];
        }

  return NULL;
}

static void
append_crlf (GString    *out,
             const char *text,
             gboolean    lf_only)
{
  if (!lf_only)
    {
      g_string_append (out, text);
      return;
    }

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '\r')
      g_string_append_c (out, *p);
}

/* The lines of group @g as libical writes them from @fresh. */
static void
append_group (GString         *out,
              icalcomponent   *fresh,
              const GroupSpec *spec,
              gboolean         lf_only)
{
  for (icalproperty *p = icalcomponent_get_first_property (fresh, ICAL_ANY_PROPERTY);
       p != NULL;
       p = icalcomponent_get_next_property (fresh, ICAL_ANY_PROPERTY))
    {
      const char *name = icalproperty_get_property_name (p);

      if (name == NULL)
        continue;

      for (guint n = 0; spec->names[n] != NULL; n++)
        if (g_ascii_strcasecmp (spec->names[n], name) == 0)
          {
            g_autofree char *line = take_ical_string (icalproperty_as_ical_string_r (p));

            append_crlf (out, line, lf_only);
            break;
          }
    }
}

static const GroupSpec stamp_group = { { "DTSTAMP", "LAST-MODIFIED" }, OWN_ALL };
static const GroupSpec sequence_group = { { "SEQUENCE" }, OWN_ALL };

/* Replaces, in the @index-th @kind block of @ics, the lines of every
 * group marked in @changed by those of @fresh; DTSTAMP, LAST-MODIFIED
 * and SEQUENCE go along with any change. @prefix (a VTIMEZONE) goes
 * before the block. */
static char *
splice (Ics              *ics,
        icalcomponent    *target,
        guint             index,
        const GroupSpec  *specs,
        const gboolean   *changed,
        guint             n_specs,
        icalcomponent    *fresh,
        icalcomponent    *prefix,
        GError          **error)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GArray) all_specs = g_array_new (FALSE, FALSE, sizeof (GroupSpec));
  g_autoptr(GArray) all_changed = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autofree gboolean *emitted = NULL;
  gboolean any = FALSE;
  gboolean lf_only = strstr (ics->text, "\r\n") == NULL;
  gboolean inserted = FALSE;
  icalproperty *sequence;
  guint first, last;

  for (guint g = 0; g < n_specs; g++)
    any |= changed[g];
  if (!any)
    return g_strdup (ics->text);

  g_array_append_vals (all_specs, specs, n_specs);
  g_array_append_vals (all_changed, changed, n_specs);
  g_array_append_val (all_specs, stamp_group);
  g_array_append_val (all_changed, any);
  sequence = icalcomponent_get_first_property (target, ICAL_SEQUENCE_PROPERTY);
  if (sequence != NULL)
    {
      add_prop (fresh, icalproperty_new_sequence (icalproperty_get_sequence (sequence) + 1));
      g_array_append_val (all_specs, sequence_group);
      g_array_append_val (all_changed, any);
    }
  emitted = g_new0 (gboolean, all_specs->len);

  if (!rapport_ics_find_block (ics, icalcomponent_isa (target), index, &first, &last))
    {
      rapport_ical_set_parse_error (error, _("iCalendar: libical cannot read the calendar object"));
      return NULL;
    }

  /* The blocks must be the components libical read. */
  if (rapport_ics_count_blocks (ics, icalcomponent_isa (target)) !=
      (guint) icalcomponent_count_components (ics->root, icalcomponent_isa (target)))
    {
      rapport_ical_set_parse_error (error, _("iCalendar: libical cannot read the calendar object"));
      return NULL;
    }

  out = g_string_sized_new (ics->length + 1024);
  g_string_append_len (out, ics->text, g_array_index (ics->lines, ContentLine, first).start);

  if (prefix != NULL)
    {
      g_autofree char *text = take_ical_string (icalcomponent_as_ical_string_r (prefix));

      append_crlf (out, text, lf_only);
    }

  for (guint i = first; i <= last; i++)
    {
      const ContentLine *line = &g_array_index (ics->lines, ContentLine, i);
      gboolean at_insertion = i == last || (line->kind == LINE_BEGIN && line->depth == 2);
      const GroupSpec *spec;
      guint g = 0;

      if (at_insertion && !inserted)
        {
          for (guint k = 0; k < all_specs->len; k++)
            if (g_array_index (all_changed, gboolean, k) && !emitted[k])
              {
                append_group (out, fresh, &g_array_index (all_specs, GroupSpec, k), lf_only);
                emitted[k] = TRUE;
              }
          inserted = TRUE;
        }

      if (i != first && i != last && line->kind == LINE_PROPERTY && line->depth == 2 &&
          (spec = line_group (line, (const GroupSpec *) (gpointer) all_specs->data, all_specs->len, &g)) != NULL &&
          g_array_index (all_changed, gboolean, g))
        {
          if (!emitted[g])
            {
              append_group (out, fresh, spec, lf_only);
              emitted[g] = TRUE;
            }
          if (spec->own == OWN_CHANNEL_CATEGORIES)
            {
              g_autofree char *rest = categories_without_channels (line, lf_only);

              if (rest != NULL)
                g_string_append (out, rest);
            }
          /* Blank lines after a dropped line stay. */
          g_string_append_len (out, ics->text + line->line_end, line->end - line->line_end);
          continue;
        }

      g_string_append_len (out, ics->text + line->start, line->end - line->start);
    }

  g_string_append (out, ics->text + g_array_index (ics->lines, ContentLine, last).end);

  /* What we write must read. */
  {
    g_autoptr(Ics) check = rapport_ics_read (out->str, out->len, error);

    if (check == NULL)
      return NULL;
  }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Whether the calendar defines the zone @tzid. */
static gboolean
has_vtimezone (icalcomponent *root,
               const char    *tzid)
{
  for (icalcomponent *vtz = icalcomponent_get_first_component (root, ICAL_VTIMEZONE_COMPONENT);
       vtz != NULL;
       vtz = icalcomponent_get_next_component (root, ICAL_VTIMEZONE_COMPONENT))
    if (g_strcmp0 (first_text (vtz, ICAL_TZID_PROPERTY), tzid) == 0)
      return TRUE;

  return FALSE;
}

/* Public API */

char *
rapport_ical_from_follow_up (const RapportFollowUp  *follow_up,
                             const char             *customer_uid,
                             GError                **error)
{
  g_autoptr(icalcomponent) cal = NULL;
  icalcomponent *todo;
  const char *zone;

  g_return_val_if_fail (follow_up != NULL, NULL);
  g_return_val_if_fail (!is_empty (follow_up->uid), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rapport_ical_init ();

  todo = follow_up_component (follow_up, customer_uid, TRUE, error);
  if (todo == NULL)
    return NULL;

  cal = new_calendar ();
  zone = follow_up_write_zone (follow_up);
  if (zone != NULL)
    {
      icalcomponent *vtz = vtimezone_for (zone, follow_up->due);

      if (vtz != NULL)
        icalcomponent_add_component (cal, vtz);
    }
  icalcomponent_add_component (cal, todo);

  return calendar_to_string (cal);
}

char *
rapport_ical_from_notice (const RapportNotice    *notice,
                          const RapportContract  *contract,
                          const char             *customer_uid,
                          GError                **error)
{
  g_autoptr(icalcomponent) cal = NULL;
  icalcomponent *todo;

  g_return_val_if_fail (notice != NULL, NULL);
  g_return_val_if_fail (!is_empty (notice->uid), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rapport_ical_init ();

  todo = notice_component (notice, contract, customer_uid, error);
  if (todo == NULL)
    return NULL;

  cal = new_calendar ();
  icalcomponent_add_component (cal, todo);
  return calendar_to_string (cal);
}

char *
rapport_ical_from_interaction (const RapportInteraction    *interaction,
                               const char                  *customer_uid,
                               const char                  *customer_name,
                               RapportIcalInteractionForm   form,
                               GError                     **error)
{
  g_autoptr(icalcomponent) cal = NULL;
  g_autofree char *zone = NULL;
  icalcomponent *comp;

  g_return_val_if_fail (interaction != NULL, NULL);
  g_return_val_if_fail (!is_empty (interaction->uid), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rapport_ical_init ();

  zone = interaction_write_zone ();
  comp = interaction_component (interaction, customer_uid, customer_name, form, zone, error);
  if (comp == NULL)
    return NULL;

  cal = new_calendar ();
  if (zone != NULL)
    {
      icalcomponent *vtz = vtimezone_for (zone, interaction->when);

      if (vtz != NULL)
        icalcomponent_add_component (cal, vtz);
    }
  icalcomponent_add_component (cal, comp);
  return calendar_to_string (cal);
}

gboolean
rapport_ical_detect (const char         *ics,
                     gssize              length,
                     RapportIcalRecord  *record,
                     GError            **error)
{
  g_autoptr(Ics) parsed = NULL;
  icalcomponent *comp;
  guint index;

  g_return_val_if_fail (ics != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parsed = rapport_ics_read (ics, length, error);
  if (parsed == NULL)
    return FALSE;

  return detect (parsed, record, &comp, &index, error);
}

gboolean
rapport_ical_read_follow_up (const char       *ics,
                             gssize            length,
                             RapportFollowUp  *follow_up,
                             char            **customer_uid,
                             char            **remote_copy,
                             GError          **error)
{
  g_autoptr(Ics) parsed = NULL;
  g_autofree char *uid = NULL;
  icalcomponent *todo;
  guint index;

  g_return_val_if_fail (ics != NULL, FALSE);
  g_return_val_if_fail (follow_up != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parsed = rapport_ics_read (ics, length, error);
  if (parsed == NULL ||
      !find_record (parsed, RAPPORT_ICAL_RECORD_FOLLOW_UP, &todo, &index,
                    follow_up_groups, N_FU_GROUPS, error) ||
      !follow_up_from_component (parsed, todo, follow_up, &uid, error))
    return FALSE;

  if (customer_uid != NULL)
    *customer_uid = g_steal_pointer (&uid);
  if (remote_copy != NULL)
    *remote_copy = g_strdup (parsed->text);
  return TRUE;
}

/* "mailto:a@b.org" or "MAILTO:a@b.org?subject=x": the address. */
static void
add_mailto (GPtrArray  *emails,
            const char *uri)
{
  const char *address;
  const char *end;

  if (uri == NULL || g_ascii_strncasecmp (uri, "mailto:", 7) != 0)
    return;

  address = uri + 7;
  end = strchr (address, '?');
  if (end == NULL)
    end = address + strlen (address);
  if (end > address && memchr (address, '@', end - address) != NULL)
    {
      char *unescaped = g_uri_unescape_segment (address, end, NULL);

      /* %FF and %00 make no address to look up. */
      if (unescaped != NULL && g_utf8_validate (unescaped, -1, NULL) && strchr (unescaped, '@') != NULL)
        g_ptr_array_add (emails, unescaped);
      else
        g_free (unescaped);
    }
}

/* "Amara Okafor <amara@example.com>" or "amara@example.com": the address
 * a CONTACT's text gives, as clients other than Rapport write it. */
static void
add_contact_text (GPtrArray  *emails,
                  const char *text)
{
  const char *open;
  const char *close;

  if (text == NULL)
    return;

  if ((open = strrchr (text, '<')) != NULL && (close = strchr (open, '>')) != NULL && close > open + 1)
    {
      g_autofree char *inner = g_strndup (open + 1, close - open - 1);

      if (g_ascii_strncasecmp (inner, "mailto:", 7) == 0)
        add_mailto (emails, inner);
      else if (strchr (inner, '@') != NULL)
        g_ptr_array_add (emails, g_strstrip (g_steal_pointer (&inner)));
      return;
    }

  if (g_ascii_strncasecmp (text, "mailto:", 7) == 0)
    add_mailto (emails, text);
  else if (strchr (text, '@') != NULL && strchr (text, ' ') == NULL)
    g_ptr_array_add (emails, g_strdup (text));
}

GPtrArray *
rapport_ical_dup_follow_up_emails (const char *ics,
                                   gssize      length)
{
  g_autoptr(Ics) parsed = NULL;
  GPtrArray *emails = g_ptr_array_new_with_free_func (g_free);
  icalcomponent *todo;
  guint index;

  g_return_val_if_fail (ics != NULL, emails);

  parsed = rapport_ics_read (ics, length, NULL);
  if (parsed == NULL ||
      !find_record (parsed, RAPPORT_ICAL_RECORD_FOLLOW_UP, &todo, &index,
                    follow_up_groups, N_FU_GROUPS, NULL))
    return emails;

  for (icalproperty *p = icalcomponent_get_first_property (todo, ICAL_CONTACT_PROPERTY);
       p != NULL;
       p = icalcomponent_get_next_property (todo, ICAL_CONTACT_PROPERTY))
    {
      icalparameter *altrep = icalproperty_get_first_parameter (p, ICAL_ALTREP_PARAMETER);

      add_mailto (emails, altrep != NULL ? icalparameter_get_altrep (altrep) : NULL);
      add_contact_text (emails, prop_text (p));
    }

  for (icalproperty *p = icalcomponent_get_first_property (todo, ICAL_ATTENDEE_PROPERTY);
       p != NULL;
       p = icalcomponent_get_next_property (todo, ICAL_ATTENDEE_PROPERTY))
    {
      icalparameter *email = icalproperty_get_first_parameter (p, ICAL_EMAIL_PARAMETER);
      const char *address = email != NULL ? icalparameter_get_email (email) : NULL;

      add_mailto (emails, icalproperty_get_attendee (p));
      if (address != NULL && strchr (address, '@') != NULL)
        g_ptr_array_add (emails, g_strdup (address));
    }

  return emails;
}

gboolean
rapport_ical_read_notice (const char       *ics,
                          gssize            length,
                          RapportNotice    *notice,
                          RapportContract  *contract,
                          char            **customer_uid,
                          char            **remote_copy,
                          GError          **error)
{
  g_autoptr(Ics) parsed = NULL;
  g_autofree char *uid = NULL;
  icalcomponent *todo;
  guint index;

  g_return_val_if_fail (ics != NULL, FALSE);
  g_return_val_if_fail (notice != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parsed = rapport_ics_read (ics, length, error);
  if (parsed == NULL ||
      !find_record (parsed, RAPPORT_ICAL_RECORD_NOTICE, &todo, &index,
                    notice_groups, N_NO_GROUPS, error) ||
      !notice_from_component (todo, notice, contract, &uid, error))
    return FALSE;

  if (customer_uid != NULL)
    *customer_uid = g_steal_pointer (&uid);
  if (remote_copy != NULL)
    *remote_copy = g_strdup (parsed->text);
  return TRUE;
}

gboolean
rapport_ical_read_interaction (const char                  *ics,
                               gssize                       length,
                               RapportInteraction          *interaction,
                               RapportIcalInteractionForm  *form,
                               char                       **customer_uid,
                               char                       **remote_copy,
                               GError                     **error)
{
  g_autoptr(Ics) parsed = NULL;
  g_autofree char *uid = NULL;
  icalcomponent *comp;
  guint index;

  g_return_val_if_fail (ics != NULL, FALSE);
  g_return_val_if_fail (interaction != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parsed = rapport_ics_read (ics, length, error);
  if (parsed == NULL ||
      !find_record (parsed, RAPPORT_ICAL_RECORD_INTERACTION, &comp, &index,
                    interaction_groups, N_IN_GROUPS, error) ||
      !interaction_from_component (parsed, comp, interaction, &uid, NULL, error))
    return FALSE;

  if (form != NULL)
    *form = icalcomponent_isa (comp) == ICAL_VTODO_COMPONENT ? RAPPORT_ICAL_INTERACTION_TODO
                                                             : RAPPORT_ICAL_INTERACTION_JOURNAL;
  if (customer_uid != NULL)
    *customer_uid = g_steal_pointer (&uid);
  if (remote_copy != NULL)
    *remote_copy = g_strdup (parsed->text);
  return TRUE;
}

char *
rapport_ical_update_follow_up (const char             *remote_copy,
                               const RapportFollowUp  *follow_up,
                               const char             *customer_uid,
                               GError                **error)
{
  g_autoptr(Ics) ics = NULL;
  g_autoptr(RapportFollowUp) remote = rapport_follow_up_new ();
  g_autoptr(icalcomponent) fresh = NULL;
  g_autoptr(icalcomponent) vtz = NULL;
  g_autofree char *remote_customer = NULL;
  g_autofree char *effective_zone = NULL;
  gboolean changed[N_FU_GROUPS] = { FALSE };
  gboolean same_due;
  icalcomponent *todo;
  const char *zone;
  guint index;

  g_return_val_if_fail (remote_copy != NULL, NULL);
  g_return_val_if_fail (follow_up != NULL, NULL);
  g_return_val_if_fail (!is_empty (follow_up->uid), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ics = rapport_ics_read (remote_copy, -1, error);
  if (ics == NULL ||
      !find_record (ics, RAPPORT_ICAL_RECORD_FOLLOW_UP, &todo, &index,
                    follow_up_groups, N_FU_GROUPS, error))
    return NULL;

  remote->time_zone = g_strdup (follow_up->time_zone);
  if (!follow_up_from_component (ics, todo, remote, &remote_customer, error))
    return NULL;

  fresh = follow_up_component (follow_up, customer_uid, FALSE, error);
  if (fresh == NULL)
    return NULL;

  /* A follow-up without a usable zone reads back in the local one. */
  effective_zone = zone_is_valid (follow_up->time_zone) ? g_strdup (follow_up->time_zone) : local_zone_name ();
  same_due = remote->due == follow_up->due && str_equal0 (remote->time_zone, effective_zone);
  changed[FU_UID] = g_strcmp0 (remote->uid, follow_up->uid) != 0;
  changed[FU_SUMMARY] = !text_kept (remote->title, follow_up->title, RAPPORT_TEXT_SHORT);
  changed[FU_DESCRIPTION] = !text_kept (remote->notes, follow_up->notes, RAPPORT_TEXT_LONG);
  changed[FU_DUE] = !same_due;
  if (!is_empty (follow_up->rrule))
    {
      g_autofree char *rule = rapport_recurrence_canonical (follow_up->rrule, "RRULE", NULL);

      changed[FU_RRULE] = !str_equal0 (remote->rrule, rule) || !same_due;
    }
  else
    changed[FU_RRULE] = !is_empty (remote->rrule);
  changed[FU_STATUS] = remote->state != follow_up->state ||
                       (follow_up->state == RAPPORT_FOLLOW_UP_DONE && follow_up->completed_at != 0 &&
                        remote->completed_at != follow_up->completed_at);
  changed[FU_PRIORITY] = remote->priority != clamp_priority (follow_up->priority);
  changed[FU_CUSTOMER] = !str_equal0 (strip_urn (remote_customer), strip_urn (customer_uid)) ||
                         (follow_up->customer_name != NULL &&
                          !str_equal0 (remote->customer_name, follow_up->customer_name));
  changed[FU_SNOOZE] = remote->snoozed_until != follow_up->snoozed_until;

  zone = follow_up_write_zone (follow_up);
  if ((changed[FU_DUE] || changed[FU_RRULE]) && zone != NULL && !has_vtimezone (ics->root, zone))
    vtz = vtimezone_for (zone, follow_up->due);

  return splice (ics, todo, index, follow_up_groups, changed, N_FU_GROUPS, fresh, vtz, error);
}

char *
rapport_ical_update_notice (const char             *remote_copy,
                            const RapportNotice    *notice,
                            const RapportContract  *contract,
                            const char             *customer_uid,
                            GError                **error)
{
  g_autoptr(Ics) ics = NULL;
  g_autoptr(RapportNotice) remote = rapport_notice_new ();
  g_autoptr(RapportContract) remote_contract = rapport_contract_new ();
  g_autoptr(icalcomponent) fresh = NULL;
  g_autofree char *remote_customer = NULL;
  gboolean changed[N_NO_GROUPS] = { FALSE };
  icalcomponent *todo;
  guint index;
  char due[11] = "";

  g_return_val_if_fail (remote_copy != NULL, NULL);
  g_return_val_if_fail (notice != NULL, NULL);
  g_return_val_if_fail (!is_empty (notice->uid), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ics = rapport_ics_read (remote_copy, -1, error);
  if (ics == NULL ||
      !find_record (ics, RAPPORT_ICAL_RECORD_NOTICE, &todo, &index, notice_groups, N_NO_GROUPS, error) ||
      !notice_from_component (todo, remote, remote_contract, &remote_customer, error))
    return NULL;

  fresh = notice_component (notice, contract, customer_uid, error);
  if (fresh == NULL)
    return NULL;

  if (notice->due_date != NULL)
    rapport_parse_date (notice->due_date, "DUE", due, NULL);

  changed[NO_UID] = g_strcmp0 (remote->uid, notice->uid) != 0;
  changed[NO_SUMMARY] = !text_kept (remote->subject, notice->subject, RAPPORT_TEXT_SHORT) ||
                        !str_equal0 (remote->language, notice->language) ||
                        (is_empty (notice->subject) &&
                         !str_equal0 (remote->product, notice_product (notice, contract)));
  changed[NO_DESCRIPTION] = !text_kept (remote->body, notice->body, RAPPORT_TEXT_LONG) ||
                            (!is_empty (notice->body) && !str_equal0 (remote->language, notice->language));
  changed[NO_DUE] = g_strcmp0 (remote->due_date, due) != 0;
  changed[NO_STATUS] = remote->state != notice->state ||
                       (notice_status (notice->state) == ICAL_STATUS_COMPLETED && notice->sent_at != 0 &&
                        remote->sent_at != notice->sent_at);
  changed[NO_CHANNEL] = remote->channel != notice->channel;
  if (contract != NULL)
    {
      char end[11] = "";

      if (contract->end_date != NULL)
        rapport_parse_date (contract->end_date, X_CONTRACT_END, end, NULL);
      changed[NO_CONTRACT] = !str_equal0 (remote_contract->uid, contract->uid) ||
                             !text_kept (remote_contract->product, contract->product, RAPPORT_TEXT_SHORT) ||
                             !str_equal0 (remote_contract->end_date, end) ||
                             remote_contract->value != contract->value;
      changed[NO_CURRENCY] = !str_equal0 (remote_contract->currency, contract->currency);
      {
        char start[11] = "";

        if (contract->start_date != NULL)
          rapport_parse_date (contract->start_date, X_CONTRACT_START, start, NULL);
        changed[NO_TERMS] = !str_equal0 (remote_contract->start_date, start) ||
                            remote_contract->auto_renew != contract->auto_renew;
      }
    }
  changed[NO_CUSTOMER] = !str_equal0 (strip_urn (remote_customer), strip_urn (customer_uid)) ||
                         (notice->customer_name != NULL &&
                          !str_equal0 (remote->customer_name, notice->customer_name));

  return splice (ics, todo, index, notice_groups, changed, N_NO_GROUPS, fresh, NULL, error);
}

char *
rapport_ical_update_interaction (const char                *remote_copy,
                                 const RapportInteraction  *interaction,
                                 const char                *customer_uid,
                                 const char                *customer_name,
                                 GError                   **error)
{
  g_autoptr(Ics) ics = NULL;
  g_autoptr(RapportInteraction) remote = rapport_interaction_new ();
  g_autoptr(icalcomponent) fresh = NULL;
  g_autofree char *remote_customer = NULL;
  g_autofree char *remote_name = NULL;
  g_autofree char *zone = NULL;
  g_autoptr(icalcomponent) vtz = NULL;
  gboolean changed[N_IN_GROUPS] = { FALSE };
  RapportIcalInteractionForm form;
  icalcomponent *comp;
  guint index;

  g_return_val_if_fail (remote_copy != NULL, NULL);
  g_return_val_if_fail (interaction != NULL, NULL);
  g_return_val_if_fail (!is_empty (interaction->uid), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ics = rapport_ics_read (remote_copy, -1, error);
  if (ics == NULL ||
      !find_record (ics, RAPPORT_ICAL_RECORD_INTERACTION, &comp, &index,
                    interaction_groups, N_IN_GROUPS, error) ||
      !interaction_from_component (ics, comp, remote, &remote_customer, &remote_name, error))
    return NULL;

  form = icalcomponent_isa (comp) == ICAL_VTODO_COMPONENT ? RAPPORT_ICAL_INTERACTION_TODO
                                                          : RAPPORT_ICAL_INTERACTION_JOURNAL;
  /* A moved time stays in the form the entry had: in its zone, or in
   * UTC when it was written so. */
  {
    icalproperty *start = icalcomponent_get_first_property (comp, ICAL_DTSTART_PROPERTY);
    icalparameter *tzid = start != NULL ? icalproperty_get_first_parameter (start, ICAL_TZID_PARAMETER) : NULL;
    gint64 ignored;

    if (start != NULL && tzid != NULL)
      prop_to_unix (start, ics->root, NULL, &ignored, &zone, NULL);
    if (zone != NULL && (!zone_is_valid (zone) || zone_is_utc (zone) ||
                         icaltimezone_get_builtin_timezone (zone) == NULL))
      g_clear_pointer (&zone, g_free);
  }
  fresh = interaction_component (interaction, customer_uid, customer_name, form, zone, error);
  if (fresh == NULL)
    return NULL;

  changed[IN_UID] = g_strcmp0 (remote->uid, interaction->uid) != 0;
  changed[IN_WHEN] = remote->when != interaction->when;
  changed[IN_SUMMARY] = !text_kept (remote->subject, interaction->subject, RAPPORT_TEXT_SHORT);
  changed[IN_DESCRIPTION] = !text_kept (remote->body, interaction->body, RAPPORT_TEXT_LONG);
  changed[IN_CHANNEL] = remote->channel != interaction->channel;
  changed[IN_DIRECTION] = remote->direction != interaction->direction;
  changed[IN_REQUESTED] = !text_kept (remote->action_requested, interaction->action_requested, RAPPORT_TEXT_LONG);
  changed[IN_PROMISED] = !text_kept (remote->action_promised, interaction->action_promised, RAPPORT_TEXT_LONG);
  changed[IN_RECORDED_BY] = !text_kept (remote->recorded_by, interaction->recorded_by, RAPPORT_TEXT_SHORT);
  changed[IN_HANDLE_TIME] = remote->handle_time != MAX (interaction->handle_time, 0);
  changed[IN_OUTCOME] = !text_kept (remote->outcome, interaction->outcome, RAPPORT_TEXT_SHORT);
  changed[IN_CONTACT_NAME] = !text_kept (remote->contact_name, interaction->contact_name, RAPPORT_TEXT_SHORT);
  changed[IN_CONTACT_POINT] = !text_kept (remote->contact_point, interaction->contact_point, RAPPORT_TEXT_SHORT);
  changed[IN_CUSTOMER] = !str_equal0 (strip_urn (remote_customer), strip_urn (customer_uid)) ||
                         (customer_name != NULL && !str_equal0 (remote_name, customer_name));

  if (changed[IN_WHEN] && zone != NULL && !has_vtimezone (ics->root, zone))
    vtz = vtimezone_for (zone, interaction->when);

  return splice (ics, comp, index, interaction_groups, changed, N_IN_GROUPS, fresh, vtz, error);
}

/* The normalized hash */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
hash_skips_property (const char *name)
{
  return g_ascii_strcasecmp (name, "DTSTAMP") == 0 ||
         g_ascii_strcasecmp (name, "LAST-MODIFIED") == 0 ||
         g_ascii_strcasecmp (name, "CREATED") == 0 ||
         g_ascii_strcasecmp (name, "PRODID") == 0 ||
         g_ascii_strcasecmp (name, "SEQUENCE") == 0;
}

static char *
normalize_property (icalproperty *p)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  GString *out;

  {
    char *raw = icalproperty_get_property_name_r (p);

    name = g_ascii_strup (raw != NULL ? raw : "", -1);
    icalmemory_free_buffer (raw);
  }

  for (icalparameter *param = icalproperty_get_first_parameter (p, ICAL_ANY_PARAMETER);
       param != NULL;
       param = icalproperty_get_next_parameter (p, ICAL_ANY_PARAMETER))
    g_ptr_array_add (params, take_ical_string (icalparameter_as_ical_string_r (param)));
  g_ptr_array_sort (params, compare_strings);

  value = take_ical_string (icalproperty_get_value_as_string_r (p));

  out = g_string_new (name);
  for (guint i = 0; i < params->len; i++)
    {
      g_string_append_c (out, ';');
      g_string_append (out, g_ptr_array_index (params, i));
    }
  g_string_append_c (out, ':');
  g_string_append (out, value);
  return g_string_free (out, FALSE);
}

static char *
normalize_component (icalcomponent *comp,
                     guint          depth)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_free);
  icalcomponent_kind kind = icalcomponent_isa (comp);
  const char *name;
  GString *out;

  if (kind == ICAL_VTIMEZONE_COMPONENT || depth > MAX_DEPTH)
    return NULL;

  for (icalproperty *p = icalcomponent_get_first_property (comp, ICAL_ANY_PROPERTY);
       p != NULL;
       p = icalcomponent_get_next_property (comp, ICAL_ANY_PROPERTY))
    {
      const char *prop_name = icalproperty_get_property_name (p);

      if (prop_name == NULL || hash_skips_property (prop_name))
        continue;
      g_ptr_array_add (lines, normalize_property (p));
    }
  g_ptr_array_sort (lines, compare_strings);

  for (icalcomponent *child = icalcomponent_get_first_component (comp, ICAL_ANY_COMPONENT);
       child != NULL;
       child = icalcomponent_get_next_component (comp, ICAL_ANY_COMPONENT))
    {
      char *text = normalize_component (child, depth + 1);

      if (text != NULL)
        g_ptr_array_add (children, text);
    }
  g_ptr_array_sort (children, compare_strings);

  name = icalcomponent_kind_to_string (kind);
  out = g_string_new ("BEGIN:");
  g_string_append (out, name != NULL ? name : "X");
  g_string_append_c (out, '\n');
  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (out, g_ptr_array_index (lines, i));
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < children->len; i++)
    g_string_append (out, g_ptr_array_index (children, i));
  g_string_append_printf (out, "END:%s\n", name != NULL ? name : "X");

  return g_string_free (out, FALSE);
}

char *
rapport_ical_normalized_hash (const char *ics)
{
  g_autoptr(Ics) parsed = NULL;
  g_autofree char *normal = NULL;

  g_return_val_if_fail (ics != NULL, NULL);

  parsed = rapport_ics_read (ics, -1, NULL);
  if (parsed == NULL)
    return g_compute_checksum_for_string (G_CHECKSUM_SHA256, ics, -1);

  normal = normalize_component (parsed->root, 0);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, normal != NULL ? normal : "", -1);
}
